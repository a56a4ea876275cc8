import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CallingWindow, isCallableAt } from "@/lib/dialer/calling-window";
import { propertyRuns } from "../helpers/property-runs";
import { createTestDb, type TestDb, testDbKinds } from "../helpers/test-db";

/*
 * The SQL calling window must give the same answer as `isCallableAt` (the TypeScript that
 * scheduling uses): same legal clamp to 08:00-21:00, same DST handling, same fail-closed rules.
 * Three functions say it in SQL: `private.in_calling_window` (a list of zones),
 * `private.lead_in_calling_window` (a lead's zone and its candidates: what the claim and the
 * campaign preview use) and `private.zone_in_calling_window` (one zone). Checked on random samples
 * weighted towards DST transition instants, on PGlite and on the machine's Postgres.
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

  /** As a lead stores them: its own zone first, the candidates (itself included) only when several. */
  async function leadInWindow(at: Date, zones: string[], w: CallingWindow): Promise<boolean | null> {
    const [row] = await db.query<{ ok: boolean | null; one: boolean | null }>(
      `select private.lead_in_calling_window($1::timestamptz, $2::text, $3::text[], $4::int[], $5::int, $6::int) as ok,
         private.zone_in_calling_window($1::timestamptz, $2::text, $4::int[], $5::int, $6::int) as one`,
      [
        at.toISOString(),
        zones[0] ?? null,
        zones.length > 1 ? zones : null,
        w.days,
        w.startMinute,
        w.endMinute,
      ],
    );
    // One zone: the single-zone function must agree too.
    if (zones.length === 1) expect(row?.one).toBe(row?.ok);
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
      expect({ ...s, lead: await leadInWindow(s.at, s.zones, s.window) }).toEqual({ ...s, lead: expected });
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

  it("is false for a lead whose zone is null or whose window bounds are missing, and reads an empty candidate list as none", async () => {
    const noon = new Date("2026-06-01T16:00:00Z"); // 12:00 in New York, a Monday
    const lead = async (
      zone: string | null,
      candidates: string[] | null,
      start: number | null,
      end: number | null,
    ) => {
      const [row] = await db.query<{ ok: boolean | null }>(
        "select private.lead_in_calling_window($1::timestamptz, $2::text, $3::text[], array[0,1,2,3,4,5,6], $4::int, $5::int) as ok",
        [noon.toISOString(), zone, candidates, start, end],
      );
      return row?.ok;
    };
    expect(await lead("America/New_York", null, 0, 1440)).toBe(true);
    expect(await lead("America/New_York", [], 0, 1440)).toBe(true);
    expect(await lead(null, null, 0, 1440)).toBe(false);
    expect(await lead("America/New_York", null, null, 1440)).toBe(false);
    expect(await lead("America/New_York", null, 0, null)).toBe(false);
    // 06:00 in Honolulu: a candidate outside the legal hours keeps the lead out.
    expect(await lead("America/New_York", ["America/New_York", "Pacific/Honolulu"], 0, 1440)).toBe(false);
    expect(await lead("America/New_York", ["America/New_York", "America/Los_Angeles"], 0, 1440)).toBe(true);
    // A start past the end of the day is never reached (no wrap to the morning).
    expect(await lead("America/New_York", null, 2000, 3000)).toBe(false);
  });

  it("is inlined into the query that calls it: no function call per lead, except for candidate zones", async () => {
    const [plan] = await db.query<{ "QUERY PLAN": unknown }>(
      `explain (verbose, format json)
       select private.lead_in_calling_window(now(), l.timezone, l.timezone_candidates, array[1,2,3,4,5], 540, 1200)
       from public.leads l`,
    );
    const text = JSON.stringify(plan?.["QUERY PLAN"]);
    expect(text).toContain("timezone(");
    expect(text).not.toContain("lead_in_calling_window");
    expect(text).not.toContain("zone_in_calling_window");
    // Only the candidates still go through the list function.
    expect(text).toContain("in_calling_window(");
    const config = await db.query<{ proname: string; proconfig: string[] | null }>(
      `select p.proname, p.proconfig from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname = 'private' and p.proname like '%in_calling_window' order by 1`,
    );
    expect(config).toEqual([
      { proname: "in_calling_window", proconfig: null },
      { proname: "lead_in_calling_window", proconfig: null },
      { proname: "zone_in_calling_window", proconfig: null },
    ]);
  });

  it("raises for an unknown zone, even after a zone that is inside", async () => {
    const w: CallingWindow = { days: [0, 1, 2, 3, 4, 5, 6], startMinute: 0, endMinute: 1440 };
    const noon = new Date("2026-06-01T16:00:00Z");
    await expect(inWindow(noon, ["America/New_York", "Mars/Olympus_Mons"], w)).rejects.toThrow(/time zone/i);
    await expect(inWindow(noon, ["Mars/Olympus_Mons"], w)).rejects.toThrow(/time zone/i);
  });
});
