import { and, count, desc, eq, ilike, or, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/lib/db/client";
import { EMAIL_KINDS, EMAIL_STATUSES, emails, leads } from "@/lib/db/schema";
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

/** `%`, `_` and `\` in a search box mean themselves. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * One page of the organization's emails, newest first, with the lead's name; search matches the
 * address or the subject (RLS applies: a member sees their organization's emails only).
 */
export async function listEmails({ tx, actor, query }: { tx: Tx; actor: Actor; query: EmailListQuery }) {
  const where: SQL[] = [eq(emails.orgId, actor.orgId)];
  if (query.status) where.push(eq(emails.status, query.status));
  if (query.kind) where.push(eq(emails.kind, query.kind));
  if (query.leadId) where.push(eq(emails.leadId, query.leadId));
  if (query.q) {
    const pattern = containsPattern(query.q);
    const match = or(ilike(emails.toAddress, pattern), ilike(emails.subject, pattern));
    if (match) where.push(match);
  }
  const filter = and(...where);
  const [total] = await tx.select({ n: count() }).from(emails).where(filter);
  const totalCount = Number(total?.n ?? 0);
  const lastPage = Math.max(1, Math.ceil(totalCount / query.pageSize));
  const page = Math.min(query.page, lastPage);
  const rows = await tx
    .select({
      id: emails.id,
      kind: emails.kind,
      status: emails.status,
      reason: emails.reason,
      transport: emails.transport,
      toAddress: emails.toAddress,
      subject: emails.subject,
      leadId: emails.leadId,
      callId: emails.callId,
      firstName: leads.firstName,
      lastName: leads.lastName,
      company: leads.company,
      createdAt: emails.createdAt,
      sentAt: emails.sentAt,
    })
    .from(emails)
    // A lead can be deleted after its email was written; the email stays in the outbox.
    .leftJoin(leads, eq(leads.id, emails.leadId))
    .where(filter)
    .orderBy(desc(emails.createdAt), desc(emails.id))
    .limit(query.pageSize)
    .offset((page - 1) * query.pageSize);
  return { rows, page, total: totalCount, pageSize: query.pageSize };
}
export type EmailRow = Awaited<ReturnType<typeof listEmails>>["rows"][number];
