import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { logger } from "@/lib/logger";
import { parseVapiServerMessage } from "./server-message-schema";
import { vapiToCallReport } from "./transform";
import { vapiCallState } from "./vapi-voice";

// Server messages in Vapi's documented format (providers.md 2.5; SDK ServerMessage*), in tests/fixtures/vapi.
const dir = path.resolve(import.meta.dirname, "../../../../../tests/fixtures/vapi");
const raw = (name: string) => JSON.parse(readFileSync(path.join(dir, `${name}.json`), "utf8"));
const receivedAt = new Date("2026-12-03T13:00:00Z");
const report = (name: string) => vapiToCallReport(parseVapiServerMessage(raw(name)), { receivedAt });

const ids = {
  provider: "vapi",
  providerCallId: "9f1c6a52-3b7e-4c1a-a3e1-5d2b8c7f0e11",
  callId: "11111111-1111-4111-8111-111111111111",
};

describe("vapi server messages -> CallReport", () => {
  it("status-update in-progress: the start, with our call id from assistantOverrides.metadata", () => {
    expect(report("status-update-in-progress")).toEqual({
      ...ids,
      event: "started",
      at: new Date("2026-12-03T12:18:00.000Z"),
      startedAt: new Date("2026-12-03T12:18:00.000Z"),
    });
  });

  it("status-update ringing and the message types we do not act on: no report", () => {
    expect(report("status-update-ringing")).toBeNull();
    expect(report("speech-update")).toBeNull();
    expect(report("conversation-update")).toBeNull();
    expect(parseVapiServerMessage(raw("speech-update"))).toEqual({ type: "other", rawType: "speech-update" });
  });

  it("status-update ended: acknowledged, not acted on (the end-of-call report ends the call with its cost)", () => {
    expect(report("status-update-ended-customer-did-not-answer")).toBeNull();
    expect(report("status-update-ended-customer-ended-call")).toBeNull();
  });

  it("end-of-call-report (booked): every record field; dollars become cents; tool and system turns left out", () => {
    expect(report("end-of-call-report-booked")).toEqual({
      ...ids,
      event: "analyzed",
      at: new Date("2026-12-03T12:19:33.400Z"),
      result: "answered",
      providerReason: "customer-ended-call",
      outcome: "booked",
      callbackAt: null,
      startedAt: new Date("2026-12-03T12:18:00.000Z"),
      endedAt: new Date("2026-12-03T12:19:33.400Z"),
      durationSeconds: 93,
      costCents: 12,
      summary: "Ada booked a cleaning for Friday at 10 AM.",
      transcript: raw("end-of-call-report-booked").message.artifact.transcript,
      transcriptTurns: [
        { role: "agent", text: "Hi Ada, this is Riley from Acme Dental. Do you have a minute?" },
        { role: "user", text: "Sure, go ahead." },
        { role: "agent", text: "You're booked for Friday at 10 AM. Anything else?" },
        { role: "user", text: "No, thanks. Bye!" },
      ],
      agentId: "0b5e1c6d-4f0e-4b9a-9a41-2e6f1d0c9b77",
      recordingUrl: "https://storage.vapi.ai/9f1c6a52-mono.wav",
      analysis: {
        summary: "Ada booked a cleaning for Friday at 10 AM.",
        structuredData: { outcome: "booked", callback_at: null },
        successEvaluation: "true",
      },
    });
  });

  it("end-of-call-report outcomes from structuredData: callback with its time, do_not_call", () => {
    expect(report("end-of-call-report-callback")).toMatchObject({
      result: "answered",
      providerReason: "assistant-ended-call",
      outcome: "callback",
      callbackAt: new Date("2026-12-04T20:00:00.000Z"),
      costCents: 8,
    });
    expect(report("end-of-call-report-do-not-call")).toMatchObject({
      result: "answered",
      outcome: "do_not_call",
      callbackAt: null,
    });
  });

  it.each([
    ["end-of-call-report-customer-did-not-answer", "no_answer", "customer-did-not-answer"],
    ["end-of-call-report-customer-busy", "busy", "customer-busy"],
    ["end-of-call-report-voicemail", "voicemail", "voicemail"],
    ["end-of-call-report-silence-timed-out", "answered", "silence-timed-out"],
    ["end-of-call-report-twilio-failed-to-connect-call", "failed", "twilio-failed-to-connect-call"],
    ["end-of-call-report-pipeline-error", "failed", "pipeline-error-openai-llm-failed"],
    [
      "end-of-call-report-concurrency-limit",
      "failed",
      "call.start.error-subscription-concurrency-limit-reached",
    ],
  ] as const)(
    "%s: result %s, the raw reason kept, outcome unknown without structured data",
    (name, result, reason) => {
      const r = report(name);
      expect(r).toMatchObject({ event: "analyzed", result, providerReason: reason, outcome: "unknown" });
    },
  );

  it("a call that never connected: no start, no duration, zero cost, no turns, no analysis", () => {
    expect(report("end-of-call-report-customer-did-not-answer")).toMatchObject({
      startedAt: null,
      durationSeconds: null,
      costCents: 0,
      transcriptTurns: null,
      analysis: null,
      summary: null,
    });
  });

  it("an unknown endedReason: failed, kept verbatim, logged, not thrown", () => {
    const warn = vi.spyOn(logger, "warn").mockImplementation(() => {});
    expect(report("end-of-call-report-unknown-reason")).toMatchObject({
      result: "failed",
      providerReason: "call.in-the-future.some-new-reason",
    });
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
  });

  it("bodies that are not Vapi messages, or lack the call, are refused by the schema", () => {
    expect(() => parseVapiServerMessage({ event: "call_ended" })).toThrow();
    const noCall = raw("end-of-call-report-booked");
    delete noCall.message.call;
    expect(() => parseVapiServerMessage(noCall)).toThrow();
  });

  it("our ids are read from assistant.metadata when the call does not echo the overrides", () => {
    const body = raw("status-update-in-progress");
    delete body.message.call.assistantOverrides;
    expect(vapiToCallReport(parseVapiServerMessage(body), { receivedAt })?.callId).toBe(ids.callId);
  });
});

describe("vapi GET /call/:id -> ProviderCallState", () => {
  const ended = raw("end-of-call-report-booked").message;
  it.each([
    ["queued", "pending"],
    ["ringing", "pending"],
    ["in-progress", "ongoing"],
    ["forwarding", "ongoing"],
  ])("%s -> %s", (status, state) => {
    expect(vapiCallState({ ...ended.call, status }, receivedAt)).toEqual({ state });
  });

  it("ended with its analysis: the analyzed report; ended before analysis: an ended report without outcome", () => {
    const analyzed = vapiCallState(
      { ...ended.call, analysis: ended.analysis, artifact: ended.artifact, cost: ended.cost },
      receivedAt,
    );
    expect(analyzed).toMatchObject({
      state: "ended",
      report: { event: "analyzed", outcome: "booked", costCents: 12, result: "answered" },
    });
    const pending = vapiCallState({ ...ended.call, cost: ended.cost }, receivedAt);
    expect(pending).toMatchObject({
      state: "ended",
      report: { event: "ended", result: "answered", costCents: 12 },
    });
    expect(pending?.state === "ended" && "outcome" in pending.report).toBe(false);
  });

  it("not-found: null", () => {
    expect(vapiCallState({ ...ended.call, status: "not-found" }, receivedAt)).toBeNull();
  });
});
