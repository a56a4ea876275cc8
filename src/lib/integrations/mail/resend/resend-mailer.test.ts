import { describe, expect, it } from "vitest";
import { toMailError } from "./resend-mailer";

describe("toMailError", () => {
  it("429 is rate_limited with retry-after in seconds (1 when absent)", () => {
    const e = toMailError(
      { statusCode: 429, name: "rate_limit_exceeded", message: "slow down" },
      { "retry-after": "3" },
    );
    expect(e).toMatchObject({ kind: "rate_limited", retryAfterSeconds: 3 });
    expect(toMailError({ statusCode: 429, name: "rate_limit_exceeded" }, null).retryAfterSeconds).toBe(1);
  });

  it.each([
    [401, "missing_api_key", "auth"],
    [403, "invalid_api_key", "auth"],
    [422, "validation_error", "invalid"],
    [400, "invalid_parameter", "invalid"],
    [500, "internal_server_error", "transient"],
    [null, "application_error", "transient"],
  ] as const)("%s %s is %s", (statusCode, name, kind) => {
    expect(toMailError({ statusCode, name, message: "m" }, null).kind).toBe(kind);
  });

  it("names the status and message, never the key", () => {
    expect(
      toMailError({ statusCode: 422, name: "validation_error", message: "Invalid `to` field." }, null)
        .message,
    ).toBe("Resend: Invalid `to` field. (422)");
  });
});
