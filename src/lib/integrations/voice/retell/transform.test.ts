import type { PhoneCallResponse } from "retell-sdk/resources/call";
import { describe, expect, it, vi } from "vitest";
import {
  DISCONNECTION_RESULT,
  outcomeFromAnalysis,
  resultForDisconnection,
  retellToCallReport,
} from "./transform";
import { RETELL_DISCONNECTION_REASONS, retellWebhookSchema } from "./webhook-schema";

type SdkReason = NonNullable<PhoneCallResponse["disconnection_reason"]>;

// Compile-time: our list and the SDK's enum are the same set.
const sameSet: [SdkReason] extends [(typeof RETELL_DISCONNECTION_REASONS)[number]]
  ? [(typeof RETELL_DISCONNECTION_REASONS)[number]] extends [SdkReason]
    ? true
    : false
  : false = true;

const expected: Record<SdkReason, string> = {
  user_hangup: "answered",
  agent_hangup: "answered",
  call_transfer: "answered",
  voicemail_reached: "voicemail",
  ivr_reached: "voicemail",
  inactivity: "answered",
  max_duration_reached: "answered",
  concurrency_limit_reached: "failed",
  no_concurrency_fallback: "failed",
  no_valid_payment: "failed",
  scam_detected: "failed",
  dial_busy: "busy",
  dial_failed: "failed",
  dial_no_answer: "no_answer",
  invalid_destination: "failed",
  telephony_provider_permission_denied: "failed",
  telephony_provider_unavailable: "failed",
  sip_routing_error: "failed",
  marked_as_spam: "failed",
  user_declined: "no_answer",
  error_llm_websocket_open: "failed",
  error_llm_websocket_lost_connection: "failed",
  error_llm_websocket_runtime: "failed",
  error_llm_websocket_corrupt_payload: "failed",
  error_no_audio_received: "failed",
  error_asr: "failed",
  error_retell: "failed",
  error_unknown: "failed",
  error_user_not_joined: "failed",
  registered_call_timeout: "no_answer",
  transfer_bridged: "answered",
  transfer_cancelled: "answered",
  manual_stopped: "answered",
  call_take_over: "answered",
};

describe("retell disconnection_reason -> result", () => {
  it("covers the SDK's enum exactly", () => {
    expect(sameSet).toBe(true);
    expect(Object.keys(DISCONNECTION_RESULT).sort()).toEqual([...RETELL_DISCONNECTION_REASONS].sort());
  });

  it.each(Object.entries(expected))("%s -> %s", (reason, result) => {
    expect(resultForDisconnection(reason)).toBe(result);
  });

  it("an unknown reason is failed and logged, never thrown", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(resultForDisconnection("brand_new_reason")).toBe("failed");
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
    expect(resultForDisconnection(undefined)).toBe("failed");
  });
});

describe("outcome from analysis", () => {
  it("reads decisive outcomes and the callback time", () => {
    expect(outcomeFromAnalysis({ outcome: "booked" }).outcome).toBe("booked");
    expect(outcomeFromAnalysis({ outcome: "maybe" }).outcome).toBe("unknown");
    expect(outcomeFromAnalysis(null).outcome).toBe("unknown");
    const cb = outcomeFromAnalysis({ outcome: "callback", callback_at: "2026-12-04T15:00:00Z" });
    expect(cb).toEqual({ outcome: "callback", callbackAt: new Date("2026-12-04T15:00:00Z") });
    expect(outcomeFromAnalysis({ outcome: "callback", callback_at: "soon" }).callbackAt).toBeNull();
  });
});

describe("retellToCallReport", () => {
  const receivedAt = new Date("2026-12-03T12:00:00Z");
  const base = {
    call_id: "call_abc",
    metadata: { call_id: "11111111-1111-4111-8111-111111111111" },
    start_timestamp: Date.parse("2026-12-03T11:58:00Z"),
    end_timestamp: Date.parse("2026-12-03T11:59:30Z"),
    duration_ms: 90_000,
    disconnection_reason: "user_hangup",
    transcript: "Agent: hi",
    call_cost: { combined_cost: 12.6, product_costs: [] },
    some_new_field: { kept: true },
  };

  it("maps ended and analyzed events, keeping unknown fields in the payload", () => {
    const ended = retellWebhookSchema.parse({ event: "call_ended", call: base });
    expect((ended.call as Record<string, unknown>).some_new_field).toEqual({ kept: true });
    const r = retellToCallReport(ended, { receivedAt });
    expect(r).toMatchObject({
      event: "ended",
      providerCallId: "call_abc",
      callId: base.metadata.call_id,
      result: "answered",
      providerReason: "user_hangup",
      durationSeconds: 90,
      costCents: 13,
      at: new Date(base.end_timestamp),
    });
    const analyzed = retellToCallReport(
      retellWebhookSchema.parse({
        event: "call_analyzed",
        call: {
          ...base,
          call_analysis: {
            call_summary: "Booked for Friday",
            in_voicemail: false,
            custom_analysis_data: { outcome: "booked" },
          },
        },
      }),
      { receivedAt },
    );
    expect(analyzed).toMatchObject({ event: "analyzed", outcome: "booked", summary: "Booked for Friday" });
  });

  it("started carries the start time; other events are ignored", () => {
    const s = retellToCallReport(retellWebhookSchema.parse({ event: "call_started", call: base }), {
      receivedAt,
    });
    expect(s).toMatchObject({ event: "started", at: new Date(base.start_timestamp) });
    expect(s?.result).toBeUndefined();
    expect(
      retellToCallReport(retellWebhookSchema.parse({ event: "transcript_updated", call: base }), {
        receivedAt,
      }),
    ).toBeNull();
  });

  it("rejects a body without a call id", () => {
    expect(retellWebhookSchema.safeParse({ event: "call_ended", call: {} }).success).toBe(false);
  });
});
