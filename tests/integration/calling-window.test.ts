import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CallingWindow, isCallableAt } from "@/lib/dialer/calling-window";
import { propertyRuns } from "../helpers/property-runs";
import { createTestDb, type TestDb, testDbKinds } from "../helpers/test-db";

/*
 * `private.in_calling_window` (the SQL the claim query uses) must give the same answer as
 * `isCallableAt` (the TypeScript the preview and scheduling use): same legal clamp to 08:00-21:00,
 * same DST handling, same fail-closed rules. Checked on random samples weighted towards DST
 * transition instants, on PGlite and on the machine's Postgres.
 */

const ZONES = [
  "America/New_York",
  "America/Phoenix",
  "Pacific/Honolulu",
  "Asia/Kolkata",
  "America/Anchorage",
  "America/Adak",
  "Europe/London",
  "Australia/Lord_Howe",
  "America/St_Johns",
  "Asia/Kathmandu",
  "America/Los_Angeles",
  "Pacific/Chatham",
];

const TRANSITIONS = [
  "2026-03-08T07:00:00Z",
  "2026-03-08T10:00:00Z",
  "2026-03-29T01:00:00Z",
  "2026-04-04T15:00:00Z",
  "2026-10-03T15:30:00Z",
  "2026-10-25T01:00:00Z",
  "2026-11-01T06:00:00Z",
  "2026-11-01T09:00:00Z",
].map((s) => Date.parse(s));

type Sample = { at: Date; zones: string[]; window: CallingWindow };

const sampleArb: fc.Arbitrary<Sample> = fc
  .record({
    ms: fc.oneof(
      fc.integer({ min: Date.parse("2026-01-01T00:00:00Z"), max: Date.parse("2027-01-01T00:00:00Z") }),
      fc
        .tuple(fc.constantFrom(...TRANSITIONS), fc.integer({ min: -30 * 60, max: 30 * 60 }))
        .map(([t, minutes]) => t + minutes * 60_000),
    ),
    zones: fc.uniqueArray(fc.constantFrom(...ZONES), { minLength: 1, maxLength: 3 }),
    days: fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 7 }),
    bounds: fc
      .tuple(fc.integer({ min: 0, max: 1439 }), fc.integer({ min: 1, max: 1440 }))
      .filter(([s, e]) => s < e),
  })
  .map(({ ms, zones, days, bounds }) => ({
    at: new Date(ms),
    zones,
    window: { days, startMinute: bounds[0], endMinute: bounds[1] },
  }));

describe.each(testDbKinds())("private.in_calling_window (%s)", (kind) => {
  let db: TestDb;

  beforeAll(async () => {
    db = await createTestDb(kind);
  });
  afterAll(async () => {
    await db?.destroy();
  });

  async function inWindow(at: Date, zones: string[], w: CallingWindow): Promise<boolean | null> {
    const [row] = await db.query<{ ok: boolean | null }>(
      "select private.in_calling_window($1::timestamptz, $2::text[], $3::int[], $4::int, $5::int) as ok",
      [at.toISOString(), zones, w.days, w.startMinute, w.endMinute],
    );
    return row ? row.ok : null;
  }

  it("agrees with isCallableAt on random samples, DST transitions included", async () => {
    const samples = fc.sample(sampleArb, propertyRuns(300));
    // Plus fixed edges: both US DST nights and Kolkata's 08:00 / 21:00.
    const allDay: CallingWindow = { days: [0, 1, 2, 3, 4, 5, 6], startMinute: 0, endMinute: 1440 };
    for (const iso of [
      "2026-03-08T11:59:00Z",
      "2026-03-08T12:00:00Z",
      "2026-11-01T12:59:00Z",
      "2026-11-01T13:00:00Z",
      "2026-11-02T01:59:00Z",
      "2026-11-02T02:00:00Z",
      "2026-06-01T02:29:00Z",
      "2026-06-01T02:30:00Z",
      "2026-06-01T15:29:59Z",
      "2026-06-01T15:30:00Z",
    ]) {
      samples.push({ at: new Date(iso), zones: ["America/New_York"], window: allDay });
      samples.push({ at: new Date(iso), zones: ["Asia/Kolkata"], window: allDay });
      samples.push({ at: new Date(iso), zones: ["America/Phoenix", "Pacific/Honolulu"], window: allDay });
    }
    let trues = 0;
    for (const s of samples) {
      const expected = isCallableAt(s.at, s.zones, s.window);
      if (expected) trues++;
      expect({ ...s, sql: await inWindow(s.at, s.zones, s.window) }).toEqual({ ...s, sql: expected });
    }
    // The samples must exercise both answers, or the agreement proves little.
    expect(trues).toBeGreaterThan(10);
    expect(samples.length - trues).toBeGreaterThan(10);
  });

  it("is false for an empty zone list, null zones and a null zone (fail closed)", async () => {
    const w: CallingWindow = { days: [0, 1, 2, 3, 4, 5, 6], startMinute: 0, endMinute: 1440 };
    const noon = new Date("2026-06-01T16:00:00Z"); // 12:00 in New York
    expect(await inWindow(noon, ["America/New_York"], w)).toBe(true);
    expect(await inWindow(noon, [], w)).toBe(false);
    const [nullZones] = await db.query<{ ok: boolean | null }>(
      "select private.in_calling_window($1::timestamptz, null, array[0,1,2,3,4,5,6], 0, 1440) as ok",
      [noon.toISOString()],
    );
    expect(nullZones?.ok).toBe(false);
    const [nullZone] = await db.query<{ ok: boolean | null }>(
      "select private.in_calling_window($1::timestamptz, array['America/New_York', null]::text[], array[0,1,2,3,4,5,6], 0, 1440) as ok",
      [noon.toISOString()],
    );
    expect(nullZone?.ok).toBe(false);
  });

  it("raises for an unknown zone, even after a zone that is inside", async () => {
    const w: CallingWindow = { days: [0, 1, 2, 3, 4, 5, 6], startMinute: 0, endMinute: 1440 };
    const noon = new Date("2026-06-01T16:00:00Z");
    await expect(inWindow(noon, ["America/New_York", "Mars/Olympus_Mons"], w)).rejects.toThrow(/time zone/i);
    await expect(inWindow(noon, ["Mars/Olympus_Mons"], w)).rejects.toThrow(/time zone/i);
  });
});
