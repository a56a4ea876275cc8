import type { Database, Tx } from "@/lib/db/client";
import { callRefCondition } from "@/lib/db/queries/calls";
import { getWebhookEventState, insertCallEvent } from "@/lib/db/queries/webhook-events";
import { withService } from "@/lib/db/with-user";
import { AppError } from "@/lib/errors";
import type { Queue } from "@/lib/integrations/queue/types";
import {
  claimedRetellOrgId,
  matchRetellSignature,
  type RetellSigningKey,
  readRetellEvent,
} from "@/lib/integrations/voice/inbound";
import type { InboundCallEvent } from "@/lib/integrations/voice/types";
import { logger } from "@/lib/logger";
import { readProviderCredentials } from "../credentials/provider-credentials";
import {
  eventCallRef,
  eventScope,
  queueEventApply,
  readCallForEvent,
  readOrKeepRejectedIn,
  type StoredCallEvent,
} from "./webhook-store";

/** The server's own keys a Retell-format request may be signed with. */
export type RetellServerKeys = { environmentKey?: string | undefined; simulatorKey: string };

/**
 * Which key signed a Retell webhook or custom-function request: the organization's own Retell key
 * (when the body's `call.metadata.org_id` names an organization that stored one), the
 * environment's key, or the simulator's. Throws `unauthorized` (401) before anything is written.
 */
export async function authenticateRetellRequest({
  db,
  ...request
}: {
  db: Database;
  rawBody: string;
  signature: string | null;
  keys: RetellServerKeys;
}): Promise<RetellSigningKey> {
  if (!request.signature) throw new AppError("unauthorized", "Missing x-retell-signature.");
  return withService((tx) => authenticateRetellRequestIn(tx, request), db);
}

/** `authenticateRetellRequest` inside the caller's service-role transaction (the webhook's one). */
export async function authenticateRetellRequestIn(
  tx: Tx,
  {
    rawBody,
    signature,
    keys,
  }: {
    rawBody: string;
    signature: string | null;
    keys: RetellServerKeys;
  },
): Promise<RetellSigningKey> {
  if (!signature) throw new AppError("unauthorized", "Missing x-retell-signature.");
  // The deployment's keys first: checking one is a hash, reading an organization's key a query.
  // An organization's key is a different key (its own Retell account), so the order decides
  // nothing; were it the same key, its holder could sign as the deployment anyway.
  const server: RetellSigningKey[] = [];
  if (keys.environmentKey) server.push({ key: keys.environmentKey, source: "environment" });
  server.push({ key: keys.simulatorKey, source: "simulator" });
  const byServer = await matchRetellSignature(rawBody, signature, server);
  if (byServer) return byServer;
  const orgId = claimedRetellOrgId(rawBody);
  if (orgId) {
    try {
      const creds = await readProviderCredentials(tx, orgId, "retell");
      if (creds?.source === "organization" && creds.webhookSecret) {
        const matched = await matchRetellSignature(rawBody, signature, [
          { key: creds.webhookSecret, source: "organization", orgId },
        ]);
        if (matched) return matched;
      }
    } catch (error) {
      // A key that cannot be opened (no ENCRYPTION_KEY, rotated key) is no key.
      logger.warn("retell: organization key unavailable for verification", {
        orgId,
        error: error instanceof Error ? error.message : "unknown",
      });
    }
  }
  throw new AppError("unauthorized", "Invalid webhook signature.");
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
  /** 200 once stored (applying is the queue's work, and its retries'). */
  status: 200;
  duplicate: boolean;
  eventId: number | null;
};

/**
 * Finds the event's call, checks the key may speak for it and stores the event, in one statement
 * (`insertCallEvent`). Only when that wrote nothing does it read more: an organization's key
 * naming a call not of its organization is a 401 (nothing written), else the event was stored
 * already (a duplicate, queued again only if its application failed).
 */
async function storeRetellEvent(
  tx: Tx,
  { key, scope, event, now }: { key: RetellSigningKey; scope: string; event: InboundCallEvent; now: Date },
): Promise<StoredCallEvent> {
  const ref = eventCallRef(event);
  const eventKey = `${scope}:${event.eventKey}`;
  const onlyOrgId = key.source === "organization" ? (key.orgId ?? null) : null;
  const inserted = await insertCallEvent(tx, {
    provider: "retell",
    eventKey,
    type: event.type,
    callCondition: callRefCondition(ref),
    keyOrgId: key.orgId ?? null,
    onlyOrgId,
    // Applied to the call found and authorized here, by its id (the job reads it from the row);
    // an event for a call we do not know (signed with the deployment's key) is stored only.
    hasReport: Boolean(event.report),
    payload: event.payload,
    receivedAt: now,
  });
  if (inserted)
    return { eventId: inserted.id, duplicate: false, apply: inserted.applicable ? "first" : null };
  if (key.source === "organization") assertKeyMayActFor(key, await readCallForEvent(tx, ref));
  const stored = await getWebhookEventState(tx, { provider: "retell", eventKey });
  const failed = stored !== null && stored.error !== null;
  return { eventId: stored?.id ?? null, duplicate: true, apply: failed ? "again" : null };
}

/**
 * A Retell(-format) webhook, in one transaction: verify the signature over the raw body (401,
 * nothing written), parse (422, the body kept for inspection), find the call and check the key
 * may speak for it (401), and store the event once under `<scope>:<call_id>:<event>`. Once that
 * has committed the answer is 200 and the event's `apply-webhook-event` job is queued: the outcome
 * service runs there (exactly once, in any order), never on the request's path, and so do the
 * refill tick and the follow-up it queues. A redelivery of a stored event is acknowledged as a
 * duplicate (queued again only when its application failed).
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
  if (!signature) throw new AppError("unauthorized", "Missing x-retell-signature.");
  const stored = await withService(async (tx) => {
    const key = await authenticateRetellRequestIn(tx, { rawBody, signature, keys });
    const scope = eventScope(key.source, key.orgId);
    const read = await readOrKeepRejectedIn(
      tx,
      { provider: "retell", scope, rawBody, orgId: key.orgId ?? null, now },
      () => readRetellEvent(rawBody, now),
    );
    if ("rejected" in read) return read;
    const event = read.value;
    return storeRetellEvent(tx, { key, scope, event, now });
  }, db);
  if ("rejected" in stored) throw stored.rejected;
  await queueEventApply(queue, stored, "retell");
  return { status: 200, duplicate: stored.duplicate, eventId: stored.eventId };
}
