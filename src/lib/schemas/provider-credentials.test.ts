import { describe, expect, it } from "vitest";
import { saveProviderCredentialsSchema } from "./provider-credentials";

const issues = (input: unknown) => {
  const result = saveProviderCredentialsSchema.safeParse(input);
  return result.success
    ? {}
    : Object.fromEntries(result.error.issues.map((i) => [i.path.join("."), i.message]));
};

describe("saveProviderCredentialsSchema", () => {
  it("trims the key and reads form strings as numbers", () => {
    expect(
      saveProviderCredentialsSchema.parse({
        provider: "retell",
        apiKey: "  key_abc123  ",
        concurrency: "12",
      }),
    ).toEqual({ provider: "retell", apiKey: "key_abc123", concurrency: 12 });
    expect(
      saveProviderCredentialsSchema.parse({
        provider: "calcom",
        apiKey: "cal_live_x",
        webhookSecret: "",
        eventTypeId: "4321",
      }),
    ).toEqual({ provider: "calcom", apiKey: "cal_live_x", webhookSecret: undefined, eventTypeId: 4321 });
  });

  it("needs a key without spaces", () => {
    expect(issues({ provider: "vapi", apiKey: "   " })).toEqual({ apiKey: "Paste the API key." });
    expect(issues({ provider: "vapi", apiKey: "abc def" }).apiKey).toMatch(/no spaces/);
  });

  it("needs Cal.com's event type id as a positive whole number", () => {
    expect(issues({ provider: "calcom", apiKey: "cal_x" }).eventTypeId).toMatch(/event type id/);
    expect(issues({ provider: "calcom", apiKey: "cal_x", eventTypeId: "" }).eventTypeId).toMatch(
      /event type id/,
    );
    expect(issues({ provider: "calcom", apiKey: "cal_x", eventTypeId: "-3" }).eventTypeId).toMatch(
      /positive/,
    );
    expect(issues({ provider: "calcom", apiKey: "cal_x", eventTypeId: "1.5" }).eventTypeId).toMatch(/whole/);
  });

  it("keeps Vapi's optional settings optional and bounds concurrency", () => {
    expect(saveProviderCredentialsSchema.parse({ provider: "vapi", apiKey: "k", concurrency: "" })).toEqual({
      provider: "vapi",
      apiKey: "k",
      webhookSecret: undefined,
      concurrency: undefined,
    });
    expect(issues({ provider: "vapi", apiKey: "k", concurrency: "0" }).concurrency).toBe("At least 1.");
    expect(issues({ provider: "vapi", apiKey: "k", concurrency: "two" }).concurrency).toBe(
      "Enter a whole number.",
    );
  });

  it("refuses providers it does not know", () => {
    expect(saveProviderCredentialsSchema.safeParse({ provider: "twilio", apiKey: "k" }).success).toBe(false);
  });
});
