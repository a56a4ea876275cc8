import type { Tx } from "@/lib/db/client";
import { insertAuditEntry } from "@/lib/db/queries/audit-log";
import { upsertEmailTemplate } from "@/lib/db/queries/emails";
import { validateTemplate } from "@/lib/email/templates/validate";
import type { TemplateKind, TemplateSource } from "@/lib/email/types";
import { AppError } from "@/lib/errors";
import type { SaveEmailTemplateInput } from "@/lib/schemas/email-template";
import { type Actor, assertCanAdminister } from "../organizations/roles";

/**
 * Refuses a template that would not render for every lead, with the problems under their
 * fields (subject, body) for the editor. Shared by saving, previewing and the test send.
 */
export function assertValidTemplate(kind: TemplateKind, source: TemplateSource): void {
  const problems = validateTemplate(kind, source);
  if (problems.length === 0) return;
  const fields: Record<string, string> = {};
  for (const problem of problems) {
    fields[problem.field] = fields[problem.field]
      ? `${fields[problem.field]} ${problem.message}`
      : problem.message;
  }
  const first = problems[0]?.message ?? "The template has problems.";
  throw new AppError(
    "validation",
    problems.length > 1 ? `${first} (and ${problems.length - 1} more)` : first,
    {
      fields,
    },
  );
}

/**
 * Saves an organization's wording for one kind (admins only). Runs in the member's `withUser`
 * transaction, so RLS holds the same rule underneath. Nothing is written unless it validates.
 */
export async function saveEmailTemplate({
  tx,
  actor,
  input,
}: {
  tx: Tx;
  actor: Actor;
  input: SaveEmailTemplateInput;
}) {
  assertCanAdminister(actor);
  const source = { subject: input.subject.trim(), body: input.body.replace(/\s+$/, "") };
  assertValidTemplate(input.kind, source);
  const row = await upsertEmailTemplate(tx, {
    orgId: actor.orgId,
    kind: input.kind,
    ...source,
    enabled: input.enabled,
    updatedBy: actor.userId,
  });
  if (!row) throw new AppError("forbidden", "Only owners and admins can change email templates.");
  await insertAuditEntry(tx, {
    orgId: actor.orgId,
    actorId: actor.userId,
    action: "email_templates.save",
    targetType: "email_templates",
    targetId: input.kind,
    data: { enabled: input.enabled },
  });
  return row;
}
