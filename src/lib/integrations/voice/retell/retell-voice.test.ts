import { APIConnectionTimeoutError, APIError } from "retell-sdk";
import { describe, expect, it } from "vitest";
import { retellVoiceError } from "./retell-voice";

const apiError = (status: number, message: string) =>
  APIError.generate(status, { message }, undefined, new Headers());

describe("retellVoiceError", () => {
  it.each([
    [401, "Invalid API key", "auth"],
    [403, "Forbidden", "auth"],
    [429, "Too many requests", "over_concurrency"],
    [400, "Concurrency limit reached for this workspace", "over_concurrency"],
    [400, "to_number +12125550123 is not a valid E.164 number", "invalid_number"],
    [422, "Invalid destination", "invalid_number"],
    [400, "from_number is not a number purchased from or imported into Retell", "rejected"],
    [404, "Agent not found", "rejected"],
    [402, "No valid payment method", "auth"],
    [500, "Internal error", "transient"],
    [503, "Service unavailable", "transient"],
    [408, "Request timeout", "transient"],
  ])("%i %s -> %s", (status, message, kind) => {
    const e = retellVoiceError(apiError(status, message));
    expect(e.kind).toBe(kind);
    expect(e.providerReason).toBe(String(status));
  });

  it("connection failures and timeouts are transient", () => {
    expect(retellVoiceError(new APIConnectionTimeoutError()).kind).toBe("transient");
    expect(retellVoiceError(new TypeError("fetch failed")).kind).toBe("transient");
  });

  it("keeps phone numbers out of the message", () => {
    const e = retellVoiceError(apiError(400, "to_number +12125550123 is not valid"));
    expect(e.message).not.toContain("2125550123");
    expect(e.message).toContain("[number]");
  });
});
