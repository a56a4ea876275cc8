import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/*
 * Sealing secrets stored in the database (provider keys an organization enters in settings):
 * AES-256-GCM with a random 96-bit IV, the 128-bit tag checked on open. The stored form is
 * `v1.<iv>.<tag>.<ciphertext>` in base64url, so a later key or algorithm can be told apart.
 * `aad` binds a ciphertext to where it belongs (e.g. `<org id>:retell:api_key`): a sealed key
 * copied into another organization's row does not open there.
 */

const VERSION = "v1";

/** Reads a 32-byte key written as 64 hex characters or as base64/base64url. */
export function parseEncryptionKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, "hex") : Buffer.from(trimmed, "base64");
  if (key.length !== 32) {
    throw new Error(
      "ENCRYPTION_KEY must be 32 bytes, written as 64 hex characters or base64 (`openssl rand -base64 32`).",
    );
  }
  return key;
}

export function seal(plaintext: string, key: Buffer, aad: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(aad, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [
    VERSION,
    iv.toString("base64url"),
    tag.toString("base64url"),
    ciphertext.toString("base64url"),
  ].join(".");
}

/** Opens a sealed secret; throws when it was sealed under another key or aad, or was altered. */
export function open(sealed: string, key: Buffer, aad: string): string {
  const parts = sealed.split(".");
  if (parts.length !== 4 || parts[0] !== VERSION) throw new Error("Not a sealed secret (unknown format).");
  const [, iv, tag, ciphertext] = parts as [string, string, string, string];
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(aad, "utf8"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  try {
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString(
      "utf8",
    );
  } catch {
    throw new Error(
      "The sealed secret does not open with this key: it was sealed under another key or altered.",
    );
  }
}
