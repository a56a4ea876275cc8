/**
 * Number → time-zone lookup figures (prints, asserts nothing):
 *   npm run bench -- phone-timezone
 * The first call loads and indexes libphonenumber's prefix table; an import then looks up one
 * number per row. 100,000 lookups over 1,000 US numbers across every area code, then 100,000 over
 * numbers in multi-zone area codes only, which also go through the ranking (zone-ranking.ts).
 */
import { timezonesForE164 } from "../src/lib/leads/normalize/phone-timezone";

const LOOKUPS = 100_000;

function lookups(label: string, numbers: string[]): void {
  let multiZone = 0;
  const start = performance.now();
  for (let i = 0; i < LOOKUPS; i++) {
    const zones = timezonesForE164(numbers[i % numbers.length] ?? "").length;
    if (zones >= 2 && zones <= 3) multiZone++;
  }
  const ms = performance.now() - start;
  console.info(
    `phone-timezone: ${LOOKUPS.toLocaleString("en-US")} lookups, ${label}: ${ms.toFixed(1)} ms ` +
      `(${((ms * 1000) / LOOKUPS).toFixed(2)} µs each; ${((multiZone * 100) / LOOKUPS).toFixed(0)} % multi-zone)`,
  );
}

export async function benchPhoneTimezone(): Promise<void> {
  const loadStart = performance.now();
  timezonesForE164("+12125550123");
  console.info(
    `phone-timezone: first call (loads the table) ${(performance.now() - loadStart).toFixed(1)} ms`,
  );

  const serial = (i: number) => String(i).padStart(4, "0");
  lookups(
    "every area code",
    Array.from({ length: 1_000 }, (_, i) => `+1${200 + (i % 800)}555${serial(i)}`),
  );
  // Area code and, where only some exchanges span zones, the exchange.
  const multiZone = ["907", "208320", "605", "701", "775", "928871"];
  lookups(
    "multi-zone area codes",
    Array.from(
      { length: 1_000 },
      (_, i) => `+1${(multiZone[i % multiZone.length] ?? "").padEnd(6, "555")}${serial(i)}`,
    ),
  );
}
