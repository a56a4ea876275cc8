import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  safeEqual,
  signVapiBody,
  vapiAuthHeaders,
  verifyVapiCredential,
  verifyVapiHmac,
} from "./verify-request";

const secret = "whsec_test_0123456789";
const body = '{"message":{"type":"status-update","status":"in-progress"}}';
const now = new Date("2026-12-03T15:00:00Z");
/** Vapi's HMAC plan with its defaults: hex sha256 over `{timestamp}.{body}`. */
const vapiSign = (ts: string, b = body, s = secret) =>
  createHmac("sha256", s).update(`${ts}.${b}`).digest("hex");

describe("verifyVapiHmac", () => {
  it("accepts Vapi's default signature, with the timestamp in milliseconds or seconds, and a sha256= prefix", () => {
    const ms = String(now.getTime());
    const s = String(Math.floor(now.getTime() / 1000));
    expect(verifyVapiHmac({ rawBody: body, signature: vapiSign(ms), timestamp: ms, secret, now })).toBe(true);
    expect(verifyVapiHmac({ rawBody: body, signature: vapiSign(s), timestamp: s, secret, now })).toBe(true);
    expect(
      verifyVapiHmac({ rawBody: body, signature: `sha256=${vapiSign(ms)}`, timestamp: ms, secret, now }),
    ).toBe(true);
    expect(signVapiBody(body, secret, now)).toEqual({ signature: vapiSign(ms), timestamp: ms });
  });

  it("refuses a changed body, another secret, a timestamp out of the five-minute window or malformed, and missing parts", () => {
    const ms = String(now.getTime());
    const sig = vapiSign(ms);
    const check = (over: Partial<Parameters<typeof verifyVapiHmac>[0]>) =>
      verifyVapiHmac({ rawBody: body, signature: sig, timestamp: ms, secret, now, ...over });
    expect(check({ rawBody: `${body} ` })).toBe(false);
    expect(check({ secret: "whsec_other" })).toBe(false);
    expect(check({ now: new Date(now.getTime() + 5 * 60_000 + 1) })).toBe(false);
    expect(check({ now: new Date(now.getTime() - 5 * 60_000 - 1) })).toBe(false);
    expect(check({ now: new Date(now.getTime() + 5 * 60_000) })).toBe(true);
    // A signature over another timestamp does not verify with this one.
    expect(check({ timestamp: String(now.getTime() + 1) })).toBe(false);
    expect(check({ timestamp: "2026-12-03T15:00:00Z" })).toBe(false);
    expect(check({ signature: null })).toBe(false);
    expect(check({ timestamp: null })).toBe(false);
    expect(check({ secret: "" })).toBe(false);
    expect(check({ signature: sig.slice(0, -2) })).toBe(false);
  });
});

describe("verifyVapiCredential", () => {
  const none = { signature: null, timestamp: null, authorization: null, vapiSecret: null };
  it("accepts `Authorization: Bearer <secret>` and `X-Vapi-Secret: <secret>` exactly", () => {
    expect(verifyVapiCredential({ ...none, authorization: `Bearer ${secret}` }, secret)).toBe(true);
    expect(verifyVapiCredential({ ...none, authorization: `bearer ${secret}` }, secret)).toBe(true);
    expect(verifyVapiCredential({ ...none, vapiSecret: secret }, secret)).toBe(true);
  });
  it("refuses a wrong, partial or unprefixed Authorization value, and an empty secret", () => {
    expect(verifyVapiCredential({ ...none, authorization: `Bearer ${secret}x` }, secret)).toBe(false);
    expect(verifyVapiCredential({ ...none, authorization: `Bearer ${secret.slice(1)}` }, secret)).toBe(false);
    expect(verifyVapiCredential({ ...none, authorization: secret }, secret)).toBe(false);
    expect(verifyVapiCredential({ ...none, vapiSecret: "" }, "")).toBe(false);
    expect(verifyVapiCredential(none, secret)).toBe(false);
  });
});

describe("helpers", () => {
  it("safeEqual compares whole strings of any length", () => {
    expect(safeEqual("abc", "abc")).toBe(true);
    expect(safeEqual("abc", "abcd")).toBe(false);
    expect(safeEqual("", "")).toBe(true);
  });
  it("vapiAuthHeaders reads the headers case-insensitively", () => {
    const h = new Headers({
      "X-Signature": "s",
      "X-Timestamp": "1",
      Authorization: "Bearer t",
      "X-Vapi-Secret": "v",
    });
    expect(vapiAuthHeaders(h)).toEqual({
      signature: "s",
      timestamp: "1",
      authorization: "Bearer t",
      vapiSecret: "v",
    });
  });
});
