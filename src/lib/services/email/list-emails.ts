import { z } from "zod";
import type { Tx } from "@/lib/db/client";
import { countEmails, listEmailsPage } from "@/lib/db/queries/emails";
import { EMAIL_KINDS, EMAIL_STATUSES } from "@/lib/db/schema";
import { pageWithin } from "@/lib/schemas/list";
import type { Actor } from "../organizations/roles";

export const EMAIL_PAGE_SIZE = 25;

/** The outbox's URL parameters; a bad value falls back to "no filter" rather than an error page. */
export const emailListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).catch(1),
  status: z.enum(EMAIL_STATUSES).optional().catch(undefined),
  kind: z.enum(EMAIL_KINDS).optional().catch(undefined),
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .catch(undefined)
    .transform((v) => v || undefined),
  leadId: z.uuid().optional().catch(undefined),
  pageSize: z.coerce.number().int().min(1).max(100).catch(EMAIL_PAGE_SIZE),
});
export type EmailListQuery = z.infer<typeof emailListQuerySchema>;

/**
 * One page of the organization's emails, newest first, with the lead's name; search matches the
 * address or the subject (RLS applies: a member sees their organization's emails only). The count
 * stops at the cap (`capped`).
 */
export async function listEmails({ tx, actor, query }: { tx: Tx; actor: Actor; query: EmailListQuery }) {
  const { orgId } = actor;
  const filter = { status: query.status, kind: query.kind, leadId: query.leadId, q: query.q };
  const total = await countEmails(tx, { orgId, filter });
  const page = pageWithin(query.page, total, query.pageSize);
  const rows = await listEmailsPage(tx, {
    orgId,
    filter,
    limit: query.pageSize,
    offset: (page - 1) * query.pageSize,
  });
  return { rows, page, total: total.count, capped: total.capped, pageSize: query.pageSize };
}
export type EmailRow = Awaited<ReturnType<typeof listEmails>>["rows"][number];
