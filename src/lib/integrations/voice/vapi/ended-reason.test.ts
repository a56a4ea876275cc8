import { Vapi } from "@vapi-ai/server-sdk";
import { describe, expect, it, vi } from "vitest";
import { logger } from "@/lib/logger";
import { knownEndedReasonResult, resultForEndedReason } from "./ended-reason";

describe("vapi endedReason -> result", () => {
  it("every reason the SDK documents is classified (none falls through to the unknown fallback)", () => {
    const all = new Set<string>([
      ...Object.values(Vapi.CallEndedReason),
      ...Object.values(Vapi.ServerMessageEndOfCallReportEndedReason),
      ...Object.values(Vapi.ServerMessageStatusUpdateEndedReason),
    ]);
    expect(all.size).toBeGreaterThan(500);
    expect([...all].filter((r) => knownEndedReasonResult(r) === null)).toEqual([]);
  });

  it.each([
    ["customer-did-not-answer", "no_answer"],
    ["customer-busy", "busy"],
    ["voicemail", "voicemail"],
    ["customer-ended-call", "answered"],
    ["customer-ended-call-during-transfer", "answered"],
    ["assistant-ended-call", "answered"],
    ["assistant-ended-call-after-message-spoken", "answered"],
    ["assistant-said-end-call-phrase", "answered"],
    ["assistant-forwarded-call", "answered"],
    ["exceeded-max-duration", "answered"],
    ["silence-timed-out", "answered"],
    ["call.in-progress.twilio-completed-call", "answered"],
    ["twilio-failed-to-connect-call", "failed"],
    ["twilio-reported-customer-misdialed", "failed"],
    ["call.start.error-subscription-concurrency-limit-reached", "failed"],
    ["call.start.error-vapi-number-outbound-daily-limit", "failed"],
    ["pipeline-error-openai-llm-failed", "failed"],
    ["call.in-progress.error-vapifault-openai-llm-failed", "failed"],
    ["call.in-progress.error-providerfault-deepgram-returning-500-invalid-json", "failed"],
    ["assistant-request-returned-error", "failed"],
    ["manually-canceled", "failed"],
    ["worker-shutdown", "failed"],
  ] as const)("%s -> %s", (reason, result) => {
    expect(resultForEndedReason(reason)).toBe(result);
  });

  it("an unknown reason is failed and logged with the reason, never thrown; a missing one is failed", () => {
    const warn = vi.spyOn(logger, "warn").mockImplementation(() => {});
    expect(resultForEndedReason("call.some-future.reason")).toBe("failed");
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("unknown endedReason"), {
      reason: "call.some-future.reason",
    });
    warn.mockClear();
    expect(resultForEndedReason(undefined)).toBe("failed");
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });
});
