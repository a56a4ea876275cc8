import type { Database } from "@/lib/db/client";
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
import { loadProviderCredentials } from "../credentials/provider-credentials";
import { recordCallReport } from "../dialer/record-call-report";
import { eventScope, findCallForEvent, ingestWebhookEvent, readOrKeepRejected } from "./webhook-store";

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
  rawBody,
  headers,
  environmentSecret,
  now,
}: {
  db: Database;
  rawBody: string;
  headers: VapiAuthHeaders;
  environmentSecret: string | undefined;
  now: Date;
}): Promise<{ secret: VapiSecret; body: unknown }> {
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
      const creds = await loadProviderCredentials(db, orgId, "vapi");
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
  /** 500 when applying the event failed (the reconciler's get-call repairs it if Vapi does not retry). */
  status: 200 | 500;
  /** Whether the event was stored: only the messages the dialer acts on are. */
  stored: boolean;
  duplicate: boolean;
  eventId: number | null;
};

/**
 * A Vapi server message: authenticate (401, nothing written), parse (422), and for the messages
 * that move a call (`status-update` in-progress/ended, `end-of-call-report`) store it once under
 * `<vapi call id>:<type>:<status>` and apply it through the outcome service (idempotent; any
 * order; an end-of-call report alone ends the call). Every other message (speech-update,
 * conversation-update, ringing, ...) is acknowledged and not stored: Vapi sends many per call and
 * they change nothing. A redelivery of an applied event changes nothing; one whose application
 * failed is applied again.
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
  const { secret, body } = await authenticateVapiRequest({ db, rawBody, headers, environmentSecret, now });
  const { type, providerCallId, event } = await readOrKeepRejected(
    db,
    {
      provider: "vapi",
      scope: eventScope(secret.source, secret.orgId),
      rawBody,
      orgId: secret.orgId ?? null,
      now,
    },
    () => {
      if (body === null) throw new AppError("validation", "The body is not JSON.");
      return readVapiEvent(body, now);
    },
  );
  if (type === "tool-calls") {
    // Vapi sends tool calls here only when a tool has no server URL of its own: nobody answers them.
    logger.warn("vapi: tool-calls reached the webhook URL; point the tools' server.url at /api/tools/vapi", {
      providerCallId,
    });
  }
  const report = event?.report;
  if (!event || !report) return { status: 200, stored: false, duplicate: false, eventId: null };

  const call = await findCallForEvent(db, event);
  assertVapiSecretMayActFor(secret, call);
  const result = await ingestWebhookEvent(
    db,
    {
      provider: "vapi",
      eventKey: `${eventScope(secret.source, secret.orgId)}:${event.eventKey}`,
      type: event.type,
      orgId: call?.org_id ?? secret.orgId ?? null,
      callId: call?.id ?? null,
      payload: event.payload,
      now,
    },
    () => recordCallReport({ db, report, now, queue }),
    queue,
  );
  return { ...result, stored: true };
}
