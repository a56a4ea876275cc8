import type { Database } from "@/lib/db/client";
import {
  findEmailByUnsubscribeToken,
  insertEmailSuppression,
  type UnsubscribeTarget,
} from "@/lib/db/queries/emails";
import { withService } from "@/lib/db/with-user";
import { AppError } from "@/lib/errors";

/*
 * The unsubscribe link every email carries (`/unsubscribe/<token>`, and RFC 8058 one-click POST
 * to `/api/unsubscribe/<token>`). The token is the capability: whoever holds it may take that
 * address off the organization's email list, without signing in, and learns only the masked
 * address and the organization's name.
 */

export type UnsubscribeView = {
  orgName: string;
  maskedAddress: string;
  /** Already on the organization's do-not-email list (for any reason). */
  unsubscribed: boolean;
};

// Tokens are random base64url; anything else cannot be one of ours and never reaches the database.
const TOKEN = /^[A-Za-z0-9_-]{16,128}$/;

/** "ada@example.com" -> "a**@example.com": enough to recognise, not enough to harvest. */
export function maskAddress(address: string): string {
  const at = address.lastIndexOf("@");
  if (at <= 0) return "***";
  const local = address.slice(0, at);
  const visible = local.length > 2 ? local.slice(0, 1) : "";
  return `${visible}${"*".repeat(Math.max(2, Math.min(local.length - visible.length, 6)))}${address.slice(at)}`;
}

async function emailOfToken(db: Database, token: string): Promise<UnsubscribeTarget | null> {
  if (!TOKEN.test(token)) return null;
  return (await withService((tx) => findEmailByUnsubscribeToken(tx, { token }), db)) ?? null;
}

function view(row: UnsubscribeTarget, unsubscribed: boolean): UnsubscribeView {
  return { orgName: row.orgName, maskedAddress: maskAddress(row.toAddress), unsubscribed };
}

/** What the unsubscribe page shows for a token; null when the token is not one of ours. */
export async function findUnsubscribe(db: Database, token: string): Promise<UnsubscribeView | null> {
  const row = await emailOfToken(db, token);
  return row ? view(row, row.suppressed) : null;
}

/**
 * Adds the token's address to its organization's do-not-email list (reason `unsubscribed`).
 * Idempotent: a second click, or an address already suppressed for a bounce, changes nothing.
 * Throws `not_found` for a token that is not ours.
 */
export async function unsubscribeByToken({
  db,
  token,
  now,
}: {
  db: Database;
  token: string;
  now: Date;
}): Promise<UnsubscribeView & { added: boolean }> {
  const row = await emailOfToken(db, token);
  if (!row) throw new AppError("not_found", "This unsubscribe link is not valid.");
  const inserted = await withService(
    (tx) =>
      insertEmailSuppression(tx, {
        orgId: row.orgId,
        email: row.toAddress,
        reason: "unsubscribed",
        emailId: row.id,
        createdAt: now,
      }),
    db,
  );
  return { ...view(row, true), added: inserted !== null };
}
