import "server-only";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env } from "@/env";
import { AppError } from "@/lib/errors";
import { parseEncryptionKey } from "./secret-box";

let cached: Buffer | undefined;

/**
 * The key provider secrets are sealed with: ENCRYPTION_KEY, or in local mode a key made once and
 * kept beside the embedded database (`.data/encryption.key`, mode 0600), so a laptop needs no
 * setup. Self-hosted and hosted deployments must set ENCRYPTION_KEY to store keys per organization.
 */
export function encryptionKey(): Buffer {
  if (cached) return cached;
  const e = env();
  if (e.ENCRYPTION_KEY) {
    cached = parseEncryptionKey(e.ENCRYPTION_KEY);
    return cached;
  }
  if (e.mode !== "local") {
    throw new AppError(
      "unavailable",
      "Storing provider keys needs ENCRYPTION_KEY on the server (32 bytes: `openssl rand -base64 32`). " +
        "Until then, set the provider's keys in the environment.",
    );
  }
  const file = path.join(path.dirname(path.resolve(e.PGLITE_DIR)), "encryption.key");
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    try {
      writeFileSync(file, randomBytes(32).toString("base64"), { mode: 0o600, flag: "wx" });
    } catch (error) {
      // Another process made it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  cached = parseEncryptionKey(readFileSync(file, "utf8"));
  return cached;
}

/** Test hook. */
export function resetEncryptionKeyCache(): void {
  cached = undefined;
}
