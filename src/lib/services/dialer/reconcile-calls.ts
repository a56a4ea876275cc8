import type { Database } from "@/lib/db/client";
import {
  extendCallDeadline,
  listOverdueCalls,
  noteOpenCallError,
  type OverdueCall,
} from "@/lib/db/queries/calls";
import { withService } from "@/lib/db/with-user";
import type { Queue } from "@/lib/integrations/queue/types";
import { logger } from "@/lib/logger";
import type { VoiceFor } from "./dispatch-call";
import { recordCallReport } from "./record-call-report";

const REQUEUE_MARK = "dispatch re-enqueued by the reconciler";
const EXTEND_MS = 10 * 60_000;

export type ReconcileSummary = { checked: number; ended: number; closed: number };

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
  const open = await withService((tx) => listOverdueCalls(tx, { now, limit }), db);
  let ended = 0;
  let closed = 0;
  const extend = (id: string, error: string | null = null) =>
    withService(
      (tx) =>
        extendCallDeadline(tx, { callId: id, deadline: new Date(now.getTime() + EXTEND_MS), error, now }),
      db,
    );
  // A report may end the call while we ask the provider; an ended call keeps its own account.
  const close = async (call: OverdueCall, error: string) => {
    await withService((tx) => noteOpenCallError(tx, { callId: call.id, error, now }), db);
    await recordCallReport({
      db,
      now,
      queue,
      report: {
        provider: call.provider,
        providerCallId: call.providerCallId ?? `none:${call.id}`,
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
      if (call.status === "queued" && !call.providerCallId) {
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
      const state = call.providerCallId
        ? await (await voiceFor(call.provider, call.orgId)).getCall(call.providerCallId)
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
