import type { Database } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { Queue } from "@/lib/integrations/queue/types";
import { retellToCallReport } from "@/lib/integrations/voice/retell/transform";
import { verifyRetellSignature } from "@/lib/integrations/voice/retell/verify-webhook";
import { retellWebhookSchema } from "@/lib/integrations/voice/retell/webhook-schema";
import { logger } from "@/lib/logger";
import { recordCallReport } from "../dialer/record-call-report";
import { findCallForEvent, markWebhookEvent, storeWebhookEvent } from "./webhook-store";

export type AcceptRetellResult = { status: 200; duplicate: boolean; eventId: number | null };

/**
 * A Retell(-format) webhook: verify the signature over the raw body (401, nothing written), parse
 * (422), store once under `<call_id>:<event>` (a redelivery is acknowledged and not applied
 * again), then apply it through the outcome service and mark it processed (or its error).
 * `keys`: RETELL_API_KEY when set, and the simulator's key (see simulator.ts for why that is safe).
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
  keys: readonly (string | undefined)[];
  now: Date;
  queue: Queue;
}): Promise<AcceptRetellResult> {
  if (!(await verifyRetellSignature(rawBody, signature, keys))) {
    throw new AppError("unauthorized", "Invalid webhook signature.");
  }
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw new AppError("validation", "The body is not JSON.");
  }
  const parsed = retellWebhookSchema.safeParse(json);
  if (!parsed.success) throw new AppError("validation", "Not a Retell webhook body.");
  const payload = parsed.data;
  const simulated = payload.call.call_id.startsWith("sim_");
  const report = retellToCallReport(payload, {
    provider: simulated ? "simulator" : "retell",
    receivedAt: now,
  });
  const call = await findCallForEvent(db, {
    callId: report?.callId ?? null,
    provider: simulated ? "simulator" : "retell",
    providerCallId: payload.call.call_id,
  });
  const stored = await storeWebhookEvent(db, {
    provider: "retell",
    eventKey: `${payload.call.call_id}:${payload.event}`,
    type: payload.event,
    orgId: call?.org_id ?? null,
    callId: call?.id ?? null,
    payload,
    now,
  });
  if (stored === null) return { status: 200, duplicate: true, eventId: null };

  let error: string | null = null;
  if (report) {
    try {
      await recordCallReport({ db, report, now, queue });
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
      logger.error("retell webhook: applying the event failed", { eventId: stored, error });
    }
  }
  await markWebhookEvent(db, stored, now, error);
  return { status: 200, duplicate: false, eventId: stored };
}
