"use server";

import { revalidatePath } from "next/cache";
import { returnValidationErrors } from "next-safe-action";
import { isAppError } from "@/lib/errors";
import { orgActionClient } from "@/lib/next/safe-action";
import { addDoNotCallSchema, importDoNotCallSchema, removeDoNotCallSchema } from "@/lib/schemas/do-not-call";
import { addDoNotCall } from "@/lib/services/do-not-call/add-do-not-call";
import { displayPhone } from "@/lib/services/do-not-call/display-phone";
import { importDoNotCall } from "@/lib/services/do-not-call/import-do-not-call";
import { removeDoNotCall } from "@/lib/services/do-not-call/remove-do-not-call";

function revalidate() {
  revalidatePath("/leads/do-not-call");
  // Adding numbers changes lead statuses.
  revalidatePath("/leads");
}

export const addDoNotCallAction = orgActionClient
  .inputSchema(addDoNotCallSchema)
  .action(async ({ parsedInput, ctx }) => {
    try {
      const result = await addDoNotCall({ tx: ctx.tx, actor: ctx.actor, input: parsedInput });
      revalidate();
      return { ...result, display: displayPhone(result.phone) };
    } catch (error) {
      // An unusable number is a field error on the form, not a failed request.
      const phone = isAppError(error) ? error.details?.fields?.phone : undefined;
      if (phone) returnValidationErrors(addDoNotCallSchema, { phone: { _errors: [phone] } });
      throw error;
    }
  });

export const importDoNotCallAction = orgActionClient
  .inputSchema(importDoNotCallSchema)
  .action(async ({ parsedInput, ctx }) => {
    try {
      const result = await importDoNotCall({ tx: ctx.tx, actor: ctx.actor, input: parsedInput });
      revalidate();
      return result;
    } catch (error) {
      const csv = isAppError(error) ? error.details?.fields?.csv : undefined;
      if (csv) returnValidationErrors(importDoNotCallSchema, { csv: { _errors: [csv] } });
      throw error;
    }
  });

export const removeDoNotCallAction = orgActionClient
  .inputSchema(removeDoNotCallSchema)
  .action(async ({ parsedInput, ctx }) => {
    const result = await removeDoNotCall({ tx: ctx.tx, actor: ctx.actor, input: parsedInput });
    revalidate();
    return { ...result, display: displayPhone(result.phone) };
  });
