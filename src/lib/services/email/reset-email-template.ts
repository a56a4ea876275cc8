import type { Tx } from "@/lib/db/client";
import { insertAuditEntry } from "@/lib/db/queries/audit-log";
import { deleteEmailTemplate } from "@/lib/db/queries/emails";
import { DEFAULT_TEMPLATES } from "@/lib/email/templates/defaults";
import type { TemplateKind } from "@/lib/email/types";
import { type Actor, assertCanAdminister } from "../organizations/roles";

/** Back to the shipped wording (admins only): the organization's row goes, and the default applies, enabled. */
export async function resetEmailTemplate({ tx, actor, kind }: { tx: Tx; actor: Actor; kind: TemplateKind }) {
  assertCanAdminister(actor);
  await deleteEmailTemplate(tx, { orgId: actor.orgId, kind });
  await insertAuditEntry(tx, {
    orgId: actor.orgId,
    actorId: actor.userId,
    action: "email_templates.reset",
    targetType: "email_templates",
    targetId: kind,
  });
  return { kind, ...DEFAULT_TEMPLATES[kind], enabled: true, isDefault: true };
}
