import type { Database } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { Queue } from "@/lib/integrations/queue/types";
import {
  claimedRetellOrgId,
  matchRetellSignature,
  type RetellSigningKey,
  readRetellEvent,
} from "@/lib/integrations/voice/inbound";
import { logger } from "@/lib/logger";
import { loadProviderCredentials } from "../credentials/provider-credentials";
import { recordCallReport } from "../dialer/record-call-report";
import { eventScope, findCallForEvent, ingestWebhookEvent, readOrKeepRejected } from "./webhook-store";

/** The server's own keys a Retell-format request may be signed with. */
export type RetellServerKeys = { environmentKey?: string | undefined; simulatorKey: string };

/**
 * Which key signed a Retell webhook or custom-function request: the organization's own Retell key
 * (when the body's `call.metadata.org_id` names an organization that stored one), the
 * environment's key, or the simulator's. Throws `unauthorized` (401) before anything is written.
 */
export async function authenticateRetellRequest({
  db,
  rawBody,
  signature,
  keys,
}: {
  db: Database;
  rawBody: string;
  signature: string | null;
  keys: RetellServerKeys;
}): Promise<RetellSigningKey> {
  if (!signature) throw new AppError("unauthorized", "Missing x-retell-signature.");
  const candidates: RetellSigningKey[] = [];
  const orgId = claimedRetellOrgId(rawBody);
  if (orgId) {
    try {
      const creds = await loadProviderCredentials(db, orgId, "retell");
      if (creds?.source === "organization" && creds.webhookSecret) {
        candidates.push({ key: creds.webhookSecret, source: "organization", orgId });
      }
    } catch (error) {
      // A key that cannot be opened (no ENCRYPTION_KEY, rotated key) must not hide the others.
      logger.warn("retell: organization key unavailable for verification", {
        orgId,
        error: error instanceof Error ? error.message : "unknown",
      });
    }
  }
  if (keys.environmentKey) candidates.push({ key: keys.environmentKey, source: "environment" });
  candidates.push({ key: keys.simulatorKey, source: "simulator" });
  const matched = await matchRetellSignature(rawBody, signature, candidates);
  if (!matched) throw new AppError("unauthorized", "Invalid webhook signature.");
  return matched;
}

/**
 * An organization's key speaks only for that organization's calls: not another's, and not a call
 * we cannot find (it could name another tenant's provider call id with a made-up call id of ours).
 */
export function assertKeyMayActFor(key: RetellSigningKey, call: { org_id: string } | null): void {
  if (key.source !== "organization") return;
  if (!call)
    throw new AppError("unauthorized", "No call of the signing key's organization matches this event.");
  if (call.org_id !== key.orgId) {
    throw new AppError("unauthorized", "The signing key belongs to another organization.");
  }
}

export type AcceptRetellResult = {
  /** 500 when applying the event failed: Retell redelivers, and the redelivery applies it again. */
  status: 200 | 500;
  duplicate: boolean;
  eventId: number | null;
};

/**
 * A Retell(-format) webhook: verify the signature over the raw body (401, nothing written), parse
 * (422), store once under `<call_id>:<event>`, apply it through the outcome service (idempotent)
 * and mark it processed or failed. A redelivery of an applied event is acknowledged and changes
 * nothing; a redelivery of one whose application failed is applied again. When applying fails the
 * answer is 500, so Retell retries (up to 3 times) while the stored row keeps the error.
 */
export async function acceptRetellEvent({
  db,
  rawBody,
  signature,
  keys,
  now,
  queue,
}: {
  db: Database;
  rawBody: string;
  signature: string | null;
  keys: RetellServerKeys;
  now: Date;
  queue: Queue;
}): Promise<AcceptRetellResult> {
  const key = await authenticateRetellRequest({ db, rawBody, signature, keys });
  const scope = eventScope(key.source, key.orgId);
  const event = await readOrKeepRejected(
    db,
    { provider: "retell", scope, rawBody, orgId: key.orgId ?? null, now },
    () => readRetellEvent(rawBody, now),
  );
  const { report } = event;
  const call = await findCallForEvent(db, event);
  assertKeyMayActFor(key, call);
  // Applied to the call found and authorized above, by its id; an event for a call we do not know
  // (signed with the deployment's key) is stored only.
  return ingestWebhookEvent(
    db,
    {
      provider: "retell",
      eventKey: `${scope}:${event.eventKey}`,
      type: event.type,
      orgId: call?.org_id ?? key.orgId ?? null,
      callId: call?.id ?? null,
      payload: event.payload,
      now,
    },
    async () => {
      if (report && call) await recordCallReport({ db, report: { ...report, callId: call.id }, now, queue });
    },
    queue,
  );
}
