import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env } from "@/env";

let cached: string | undefined;

/**
 * SESSION_SECRET, or in local mode a random secret kept beside the embedded database
 * (`.data/session-secret`), so a laptop install needs no configuration and sessions survive
 * restarts. Self-hosted mode refuses to start without SESSION_SECRET (see env.ts).
 */
export function sessionSecret(): string {
  if (cached) return cached;
  const e = env();
  if (e.SESSION_SECRET) {
    cached = e.SESSION_SECRET;
    return cached;
  }
  const file = path.join(path.dirname(path.resolve(e.PGLITE_DIR)), "session-secret");
  if (existsSync(file)) {
    cached = readFileSync(file, "utf8").trim();
  } else {
    mkdirSync(path.dirname(file), { recursive: true });
    cached = randomBytes(48).toString("base64url");
    writeFileSync(file, cached, { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return cached;
}
