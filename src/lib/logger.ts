import { env } from "@/env";

type Level = "debug" | "info" | "warn" | "error";
const ORDER: Record<Level, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/**
 * Structured one-line logs. Carry ids, never transcripts, phone numbers or secrets.
 */
function log(level: Level, message: string, fields?: Record<string, unknown>): void {
  let min: Level = "info";
  try {
    min = env().LOG_LEVEL;
  } catch {
    // Logging must work even while the environment is being reported as invalid.
  }
  if (ORDER[level] < ORDER[min]) return;
  const line = fields && Object.keys(fields).length ? `${message} ${JSON.stringify(fields)}` : message;
  const out = level === "error" ? console.error : level === "warn" ? console.warn : console.log;
  out(`[dialer] ${level.padEnd(5)} ${line}`);
}

export const logger = {
  debug: (m: string, f?: Record<string, unknown>) => log("debug", m, f),
  info: (m: string, f?: Record<string, unknown>) => log("info", m, f),
  warn: (m: string, f?: Record<string, unknown>) => log("warn", m, f),
  error: (m: string, f?: Record<string, unknown>) => log("error", m, f),
};
