import { and, eq, isNotNull, isNull, or, sql } from "drizzle-orm";
import { rowsOf, type Tx } from "../client";
import { webhookEvents } from "../schema";

/*
 * The inbound webhook store (service role: webhooks arrive before anyone is signed in). An event is
 * keyed by (provider, event key), so a provider's redelivery finds the first row.
 */

type WebhookEvent = typeof webhookEvents.$inferSelect;

type NewWebhookEvent = Pick<WebhookEvent, "provider" | "eventKey" | "type" | "orgId" | "callId"> & {
  /** The verified body, whatever its provider's shape. */
  payload: unknown;
  receivedAt: Date;
};

/** Stores the event; returns its id, or null when it was stored already (a duplicate delivery). */
export async function insertWebhookEvent(tx: Tx, e: NewWebhookEvent): Promise<number | null> {
  const [row] = rowsOf<Pick<WebhookEvent, "id">>(
    await tx.execute(sql`
      insert into public.webhook_events (provider, event_key, type, org_id, call_id, payload, received_at)
      values (${e.provider}, ${e.eventKey}, ${e.type}, ${e.orgId}, ${e.callId},
              ${JSON.stringify(e.payload)}::jsonb, ${e.receivedAt.toISOString()})
      on conflict (provider, event_key) do nothing
      returning id`),
  );
  return row?.id ?? null;
}

/** Records that an event was applied (error null) or why applying it failed. */
export async function markWebhookEventProcessed(
  tx: Tx,
  { id, now, error }: { id: number; now: Date; error: string | null },
): Promise<void> {
  await tx.update(webhookEvents).set({ processedAt: now, error }).where(eq(webhookEvents.id, id));
}

/** The id of a stored event that was never applied successfully (it failed, or a crash cut it short). */
export async function findUnfinishedWebhookEvent(
  tx: Tx,
  { provider, eventKey }: { provider: string; eventKey: string },
): Promise<number | null> {
  const [row] = await tx
    .select({ id: webhookEvents.id })
    .from(webhookEvents)
    .where(
      and(
        eq(webhookEvents.provider, provider),
        eq(webhookEvents.eventKey, eventKey),
        or(isNull(webhookEvents.processedAt), isNotNull(webhookEvents.error)),
      ),
    );
  return row?.id ?? null;
}

export type StoredWebhookEvent = Pick<
  WebhookEvent,
  "id" | "provider" | "orgId" | "callId" | "payload" | "processedAt" | "error"
>;

export async function getWebhookEvent(
  tx: Tx,
  { id }: { id: number },
): Promise<StoredWebhookEvent | undefined> {
  const [row] = await tx
    .select({
      id: webhookEvents.id,
      provider: webhookEvents.provider,
      orgId: webhookEvents.orgId,
      callId: webhookEvents.callId,
      payload: webhookEvents.payload,
      processedAt: webhookEvents.processedAt,
      error: webhookEvents.error,
    })
    .from(webhookEvents)
    .where(eq(webhookEvents.id, id));
  return row;
}

/**
 * An earlier stored Cal.com event (a reschedule, or a creation naming its predecessor) that moved
 * booking `uid`, with the uid it moved to (null when that event named none): events may arrive
 * before the booking's own creation.
 */
export async function findCalcomRescheduleOf(
  tx: Tx,
  { orgId, uid }: { orgId: string; uid: string },
): Promise<{ toUid: string | null } | null> {
  const [moved] = rowsOf<{ toUid: string | null }>(
    await tx.execute(sql`select payload->'payload'->>'uid' as "toUid" from public.webhook_events
      where provider = 'calcom' and org_id = ${orgId} and type in ('BOOKING_RESCHEDULED', 'BOOKING_CREATED')
        and ${uid} in (payload->'payload'->>'rescheduleUid', payload->'payload'->>'rescheduledFromUid',
                       payload->'payload'->>'fromReschedule')
        and payload->'payload'->>'uid' is distinct from ${uid}
      order by id limit 1`),
  );
  return moved ?? null;
}

/** An earlier stored Cal.com cancellation (or rejection) of booking `uid`, with its reason. */
export async function findCalcomCancellationOf(
  tx: Tx,
  { orgId, uid }: { orgId: string; uid: string },
): Promise<{ reason: string | null } | null> {
  const [cancelled] = rowsOf<{ reason: string | null }>(
    await tx.execute(sql`select payload->'payload'->>'cancellationReason' as reason from public.webhook_events
      where provider = 'calcom' and org_id = ${orgId} and type in ('BOOKING_CANCELLED', 'BOOKING_REJECTED')
        and payload->'payload'->>'uid' = ${uid}
      order by id limit 1`),
  );
  return cancelled ?? null;
}
