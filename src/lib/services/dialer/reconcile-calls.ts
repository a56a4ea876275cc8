import { sql } from "drizzle-orm";
import { type Database, rowsOf } from "@/lib/db/client";
import { withService } from "@/lib/db/with-user";
import type { Queue } from "@/lib/integrations/queue/types";
import type { VoiceProviderName } from "@/lib/integrations/voice/types";
import { logger } from "@/lib/logger";
import type { VoiceFor } from "./dispatch-call";
import { recordCallReport } from "./record-call-report";

const REQUEUE_MARK = "dispatch re-enqueued by the reconciler";
const EXTEND_MS = 10 * 60_000;

export type ReconcileSummary = { checked: number; ended: number; closed: number };

type OpenCall = {
  id: string;
  org_id: string;
  campaign_id: string;
  status: string;
  provider: VoiceProviderName;
  provider_call_id: string | null;
  error: string | null;
};

/**
 * Calls past their deadline (design section 5.5). A queued call whose dispatch was lost is
 * re-enqueued once, then closed; a dialing or live call is looked up with the provider: ended ones
 * get their report, pending/ongoing ones more time, unknown ones are closed as failed (the lead
 * goes through the retry policy) so the slot is freed.
 */
export async function reconcileCalls({
  db,
  now,
  voiceFor,
  queue,
  limit = 200,
}: {
  db: Database;
  now: Date;
  voiceFor: VoiceFor;
  queue: Queue;
  limit?: number;
}): Promise<ReconcileSummary> {
  const open = await withService(
    async (tx) =>
      rowsOf<OpenCall>(
        await tx.execute(sql`
          select id, org_id, campaign_id, status, provider, provider_call_id, error from public.calls
          where status <> 'ended' and deadline_at < ${now.toISOString()} order by deadline_at limit ${limit}`),
      ),
    db,
  );
  let ended = 0;
  let closed = 0;
  const extend = (id: string, error: string | null = null) =>
    withService(
      (tx) =>
        tx.execute(sql`update public.calls set deadline_at = ${new Date(now.getTime() + EXTEND_MS).toISOString()},
          error = coalesce(${error}, error), updated_at = ${now.toISOString()} where id = ${id} and status <> 'ended'`),
      db,
    );
  // A report may end the call while we ask the provider; an ended call keeps its own account.
  const close = async (call: OpenCall, error: string) => {
    await withService(
      (tx) =>
        tx.execute(
          sql`update public.calls set error = ${error}, updated_at = ${now.toISOString()}
            where id = ${call.id} and status <> 'ended'`,
        ),
      db,
    );
    await recordCallReport({
      db,
      now,
      queue,
      report: {
        provider: call.provider,
        providerCallId: call.provider_call_id ?? `none:${call.id}`,
        callId: call.id,
        event: "ended",
        at: now,
        result: "failed",
        endedAt: now,
      },
    });
    closed++;
  };

  for (const call of open) {
    try {
      if (call.status === "queued" && !call.provider_call_id) {
        if (call.error === REQUEUE_MARK) {
          await close(call, "dispatch never completed");
        } else {
          await queue.enqueue(
            { type: "dispatch-call", callId: call.id },
            { dedupeId: `redispatch:${call.id}` },
          );
          await extend(call.id, REQUEUE_MARK);
        }
        continue;
      }
      const state = call.provider_call_id
        ? await (await voiceFor(call.provider, call.org_id)).getCall(call.provider_call_id)
        : null;
      if (state?.state === "ended") {
        await recordCallReport({ db, now, queue, report: { ...state.report, callId: call.id } });
        ended++;
      } else if (state) {
        await extend(call.id);
      } else {
        await close(call, "provider has no record of the call");
      }
    } catch (error) {
      logger.warn("reconcile: call check failed", {
        callId: call.id,
        error: error instanceof Error ? error.message : "unknown",
      });
    }
  }
  return { checked: open.length, ended, closed };
}
