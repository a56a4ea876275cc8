import { describe, expect, it } from "vitest";
import { providerReasonLabel } from "@/components/campaigns/call-labels";
import {
  analysisGroups,
  formatAnalysisValue,
  formatCost,
  formatGap,
  humanizeKey,
  RETELL_SIGNED_URL_MS,
  recordingState,
  SUMMARY_KEYS,
  turnsFromText,
} from "./call-format";

describe("formatCost", () => {
  it("shows cents as dollars with two decimals", () => {
    expect(formatCost(42)).toBe("$0.42");
    expect(formatCost(0)).toBe("$0.00");
    expect(formatCost(7)).toBe("$0.07");
    expect(formatCost(123456)).toBe("$1,234.56");
  });
  it("shows a dash when no cost was reported", () => {
    expect(formatCost(null)).toBe("—");
  });
});

describe("humanizeKey", () => {
  it("turns snake, kebab and camel case into a sentence-case label", () => {
    expect(humanizeKey("user_sentiment")).toBe("User sentiment");
    expect(humanizeKey("successEvaluation")).toBe("Success evaluation");
    expect(humanizeKey("callback-at")).toBe("Callback at");
    expect(humanizeKey("in_voicemail")).toBe("In voicemail");
  });
  it("keeps a key made only of separators as it is", () => {
    expect(humanizeKey("__")).toBe("__");
  });
});

describe("formatAnalysisValue", () => {
  it("renders scalars readably", () => {
    expect(formatAnalysisValue(true)).toBe("Yes");
    expect(formatAnalysisValue(false)).toBe("No");
    expect(formatAnalysisValue(3)).toBe("3");
    expect(formatAnalysisValue("Positive")).toBe("Positive");
    expect(formatAnalysisValue(null)).toBe("—");
    expect(formatAnalysisValue("")).toBe("—");
  });
  it("joins lists of scalars and falls back to compact JSON for anything deeper", () => {
    expect(formatAnalysisValue(["pricing", "demo", true])).toBe("pricing, demo, Yes");
    expect(formatAnalysisValue([])).toBe("—");
    expect(formatAnalysisValue({ a: { b: 1 } })).toBe('{"a":{"b":1}}');
    expect(formatAnalysisValue([{ q: "x" }])).toBe('[{"q":"x"}]');
  });
});

describe("analysisGroups", () => {
  it("puts top-level fields first and each nested object in its own titled group", () => {
    const groups = analysisGroups(
      {
        call_summary: "Booked a demo.",
        call_successful: true,
        user_sentiment: "Positive",
        custom_analysis_data: { outcome: "booked", callback_at: null, topics: ["pricing"], extra: { x: 1 } },
      },
      SUMMARY_KEYS,
    );
    expect(groups).toEqual([
      {
        key: "",
        title: null,
        fields: [
          { key: "call_successful", label: "Call successful", value: "Yes", json: false },
          { key: "user_sentiment", label: "User sentiment", value: "Positive", json: false },
        ],
      },
      {
        key: "custom_analysis_data",
        title: "Custom analysis data",
        fields: [
          { key: "outcome", label: "Outcome", value: "Booked", json: false, raw: "booked" },
          { key: "callback_at", label: "Callback at", value: "—", json: false },
          { key: "topics", label: "Topics", value: "pricing", json: false },
          { key: "extra", label: "Extra", value: '{"x":1}', json: true },
        ],
      },
    ]);
  });
  it("reads Vapi's shape and leaves out empty groups", () => {
    const groups = analysisGroups(
      {
        summary: "No answer.",
        structuredData: { outcome: "callback" },
        successEvaluation: "false",
        empty: {},
      },
      SUMMARY_KEYS,
    );
    expect(groups.map((g) => g.title)).toEqual([null, "Structured data"]);
    expect(groups[0]?.fields).toEqual([
      { key: "successEvaluation", label: "Success evaluation", value: "false", json: false },
    ]);
  });
  it("shows machine tokens in words and keeps the raw value for the tooltip; prose stays as it is", () => {
    const [group] = analysisGroups({ outcome: "not_interested", reason: "user_hangup", mood: "Calm" });
    expect(group?.fields).toEqual([
      { key: "outcome", label: "Outcome", value: "Not interested", json: false, raw: "not_interested" },
      { key: "reason", label: "Reason", value: "User hangup", json: false, raw: "user_hangup" },
      { key: "mood", label: "Mood", value: "Calm", json: false },
    ]);
  });
  it("has nothing to show for no analysis or one holding only the summary", () => {
    expect(analysisGroups(null)).toEqual([]);
    expect(analysisGroups({ call_summary: "x" }, SUMMARY_KEYS)).toEqual([]);
  });
});

describe("recordingState", () => {
  const now = new Date("2026-12-03T12:00:00Z");
  const url = "https://recordings.example/r.wav";
  it("the simulator records nothing, whatever the row says", () => {
    expect(recordingState({ provider: "simulator", recordingUrl: url, endedAt: now, now })).toEqual({
      kind: "simulated",
    });
  });
  it("no link yet while the call runs, none at all once it ended without one", () => {
    expect(recordingState({ provider: "retell", recordingUrl: null, endedAt: null, now }).kind).toBe(
      "pending",
    );
    expect(recordingState({ provider: "vapi", recordingUrl: null, endedAt: now, now }).kind).toBe("missing");
  });
  it("a Retell link expires 24 hours after the call ended", () => {
    const endedAt = new Date(now.getTime() - RETELL_SIGNED_URL_MS + 60_000);
    expect(recordingState({ provider: "retell", recordingUrl: url, endedAt, now })).toEqual({
      kind: "retell-fresh",
      expiresAt: new Date(endedAt.getTime() + RETELL_SIGNED_URL_MS),
    });
    const older = new Date(now.getTime() - RETELL_SIGNED_URL_MS);
    expect(recordingState({ provider: "retell", recordingUrl: url, endedAt: older, now }).kind).toBe(
      "retell-expired",
    );
  });
  it("a Vapi link is presigned", () => {
    expect(recordingState({ provider: "vapi", recordingUrl: url, endedAt: now, now }).kind).toBe("vapi");
  });
});

describe("turnsFromText", () => {
  it("reads Retell's Agent/User lines and Vapi's AI/User lines as turns", () => {
    expect(turnsFromText("Agent: Hi, this is Ava.\nUser: Hello?\nAgent: Is now a good time?")).toEqual([
      { role: "agent", text: "Hi, this is Ava." },
      { role: "user", text: "Hello?" },
      { role: "agent", text: "Is now a good time?" },
    ]);
    expect(turnsFromText("AI: Hello.\r\n\r\nuser: Who is this?")).toEqual([
      { role: "agent", text: "Hello." },
      { role: "user", text: "Who is this?" },
    ]);
  });
  it("joins a line without a speaker to the turn before it", () => {
    expect(turnsFromText("User: I can do Tuesday\nafter lunch")).toEqual([
      { role: "user", text: "I can do Tuesday\nafter lunch" },
    ]);
  });
  it("gives null for text that does not open with a known speaker, or no text", () => {
    expect(turnsFromText("[simulated call: no real conversation took place]")).toBeNull();
    expect(turnsFromText("Note: the agent said hi\nAgent: Hi")).toBeNull();
    expect(turnsFromText("   ")).toBeNull();
    expect(turnsFromText(null)).toBeNull();
  });
});

describe("formatGap", () => {
  const t0 = new Date("2026-12-03T12:00:00Z");
  const plus = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
  it("says how long a step took, in the largest two units", () => {
    expect(formatGap(t0, plus(0))).toBe("+0 s");
    expect(formatGap(t0, plus(4.4))).toBe("+4 s");
    expect(formatGap(t0, plus(59))).toBe("+59 s");
    expect(formatGap(t0, plus(60))).toBe("+1 min");
    expect(formatGap(t0, plus(127))).toBe("+2 min 7 s");
    expect(formatGap(t0, plus(3 * 3600 + 4 * 60 + 30))).toBe("+3 h 4 min");
    expect(formatGap(t0, plus(2 * 86_400 + 3 * 3600))).toBe("+2 d 3 h");
  });
  it("never goes negative when clocks disagree", () => {
    expect(formatGap(t0, plus(-5))).toBe("+0 s");
  });
});

describe("providerReasonLabel", () => {
  it("says in words why the call ended, for both providers, and humanizes an unknown reason", () => {
    expect(providerReasonLabel("user_hangup")).toBe("The lead hung up");
    expect(providerReasonLabel("customer-ended-call")).toBe("The lead hung up");
    expect(providerReasonLabel("dial_no_answer")).toBe("No one picked up");
    expect(providerReasonLabel("some_new_reason")).toBe("Some new reason");
  });
});
