import { randomBytes, randomUUID } from "node:crypto";
import type { Database } from "@/lib/db/client";
import { hasRecentTestEmail, insertTestEmail, setTestEmailResult } from "@/lib/db/queries/emails";
import { getOrganization } from "@/lib/db/queries/organizations";
import { withService } from "@/lib/db/with-user";
import { renderEmail } from "@/lib/email/templates/render";
import { sampleVariables } from "@/lib/email/templates/variables";
import { AppError } from "@/lib/errors";
import { MailError, type Mailer, mailer, senderAddress } from "@/lib/integrations/mail";
import type { EmailTemplateSourceInput } from "@/lib/schemas/email-template";
import { type Actor, assertCanAdminister } from "../organizations/roles";
import { assertValidTemplate } from "./save-email-template";

/** One test send per person per this many seconds: enough to iterate, not enough to spam. */
export const TEST_SEND_INTERVAL_SECONDS = 10;

/**
 * Sends the template in the editor (saved or not) with sample data to the signed-in admin's own
 * address, and records it as a `test` email so it shows in the outbox too. In local mode the
 * outbox is the only place it lands. The row is written by the service role, as every email is.
 */
export async function sendTestEmail({
  actor,
  input,
  db,
  mail = mailer(),
}: {
  actor: Actor;
  input: EmailTemplateSourceInput;
  db?: Database;
  mail?: Mailer;
}): Promise<{ emailId: string; to: string; transport: Mailer["transport"] }> {
  assertCanAdminister(actor);
  assertValidTemplate(input.kind, input);

  const prepared = await withService(async (tx) => {
    const org = await getOrganization(tx, { orgId: actor.orgId });
    if (!org) throw new AppError("not_found", "Your organization was not found.");
    const recent = await hasRecentTestEmail(tx, {
      orgId: actor.orgId,
      userId: actor.userId,
      seconds: TEST_SEND_INTERVAL_SECONDS,
    });
    if (recent) {
      throw new AppError(
        "rate_limited",
        `One test email every ${TEST_SEND_INTERVAL_SECONDS} seconds: try again in a moment.`,
        {
          retryAfterSeconds: TEST_SEND_INTERVAL_SECONDS,
        },
      );
    }
    const sender = senderAddress(org.name, mail.transport);
    if ("problem" in sender) throw new AppError("unavailable", sender.problem);

    const variables = { ...sampleVariables(input.kind), business_name: org.name, sender_name: org.name };
    const rendered = await renderEmail("test", input, variables, { unsubscribeUrl: null });
    const dedupeKey = `test/${randomUUID()}/${actor.userId}`;
    const id = await insertTestEmail(tx, {
      orgId: actor.orgId,
      dedupeKey,
      transport: mail.transport,
      toAddress: actor.email,
      fromAddress: sender.from,
      ...rendered,
      unsubscribeToken: randomBytes(24).toString("base64url"),
    });
    if (!id) throw new AppError("internal", "The test email could not be recorded.");
    return { id, dedupeKey, from: sender.from, rendered };
  }, db);

  try {
    const result = await mail.send(
      {
        from: prepared.from,
        to: actor.email,
        ...prepared.rendered,
        headers: {},
        tags: { email_id: prepared.id, kind: "test" },
      },
      { idempotencyKey: prepared.dedupeKey },
    );
    await withService(
      (tx) =>
        setTestEmailResult(tx, {
          orgId: actor.orgId,
          id: prepared.id,
          result: {
            status: result.transport === "outbox" ? "outboxed" : "sent",
            providerMessageId: result.providerMessageId,
          },
        }),
      db,
    );
    return { emailId: prepared.id, to: actor.email, transport: result.transport };
  } catch (error) {
    const message = error instanceof MailError ? error.message : "The mail service could not be reached.";
    await withService(
      (tx) =>
        setTestEmailResult(tx, {
          orgId: actor.orgId,
          id: prepared.id,
          result: { status: "failed", reason: message },
        }),
      db,
    );
    if (error instanceof MailError && error.kind === "rate_limited") {
      throw new AppError("rate_limited", "The mail service is busy: try again in a moment.", {
        retryAfterSeconds: error.retryAfterSeconds,
      });
    }
    throw new AppError("unavailable", `The test email was not sent: ${message}`);
  }
}
