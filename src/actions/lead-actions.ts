"use server";

import { revalidatePath } from "next/cache";
import { orgActionClient } from "@/lib/next/safe-action";
import {
  addLeadsToDoNotCallSchema,
  bulkLeadsSchema,
  countLeadsSchema,
  erasePersonSchema,
  eraseTrashedLeadsSchema,
  moveLeadsSchema,
  resetLeadsSchema,
  restoreLeadsSchema,
  updateLeadSchema,
} from "@/lib/schemas/lead";
import { addLeadsToDoNotCall } from "@/lib/services/leads/add-leads-to-do-not-call";
import { countMatchingLeads } from "@/lib/services/leads/count-matching-leads";
import { deleteLeads } from "@/lib/services/leads/delete-leads";
import { erasePerson, eraseTrashedLeads } from "@/lib/services/leads/erase-leads";
import { moveLeads } from "@/lib/services/leads/move-leads";
import { previewReset, resetLeads } from "@/lib/services/leads/reset-leads";
import { restoreLeads } from "@/lib/services/leads/restore-leads";
import { updateLead } from "@/lib/services/leads/update-lead";

function revalidateLeads() {
  revalidatePath("/leads", "layout");
  revalidatePath("/campaigns");
  revalidatePath("/settings/audit");
}

export const updateLeadAction = orgActionClient
  .inputSchema(updateLeadSchema)
  .action(async ({ parsedInput, ctx }) => {
    const lead = await updateLead({ tx: ctx.tx, actor: ctx.actor, input: parsedInput });
    revalidatePath(`/leads/${lead.id}`);
    return { id: lead.id };
  });

export const countMatchingLeadsAction = orgActionClient
  .inputSchema(countLeadsSchema)
  .action(async ({ parsedInput, ctx }) =>
    countMatchingLeads({ tx: ctx.tx, actor: ctx.actor, filter: parsedInput.filter }),
  );

export const deleteLeadsAction = orgActionClient
  .inputSchema(bulkLeadsSchema)
  .action(async ({ parsedInput, ctx }) => {
    const result = await deleteLeads({
      tx: ctx.tx,
      actor: ctx.actor,
      selection: parsedInput.selection,
      now: new Date(),
    });
    revalidateLeads();
    return result;
  });

export const restoreLeadsAction = orgActionClient
  .inputSchema(restoreLeadsSchema)
  .action(async ({ parsedInput, ctx }) => {
    const result = await restoreLeads({ tx: ctx.tx, actor: ctx.actor, input: parsedInput, now: new Date() });
    revalidateLeads();
    return result;
  });

export const eraseTrashedLeadsAction = orgActionClient
  .inputSchema(eraseTrashedLeadsSchema)
  .action(async ({ parsedInput, ctx }) => {
    const result = await eraseTrashedLeads({ tx: ctx.tx, actor: ctx.actor, input: parsedInput });
    revalidateLeads();
    return result;
  });

export const erasePersonAction = orgActionClient
  .inputSchema(erasePersonSchema)
  .action(async ({ parsedInput, ctx }) => {
    const result = await erasePerson({ tx: ctx.tx, actor: ctx.actor, input: parsedInput });
    revalidateLeads();
    return result;
  });

export const resetLeadsAction = orgActionClient
  .inputSchema(resetLeadsSchema)
  .action(async ({ parsedInput, ctx }) => {
    const result = await resetLeads({ tx: ctx.tx, actor: ctx.actor, ...parsedInput });
    revalidateLeads();
    return result;
  });

/** What a reset would do (booked, do-not-call, callback and in-call leads counted), before confirming. */
export const previewResetLeadsAction = orgActionClient
  .inputSchema(resetLeadsSchema)
  .action(async ({ parsedInput, ctx }) => previewReset({ tx: ctx.tx, actor: ctx.actor, input: parsedInput }));

export const moveLeadsAction = orgActionClient
  .inputSchema(moveLeadsSchema)
  .action(async ({ parsedInput, ctx }) => {
    const result = await moveLeads({ tx: ctx.tx, actor: ctx.actor, input: parsedInput });
    revalidateLeads();
    return result;
  });

export const addLeadsToDoNotCallAction = orgActionClient
  .inputSchema(addLeadsToDoNotCallSchema)
  .action(async ({ parsedInput, ctx }) => {
    const result = await addLeadsToDoNotCall({ tx: ctx.tx, actor: ctx.actor, input: parsedInput });
    revalidateLeads();
    return result;
  });
