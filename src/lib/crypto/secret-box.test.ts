import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { open, parseEncryptionKey, seal } from "./secret-box";

const key = randomBytes(32);

describe("secret box (AES-256-GCM)", () => {
  it("opens what it sealed, and never stores the plaintext", () => {
    const sealed = seal("key_live_abc123", key, "org-1:retell:api_key");
    expect(sealed.startsWith("v1.")).toBe(true);
    expect(sealed).not.toContain("key_live_abc123");
    expect(open(sealed, key, "org-1:retell:api_key")).toBe("key_live_abc123");
  });

  it("seals the same secret differently each time (random IV)", () => {
    expect(seal("same", key, "a")).not.toBe(seal("same", key, "a"));
  });

  it("refuses another key, another aad, and an altered ciphertext", () => {
    const sealed = seal("secret", key, "org-1:vapi:api_key");
    expect(() => open(sealed, randomBytes(32), "org-1:vapi:api_key")).toThrow(/does not open/);
    expect(() => open(sealed, key, "org-2:vapi:api_key")).toThrow(/does not open/);
    const parts = sealed.split(".");
    const body = Buffer.from(parts[3]!, "base64url");
    body[0] = (body[0] ?? 0) ^ 1;
    parts[3] = body.toString("base64url");
    expect(() => open(parts.join("."), key, "org-1:vapi:api_key")).toThrow(/does not open/);
    expect(() => open("plain-text", key, "x")).toThrow(/unknown format/);
  });

  it("reads hex and base64 keys of 32 bytes and refuses others", () => {
    expect(parseEncryptionKey(key.toString("hex")).equals(key)).toBe(true);
    expect(parseEncryptionKey(key.toString("base64")).equals(key)).toBe(true);
    expect(() => parseEncryptionKey("too-short")).toThrow(/32 bytes/);
  });
});
