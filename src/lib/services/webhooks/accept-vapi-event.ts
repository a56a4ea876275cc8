import type { Database, Tx } from "@/lib/db/client";
import { withService } from "@/lib/db/with-user";
import { AppError } from "@/lib/errors";
import type { Queue } from "@/lib/integrations/queue/types";
import {
  claimedVapiOrgId,
  readVapiEvent,
  type VapiAuthHeaders,
  verifyVapiCredential,
  verifyVapiHmac,
} from "@/lib/integrations/voice/inbound";
import { logger } from "@/lib/logger";
import { readProviderCredentials } from "../credentials/provider-credentials";
import {
  eventScope,
  queueEventApply,
  readCallForEvent,
  readOrKeepRejectedIn,
  storeCallEvent,
} from "./webhook-store";

/** A secret a Vapi request was proven with, and whose it is. */
export type VapiSecret = { source: "organization" | "environment"; orgId?: string };

/**
 * Proves a Vapi server-URL request: the HMAC headers when present (signature over
 * `${x-timestamp}.${rawBody}`, five-minute window), else the Bearer / `X-Vapi-Secret` credential,
 * checked against the claimed organization's own Vapi secret and the environment's
 * (VAPI_WEBHOOK_SECRET). No secret configured is a 401 too: nothing unauthenticated gets in.
 * Returns the parsed JSON body. Throws `unauthorized` (401) before anything is written.
 */
export async function authenticateVapiRequest({
  db,
  ...request
}: {
  db: Database;
  rawBody: string;
  headers: VapiAuthHeaders;
  environmentSecret: string | undefined;
  now: Date;
}): Promise<{ secret: VapiSecret; body: unknown }> {
  return withService((tx) => authenticateVapiRequestIn(tx, request), db);
}

/** `authenticateVapiRequest` inside the caller's service-role transaction (the webhook's one). */
export async function authenticateVapiRequestIn(
  tx: Tx,
  {
    rawBody,
    headers,
    environmentSecret,
    now,
  }: {
    rawBody: string;
    headers: VapiAuthHeaders;
    environmentSecret: string | undefined;
    now: Date;
  },
): Promise<{ secret: VapiSecret; body: unknown }> {
  let body: unknown = null;
  try {
    body = JSON.parse(rawBody);
  } catch {
    // Judged after authentication: an unauthenticated caller learns nothing about the body.
  }
  const candidates: (VapiSecret & { value: string })[] = [];
  const orgId = claimedVapiOrgId(body);
  if (orgId) {
    try {
      const creds = await readProviderCredentials(tx, orgId, "vapi");
      if (creds?.source === "organization" && creds.webhookSecret) {
        candidates.push({ value: creds.webhookSecret, source: "organization", orgId });
      }
    } catch (error) {
      // A secret that cannot be opened (no ENCRYPTION_KEY, rotated key) must not hide the others.
      logger.warn("vapi: organization secret unavailable for verification", {
        orgId,
        error: error instanceof Error ? error.message : "unknown",
      });
    }
  }
  if (environmentSecret) candidates.push({ value: environmentSecret, source: "environment" });
  if (candidates.length === 0) {
    throw new AppError(
      "unauthorized",
      "No Vapi secret is configured: set VAPI_WEBHOOK_SECRET or the organization's Vapi webhook secret, and the same secret in the Vapi credential.",
    );
  }
  const hmac = Boolean(headers.signature || headers.timestamp);
  if (!hmac && !headers.authorization && !headers.vapiSecret) {
    throw new AppError("unauthorized", "Missing x-signature/x-timestamp or a credential header.");
  }
  const matched = candidates.find((c) =>
    hmac
      ? verifyVapiHmac({
          rawBody,
          signature: headers.signature,
          timestamp: headers.timestamp,
          secret: c.value,
          now,
        })
      : verifyVapiCredential(headers, c.value),
  );
  if (!matched) throw new AppError("unauthorized", "Invalid Vapi signature or credential.");
  const { value: _value, ...secret } = matched;
  return { secret, body };
}

/** An organization's secret speaks only for that organization's calls (not another's, not an unknown one). */
export function assertVapiSecretMayActFor(secret: VapiSecret, call: { org_id: string } | null): void {
  if (secret.source !== "organization") return;
  if (!call) throw new AppError("unauthorized", "No call of the secret's organization matches this message.");
  if (call.org_id !== secret.orgId) {
    throw new AppError("unauthorized", "The secret belongs to another organization.");
  }
}

export type AcceptVapiResult = {
  /** 200 once stored, or acknowledged (applying is the queue's work, and its retries'). */
  status: 200;
  /** Whether the event was stored: only the messages the dialer acts on are. */
  stored: boolean;
  duplicate: boolean;
  eventId: number | null;
};

/**
 * A Vapi server message, in one transaction: authenticate (401, nothing written), parse (422), and
 * for the messages that move a call (`status-update` in-progress/ended, `end-of-call-report`) find
 * the call, check the secret may speak for it (401) and store the message once under
 * `<scope>:<vapi call id>:<type>:<status>`. Once that has committed the answer is 200 and the
 * event's `apply-webhook-event` job is queued: the outcome service applies it there (exactly once,
 * in any order; an end-of-call report alone ends the call). Every other message (speech-update,
 * conversation-update, ringing, ...) is acknowledged and not stored: Vapi sends many per call and
 * they change nothing. A redelivery is a duplicate (queued again only when its application failed).
 */
export async function acceptVapiEvent({
  db,
  rawBody,
  headers,
  environmentSecret,
  now,
  queue,
}: {
  db: Database;
  rawBody: string;
  headers: VapiAuthHeaders;
  environmentSecret: string | undefined;
  now: Date;
  queue: Queue;
}): Promise<AcceptVapiResult> {
  const result = await withService(async (tx) => {
    const { secret, body } = await authenticateVapiRequestIn(tx, {
      rawBody,
      headers,
      environmentSecret,
      now,
    });
    const scope = eventScope(secret.source, secret.orgId);
    const read = await readOrKeepRejectedIn(
      tx,
      { provider: "vapi", scope, rawBody, orgId: secret.orgId ?? null, now },
      () => {
        if (body === null) throw new AppError("validation", "The body is not JSON.");
        return readVapiEvent(body, now);
      },
    );
    if ("rejected" in read) return read;
    const { type, providerCallId, event } = read.value;
    if (type === "tool-calls") {
      // Vapi sends tool calls here only when a tool has no server URL of its own: nobody answers them.
      logger.warn(
        "vapi: tool-calls reached the webhook URL; point the tools' server.url at /api/tools/vapi",
        {
          providerCallId,
        },
      );
    }
    if (!event?.report) return null;
    const call = await readCallForEvent(tx, event);
    assertVapiSecretMayActFor(secret, call);
    return storeCallEvent(tx, {
      provider: "vapi",
      eventKey: `${scope}:${event.eventKey}`,
      type: event.type,
      orgId: call?.org_id ?? secret.orgId ?? null,
      callId: call?.id ?? null,
      payload: event.payload,
      now,
      applicable: call !== null,
    });
  }, db);
  if (result && "rejected" in result) throw result.rejected;
  if (!result) return { status: 200, stored: false, duplicate: false, eventId: null };
  await queueEventApply(queue, result, "vapi");
  return { status: 200, stored: true, duplicate: result.duplicate, eventId: result.eventId };
}
