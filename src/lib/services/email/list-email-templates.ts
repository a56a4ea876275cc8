import type { Tx } from "@/lib/db/client";
import { listEmailTemplateRows } from "@/lib/db/queries/emails";
import { DEFAULT_TEMPLATES } from "@/lib/email/templates/defaults";
import type { TemplateKind } from "@/lib/email/types";
import { TEMPLATE_KINDS } from "@/lib/schemas/email-template";

export type EmailTemplateView = {
  kind: TemplateKind;
  subject: string;
  body: string;
  enabled: boolean;
  /** No row of the organization's: the shipped wording. */
  isDefault: boolean;
  updatedAt: Date | null;
};

/** The organization's wording for every kind: its own row, or the shipped default (enabled). */
export async function listEmailTemplates({
  tx,
  orgId,
}: {
  tx: Tx;
  orgId: string;
}): Promise<EmailTemplateView[]> {
  const rows = await listEmailTemplateRows(tx, { orgId });
  return TEMPLATE_KINDS.map((kind) => {
    const row = rows.find((r) => r.kind === kind);
    if (!row) return { kind, ...DEFAULT_TEMPLATES[kind], enabled: true, isDefault: true, updatedAt: null };
    return {
      kind,
      subject: row.subject,
      body: row.body,
      enabled: row.enabled,
      isDefault: false,
      updatedAt: row.updatedAt,
    };
  });
}
