import { sql } from "drizzle-orm";
import { rowsOf, type Tx } from "../client";

/** The local mailbox keeps the newest messages only. */
export const LOCAL_MAILBOX_SIZE = 200;

export type AccountEmail = {
  id: string;
  recipient: string;
  subject: string;
  html: string;
  text: string;
  createdAt: string;
};

type Row = { id: string; recipient: string; subject: string; html: string; text: string; created_at: string };

const toEmail = (r: Row): AccountEmail => ({
  id: r.id,
  recipient: r.recipient,
  subject: r.subject,
  html: r.html,
  text: r.text,
  createdAt: new Date(r.created_at).toISOString(),
});

/** Keeps one account email in the local mailbox (service role), dropping what falls off its end. */
export async function insertAccountEmail(
  tx: Tx,
  values: { recipient: string; subject: string; html: string; text: string },
): Promise<string> {
  const [row] = rowsOf<{ id: string }>(
    await tx.execute(sql`
      insert into private.account_emails (recipient, subject, html, text)
      values (${values.recipient}, ${values.subject}, ${values.html}, ${values.text})
      returning id`),
  );
  await tx.execute(sql`
    delete from private.account_emails where id in (
      select id from private.account_emails order by created_at desc, id desc offset ${LOCAL_MAILBOX_SIZE}
    )`);
  if (!row) throw new Error("insert into private.account_emails returned nothing");
  return row.id;
}

/** The local mailbox, newest first (service role). */
export async function listAccountEmails(tx: Tx, { limit }: { limit: number }): Promise<AccountEmail[]> {
  return rowsOf<Row>(
    await tx.execute(sql`
      select id, recipient, subject, html, text, created_at from private.account_emails
      order by created_at desc, id desc limit ${limit}`),
  ).map(toEmail);
}
