import { createHash, randomBytes } from "node:crypto";

/** `live` leaves room for test-mode keys later without changing how keys are recognised. */
export const API_KEY_PREFIX = "dk_live_";
/** How much of a key is kept in clear, to tell keys apart in the list: the prefix plus 4 characters. */
export const API_KEY_VISIBLE_CHARS = 12;
// 32 random bytes are 43 base64url characters (no padding).
const API_KEY_PATTERN = /^dk_live_[A-Za-z0-9_-]{43}$/;

export function generateApiKey(): string {
  return `${API_KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
}

/**
 * SHA-256, not a slow password hash: the key is 256 random bits, so there is nothing to
 * brute-force, and the lookup runs on every API request.
 */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

export function apiKeyPrefix(key: string): string {
  return key.slice(0, API_KEY_VISIBLE_CHARS);
}

/** Whether a string has the shape of one of our keys (checked before touching the database). */
export function looksLikeApiKey(value: string): boolean {
  return API_KEY_PATTERN.test(value);
}
