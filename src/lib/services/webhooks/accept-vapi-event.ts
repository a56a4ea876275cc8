import { ZodError } from "zod";
import type { Database } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { Queue } from "@/lib/integrations/queue/types";
import {
  parseVapiServerMessage,
  type VapiServerMessage,
  vapiMetadata,
} from "@/lib/integrations/voice/vapi/server-message-schema";
import { vapiToCallReport } from "@/lib/integrations/voice/vapi/transform";
import {
  type VapiAuthHeaders,
  verifyVapiCredential,
  verifyVapiHmac,
} from "@/lib/integrations/voice/vapi/verify-request";
import { logger } from "@/lib/logger";
import { loadProviderCredentials } from "../credentials/provider-credentials";
import { recordCallReport } from "../dialer/record-call-report";
import { findCallForEvent, ingestWebhookEvent } from "./webhook-store";

/** A secret a Vapi request was proven with, and whose it is. */
export type VapiSecret = { source: "organization" | "environment"; orgId?: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The organization a not-yet-authenticated body claims, only to pick which secret to try. */
function claimedOrgId(body: unknown): string | null {
  const message = (body as { message?: unknown } | null)?.message;
  if (!message || typeof message !== "object") return null;
  const orgId = vapiMetadata(message as Parameters<typeof vapiMetadata>[0]).org_id;
  return typeof orgId === "string" && UUID.test(orgId) ? orgId : null;
}

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
  const orgId = claimedOrgId(body);
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

/** An organization's secret speaks only for that organization's calls. */
export function assertVapiSecretMayActFor(secret: VapiSecret, call: { org_id: string } | null): void {
  if (secret.source === "organization" && call && call.org_id !== secret.orgId) {
    throw new AppError("unauthorized", "The secret belongs to another organization.");
  }
}

/** A parsed Vapi message, or 422 with where the body broke the documented shape. */
export function parseVapiBody(body: unknown): VapiServerMessage {
  try {
    return parseVapiServerMessage(body);
  } catch (error) {
    if (error instanceof ZodError) {
      const where = error.issues
        .map((i) => i.path.join(".") || "body")
        .slice(0, 5)
        .join(", ");
      throw new AppError("validation", `Not a Vapi server message (${where}).`);
    }
    throw error;
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
  if (body === null) throw new AppError("validation", "The body is not JSON.");
  const message = parseVapiBody(body);
  if (message.type === "tool-calls") {
    // Vapi sends tool calls here only when a tool has no server URL of its own: nobody answers them.
    logger.warn("vapi: tool-calls reached the webhook URL; point the tools' server.url at /api/tools/vapi", {
      providerCallId: message.call?.id ?? null,
    });
  }
  const report = message.type === "other" ? null : vapiToCallReport(message, { receivedAt: now });
  if (!report || message.type === "other")
    return { status: 200, stored: false, duplicate: false, eventId: null };

  const call = await findCallForEvent(db, {
    callId: report.callId,
    provider: "vapi",
    providerCallId: report.providerCallId,
  });
  assertVapiSecretMayActFor(secret, call);
  const status = message.type === "status-update" ? message.status : "";
  const result = await ingestWebhookEvent(
    db,
    {
      provider: "vapi",
      eventKey: `${report.providerCallId}:${message.type}:${status}`,
      type: message.type,
      orgId: call?.org_id ?? secret.orgId ?? null,
      callId: call?.id ?? null,
      payload: body,
      now,
    },
    () => recordCallReport({ db, report, now, queue }),
    queue,
  );
  return { ...result, stored: true };
}
