"use server";

import { revalidatePath } from "next/cache";
import { orgActionClient } from "@/lib/next/safe-action";
import { updateBookingSettingsSchema } from "@/lib/schemas/booking-settings";
import { updateBookingSettings } from "@/lib/services/organizations/update-booking-settings";

export const updateBookingSettingsAction = orgActionClient
  .inputSchema(updateBookingSettingsSchema)
  .action(async ({ parsedInput, ctx }) => {
    await updateBookingSettings({ tx: ctx.tx, actor: ctx.actor, input: parsedInput });
    revalidatePath("/settings");
    return { ok: true };
  });
