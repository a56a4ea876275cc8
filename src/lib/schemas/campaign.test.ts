import { describe, expect, it } from "vitest";
import { DEFAULT_RETRY_POLICY } from "@/lib/dialer/campaign-settings";
import {
  type CampaignSettingsInput,
  campaignSettingsSchema,
  END_LIMIT_MESSAGE,
  START_LIMIT_MESSAGE,
  WINDOW_LIMIT_MESSAGE,
} from "./campaign";

const VALID: CampaignSettingsInput = {
  name: "Solar",
  voiceProvider: "simulator",
  agentId: "",
  callerId: "",
  callingWindow: { days: [1, 2, 3, 4, 5], startMinute: 540, endMinute: 1200 },
  retryPolicy: DEFAULT_RETRY_POLICY,
  maxAttempts: 3,
  maxAttemptsPerDay: 2,
  maxConcurrentCalls: 5,
  dailyCallCap: null,
  spendCapDollars: null,
  requireConsent: false,
  breakerFailurePercent: 80,
  breakerWindow: 10,
};

function messages(input: CampaignSettingsInput): string[] {
  const result = campaignSettingsSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => i.message);
}

describe("campaignSettingsSchema", () => {
  it("accepts the defaults and turns blanks into null", () => {
    const parsed = campaignSettingsSchema.parse(VALID);
    expect(parsed.agentId).toBeNull();
    expect(parsed.callerId).toBeNull();
  });

  it("normalizes the caller ID to E.164 and rejects garbage", () => {
    expect(campaignSettingsSchema.parse({ ...VALID, callerId: "415-555-0100" }).callerId).toBe(
      "+14155550100",
    );
    expect(messages({ ...VALID, callerId: "call me" })[0]).toMatch(/caller ID/);
  });

  it("refuses hours outside 08:00-21:00 with the legal message", () => {
    expect(messages({ ...VALID, callingWindow: { days: [1], startMinute: 420, endMinute: 1200 } })).toEqual([
      START_LIMIT_MESSAGE,
    ]);
    expect(messages({ ...VALID, callingWindow: { days: [1], startMinute: 540, endMinute: 1320 } })).toEqual([
      END_LIMIT_MESSAGE,
    ]);
    expect(messages({ ...VALID, callingWindow: { days: [1], startMinute: 0, endMinute: 1440 } })).toEqual([
      START_LIMIT_MESSAGE,
      END_LIMIT_MESSAGE,
    ]);
    expect(WINDOW_LIMIT_MESSAGE).toMatch(/local time.*08:00–21:00/);
    expect(messages({ ...VALID, callingWindow: { days: [1], startMinute: 480, endMinute: 1260 } })).toEqual(
      [],
    );
  });

  it("needs a day, and an end after the start", () => {
    expect(messages({ ...VALID, callingWindow: { days: [], startMinute: 540, endMinute: 600 } })).toContain(
      "Choose at least one calling day.",
    );
    expect(messages({ ...VALID, callingWindow: { days: [1], startMinute: 700, endMinute: 600 } })).toContain(
      "The calling hours must end after they start.",
    );
  });

  it("bounds the limits", () => {
    expect(messages({ ...VALID, maxConcurrentCalls: 0 })).toEqual(["At least 1 call at a time."]);
    expect(messages({ ...VALID, maxConcurrentCalls: 101 })).toEqual(["At most 100 calls at a time."]);
    expect(messages({ ...VALID, maxAttempts: 1, maxAttemptsPerDay: 2 })).toEqual([
      "Attempts per 24 hours can't exceed the total attempts.",
    ]);
    expect(messages({ ...VALID, spendCapDollars: 0.5 })).toEqual(["At least $1."]);
    expect(messages({ ...VALID, dailyCallCap: 0 })).toHaveLength(1);
    expect(
      messages({
        ...VALID,
        retryPolicy: { ...DEFAULT_RETRY_POLICY, busy: { retry: true, delayMinutes: 1 } },
      }),
    ).toEqual(["Wait at least 5 minutes before calling again."]);
  });

  it("takes the follow-up emails a campaign turns off, once each, and refuses unknown kinds", () => {
    expect(campaignSettingsSchema.parse(VALID).disabledEmailKinds).toBeUndefined();
    expect(
      campaignSettingsSchema.parse({ ...VALID, disabledEmailKinds: ["reminder", "missed_call", "reminder"] })
        .disabledEmailKinds,
    ).toEqual(["missed_call", "reminder"]);
    expect(campaignSettingsSchema.safeParse({ ...VALID, disabledEmailKinds: ["test"] }).success).toBe(false);
  });
});
