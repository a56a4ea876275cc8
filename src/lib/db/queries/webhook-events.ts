import { and, eq, isNotNull, isNull, or, type SQL, sql } from "drizzle-orm";
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
  /** Set when there is nothing to apply (an event for no call of ours, a refused body). */
  processedAt?: Date | null;
  error?: string | null;
};

/** Stores the event; returns its id, or null when it was stored already (a duplicate delivery). */
export async function insertWebhookEvent(tx: Tx, e: NewWebhookEvent): Promise<number | null> {
  const [row] = rowsOf<Pick<WebhookEvent, "id">>(
    await tx.execute(sql`
      insert into public.webhook_events
        (provider, event_key, type, org_id, call_id, payload, received_at, processed_at, error)
      values (${e.provider}, ${e.eventKey}, ${e.type}, ${e.orgId}, ${e.callId},
              ${JSON.stringify(e.payload)}::jsonb, ${e.receivedAt.toISOString()},
              ${e.processedAt?.toISOString() ?? null}, ${e.error ?? null})
      on conflict (provider, event_key) do nothing
      returning id`),
  );
  // postgres-js returns a bigint as text from raw SQL: the id goes into job bodies, validated as a number.
  return row ? Number(row.id) : null;
}

/**
 * Finds the event's call (`callCondition`, on `public.calls`) and stores the event against it, in
 * one statement: the event's organization is the call's (else `keyOrgId`), and it is stored
 * unapplied only when it has a report to apply and the call was found. `onlyOrgId`: an
 * organization's key speaks only for that organization's calls, so nothing is written unless the
 * call is found and is that organization's. Returns the new row's id and whether it awaits its
 * application, or null when nothing was written (stored already, or refused by `onlyOrgId`).
 */
export async function insertCallEvent(
  tx: Tx,
  e: Pick<WebhookEvent, "provider" | "eventKey" | "type"> & {
    callCondition: SQL;
    keyOrgId: string | null;
    onlyOrgId: string | null;
    hasReport: boolean;
    payload: unknown;
    receivedAt: Date;
  },
): Promise<{ id: number; applicable: boolean } | null> {
  const at = e.receivedAt.toISOString();
  const [row] = rowsOf<{ id: string | number; applicable: boolean }>(
    await tx.execute(sql`
      with call as (
        select id, org_id from public.calls where ${e.callCondition} limit 1
      )
      insert into public.webhook_events
        (provider, event_key, type, org_id, call_id, payload, received_at, processed_at)
      select ${e.provider}, ${e.eventKey}, ${e.type}, coalesce(c.org_id, ${e.keyOrgId}::uuid), c.id,
        ${JSON.stringify(e.payload)}::jsonb, ${at}::timestamptz,
        case when ${e.hasReport} and c.id is not null then null else ${at}::timestamptz end
      from (select 1) one left join call c on true
      where ${e.onlyOrgId}::uuid is null or c.org_id = ${e.onlyOrgId}::uuid
      on conflict (provider, event_key) do nothing
      returning id, processed_at is null as applicable`),
  );
  return row ? { id: Number(row.id), applicable: row.applicable } : null;
}

/** Records that an event was applied (error null) or why applying it failed. */
export async function markWebhookEventProcessed(
  tx: Tx,
  { id, now, error }: { id: number; now: Date; error: string | null },
): Promise<void> {
  await tx.update(webhookEvents).set({ processedAt: now, error }).where(eq(webhookEvents.id, id));
}

/**
 * Records why applying an event failed, unless it has been applied meanwhile (another delivery of
 * its job): a success is never overwritten by a failure.
 */
export async function markWebhookEventFailed(
  tx: Tx,
  { id, now, error }: { id: number; now: Date; error: string },
): Promise<void> {
  await tx
    .update(webhookEvents)
    .set({ processedAt: now, error })
    .where(
      and(eq(webhookEvents.id, id), or(isNull(webhookEvents.processedAt), isNotNull(webhookEvents.error))),
    );
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

/** Where a stored event stands, by its key: the state a redelivery of it is judged by. */
export async function getWebhookEventState(
  tx: Tx,
  { provider, eventKey }: { provider: string; eventKey: string },
): Promise<Pick<WebhookEvent, "id" | "processedAt" | "error"> | null> {
  const [row] = await tx
    .select({ id: webhookEvents.id, processedAt: webhookEvents.processedAt, error: webhookEvents.error })
    .from(webhookEvents)
    .where(and(eq(webhookEvents.provider, provider), eq(webhookEvents.eventKey, eventKey)));
  return row ?? null;
}

export type StoredWebhookEvent = Pick<
  WebhookEvent,
  "id" | "provider" | "orgId" | "callId" | "payload" | "receivedAt" | "processedAt" | "error"
>;

/**
 * The event, its row locked until the transaction ends: the apply job holds it while it applies
 * and marks the event, so two deliveries of the job apply it once (the second waits, then finds
 * it processed).
 */
export async function lockWebhookEvent(
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
      receivedAt: webhookEvents.receivedAt,
      processedAt: webhookEvents.processedAt,
      error: webhookEvents.error,
    })
    .from(webhookEvents)
    .where(eq(webhookEvents.id, id))
    .for("update");
  return row;
}

/**
 * Call events stored before `before` and never applied: their apply job was lost (enqueueing
 * failed after the commit, or the process stopped with it queued). Oldest first, `limit` at most;
 * served by the partial index `webhook_events_unapplied_idx`.
 */
export async function listUnappliedWebhookEvents(
  tx: Tx,
  { providers, before, limit }: { providers: readonly string[]; before: Date; limit: number },
): Promise<number[]> {
  const rows = rowsOf<{ id: number }>(
    await tx.execute(sql`
      select id from public.webhook_events
      where processed_at is null and received_at < ${before.toISOString()}
        and provider in (${sql.join(
          providers.map((p) => sql`${p}`),
          sql`, `,
        )})
      order by received_at limit ${limit}`),
  );
  return rows.map((r) => Number(r.id));
}

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
      receivedAt: webhookEvents.receivedAt,
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
