import { z } from "zod";
import type { Database } from "@/lib/db/client";
import { setCallCallback } from "@/lib/db/queries/calls";
import { withService } from "@/lib/db/with-user";
import { isCallableAt, nextCallableAt } from "@/lib/dialer/calling-window";
import { parseAgentTime, spokenAt, type ToolCall } from "./tool-context";
import type { ToolResponse } from "./types";

export const scheduleCallbackArgs = z.object({
  at: z.string().min(1, "at is required"),
  reason: z.string().max(500).optional(),
});

/** How far ahead a callback may be asked for. */
const MAX_DAYS_AHEAD = 90;

/**
 * schedule_callback: stores the asked time on the call (`callback_at`, outcome `callback`); when
 * the call ends the outcome service schedules the lead for it through the same rules as every
 * callback. A time outside the lead's calling hours moves to the next allowed time, and the
 * agent is told so.
 */
export async function scheduleCallback({
  db,
  call,
  args,
  now,
}: {
  db: Database;
  call: ToolCall;
  args: z.infer<typeof scheduleCallbackArgs>;
  now: Date;
}): Promise<ToolResponse> {
  const zone = call.timezone;
  const asked = parseAgentTime(args.at, zone);
  if (!asked)
    return { ok: false, error: `at must be an ISO time with offset or YYYY-MM-DDTHH:mm in ${zone}` };
  if (asked.getTime() <= now.getTime())
    return { ok: false, error: "That time has already passed; ask for a later time." };
  if (asked.getTime() > now.getTime() + MAX_DAYS_AHEAD * 86_400_000)
    return {
      ok: false,
      error: `Callbacks can be scheduled up to ${MAX_DAYS_AHEAD} days ahead; ask for an earlier time.`,
    };
  const inHours = isCallableAt(asked, call.zones, call.window);
  const at = inHours ? asked : nextCallableAt(asked, call.zones, call.window);
  if (!at)
    return { ok: false, error: "This campaign has no calling hours in which a callback could be made." };
  const updated = await withService(
    (tx) => setCallCallback(tx, { orgId: call.orgId, callId: call.callId, callbackAt: at, now }),
    db,
  );
  if (!updated)
    return {
      ok: false,
      error: "This number was put on the do-not-call list during this call; no callback can be scheduled.",
    };
  const when = spokenAt(at, zone);
  return {
    ok: true,
    result: inHours
      ? `Callback scheduled for ${when}.`
      : `${spokenAt(asked, zone)} is outside the hours we may call; callback scheduled for the next allowed time, ${when}.`,
  };
}
