import { sql } from "drizzle-orm";
import { type Database, rowsOf } from "@/lib/db/client";
import { withService } from "@/lib/db/with-user";

/*
 * The webhook event store every provider's route shares: each accepted event is stored once,
 * keyed by (provider, event key), before it is applied; a redelivery finds the row and is
 * acknowledged without being applied again. The outcome of applying it is written back.
 */

export type StoredEventInput = {
  provider: "retell" | "vapi" | "calcom" | "resend";
  /** Unique per provider for one event, e.g. `<call id>:call_ended`. */
  eventKey: string;
  type: string;
  orgId: string | null;
  callId: string | null;
  payload: unknown;
  now: Date;
};

/** Our call (id and organization) for a provider call, by our id from metadata or by the provider's id. */
export async function findCallForEvent(
  db: Database,
  ref: { callId: string | null; provider: string; providerCallId: string },
): Promise<{ id: string; org_id: string } | null> {
  const callId = ref.callId && /^[0-9a-f-]{36}$/i.test(ref.callId) ? ref.callId : null;
  const [call] = await withService(
    async (tx) =>
      rowsOf<{ id: string; org_id: string }>(
        await tx.execute(sql`
          select id, org_id from public.calls
          where ${
            callId
              ? sql`id = ${callId}`
              : sql`provider = ${ref.provider} and provider_call_id = ${ref.providerCallId}`
          }
          limit 1`),
      ),
    db,
  );
  return call ?? null;
}

/** Stores the event; returns its id, or null when it was already stored (a duplicate delivery). */
export async function storeWebhookEvent(db: Database, e: StoredEventInput): Promise<number | null> {
  const [row] = await withService(
    async (tx) =>
      rowsOf<{ id: number }>(
        await tx.execute(sql`
          insert into public.webhook_events (provider, event_key, type, org_id, call_id, payload, received_at)
          values (${e.provider}, ${e.eventKey}, ${e.type}, ${e.orgId}, ${e.callId},
                  ${JSON.stringify(e.payload)}::jsonb, ${e.now.toISOString()})
          on conflict (provider, event_key) do nothing
          returning id`),
      ),
    db,
  );
  return row?.id ?? null;
}

/** Records that an event was applied (error null) or why applying it failed. */
export async function markWebhookEvent(
  db: Database,
  id: number,
  now: Date,
  error: string | null,
): Promise<void> {
  await withService(
    (tx) =>
      tx.execute(
        sql`update public.webhook_events set processed_at = ${now.toISOString()}, error = ${error} where id = ${id}`,
      ),
    db,
  );
}
