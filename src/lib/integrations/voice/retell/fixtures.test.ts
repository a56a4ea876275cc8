import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { logger } from "@/lib/logger";
import { retellToCallReport } from "./transform";
import { retellWebhookSchema } from "./webhook-schema";

// Webhook bodies in Retell's documented format (providers.md 1.3-1.4), in tests/fixtures/retell.
const dir = path.resolve(import.meta.dirname, "../../../../../tests/fixtures/retell");
const fixture = (name: string) =>
  retellWebhookSchema.parse(JSON.parse(readFileSync(path.join(dir, `${name}.json`), "utf8")));
const receivedAt = new Date("2026-12-03T13:00:00Z");
const report = (name: string) => retellToCallReport(fixture(name), { receivedAt });

describe("retell webhook fixtures -> CallReport", () => {
  it("call_started: the start time and our call id, nothing else", () => {
    const r = report("call_started");
    expect(r).toEqual({
      provider: "retell",
      providerCallId: "Jabr9TXYYJHfvl6Syypi88rdAHYHmcq6",
      callId: "11111111-1111-4111-8111-111111111111",
      event: "started",
      at: new Date("2026-12-03T12:18:00.000Z"),
      startedAt: new Date("2026-12-03T12:18:00.000Z"),
    });
  });

  it("call_ended (user_hangup): every record field", () => {
    expect(report("call_ended_user_hangup")).toEqual({
      provider: "retell",
      providerCallId: "Jabr9TXYYJHfvl6Syypi88rdAHYHmcq6",
      callId: "11111111-1111-4111-8111-111111111111",
      event: "ended",
      at: new Date("2026-12-03T12:19:33.400Z"),
      startedAt: new Date("2026-12-03T12:18:00.000Z"),
      endedAt: new Date("2026-12-03T12:19:33.400Z"),
      result: "answered",
      providerReason: "user_hangup",
      durationSeconds: 93,
      costCents: 12,
      transcript: expect.stringContaining("Friday at ten works."),
      transcriptTurns: [
        { role: "agent", text: "Hi Ada, this is Sam from Acme." },
        { role: "user", text: "Hi, yes?" },
        { role: "agent", text: "Could we book a short call on Friday?" },
        { role: "user", text: "Friday at ten works." },
      ],
      agentId: "oBeDLoLOeuAbiuaMFXRtDOLriTJ5tSxD",
      recordingUrl: "https://dxc03zgurdly9.cloudfront.net/Jabr9TXYYJHfvl6Syypi88rdAHYHmcq6/recording.wav",
    });
  });

  it.each([
    ["call_ended_dial_no_answer", "no_answer", "dial_no_answer"],
    ["call_ended_dial_busy", "busy", "dial_busy"],
    ["call_ended_dial_failed", "failed", "dial_failed"],
    ["call_ended_voicemail_reached", "voicemail", "voicemail_reached"],
    ["call_ended_call_transfer", "answered", "call_transfer"],
  ])("%s -> %s", (name, result, reason) => {
    const r = report(name);
    expect(r).toMatchObject({ event: "ended", result, providerReason: reason });
  });

  it("a call that never connected has no start, no duration and no turns", () => {
    expect(report("call_ended_dial_no_answer")).toMatchObject({
      startedAt: null,
      durationSeconds: null,
      costCents: 0,
      transcriptTurns: null,
      transcript: "",
    });
  });

  it("a transfer target's words stay in the transcript but not in the agent/user turns", () => {
    const r = report("call_ended_call_transfer");
    expect(r?.transcriptTurns).toHaveLength(4);
    expect(r?.transcriptTurns?.every((t) => t.role === "agent" || t.role === "user")).toBe(true);
  });

  it("an unknown disconnection_reason is accepted, recorded verbatim, failed, and logged", () => {
    const warn = vi.spyOn(logger, "warn").mockImplementation(() => {});
    const r = report("call_ended_unknown_reason");
    expect(r).toMatchObject({ result: "failed", providerReason: "quantum_tunnel_collapse" });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("unknown disconnection_reason"), {
      reason: "quantum_tunnel_collapse",
    });
    warn.mockRestore();
  });

  it("call_analyzed: outcome, summary and the whole analysis incl. custom data", () => {
    expect(report("call_analyzed_booked")).toMatchObject({
      event: "analyzed",
      result: "answered",
      outcome: "booked",
      summary: "Ada agreed to a 15-minute call on Friday at 10:00.",
      analysis: {
        call_successful: true,
        user_sentiment: "Positive",
        in_voicemail: false,
        custom_analysis_data: { outcome: "booked", meeting_time: "2026-12-04T15:00:00Z" },
      },
      costCents: 12,
      transcriptTurns: expect.arrayContaining([{ role: "user", text: "Friday at ten works." }]),
    });
    expect(report("call_analyzed_dial_no_answer")).toMatchObject({
      event: "analyzed",
      result: "no_answer",
      outcome: "unknown",
    });
  });

  it("a malformed transcript_object is dropped, not a failed delivery", () => {
    const body = JSON.parse(readFileSync(path.join(dir, "call_ended_user_hangup.json"), "utf8"));
    body.call.transcript_object = "not a list";
    const r = retellToCallReport(retellWebhookSchema.parse(body), { receivedAt });
    expect(r).toMatchObject({ result: "answered", transcriptTurns: null });
    expect(r?.transcript).toContain("Friday");
  });
});
