import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIGRATIONS_DIR } from "@/lib/db/migrate";
import { withService, withUser } from "@/lib/db/with-user";
import { timezonesForE164, timezoneTableEntries } from "@/lib/leads/normalize/phone-timezone";
import { MAX_CANDIDATE_ZONES } from "@/lib/leads/normalize/timezone";
import { DEFAULT_LEAD_SORT } from "@/lib/schemas/lead";
import { listLeads } from "@/lib/services/leads/list-leads";
import { upsertLeads } from "@/lib/services/leads/upsert-leads";
import { insertCampaign } from "../helpers/dialer-fixtures";
import { createOrgWithMembers, type TestUser } from "../helpers/fixtures";
import { createTestDb, type TestDb, testDbKinds } from "../helpers/test-db";

/**
 * The one-time fix of stored main zones. It already ran on the empty test database while
 * migrating; each test writes leads as the old code stored them, then runs the file again.
 */
const FIX = readFileSync(path.join(MIGRATIONS_DIR, "20261207190000_lead_main_zone.sql"), "utf8");
const OLD_UPDATED_AT = "2026-12-01T00:00:00.000Z";

type Stored = { phone: string; timezone: string; candidates: string[] | null; source: string };
type Row = Stored & { untouched: boolean };

const sorted = (zones: readonly string[] | null) => (zones ? [...zones].sort() : zones);

describe.each(testDbKinds())("a multi-zone lead's main zone on %s", (kind) => {
  let db: TestDb;
  let orgId: string;
  let owner: TestUser;

  beforeAll(async () => {
    db = await createTestDb(kind);
    const org = await createOrgWithMembers(db, { members: { owner: "owner" } });
    orgId = org.orgId;
    owner = org.members.owner;
  });
  afterAll(async () => {
    await db.destroy();
  });

  async function store(campaignId: string, leads: Stored[]): Promise<void> {
    await db.query(
      `insert into public.leads (org_id, campaign_id, phone, timezone, timezone_source, timezone_candidates, updated_at)
       select $1, $2, l.phone, l.timezone, l.source::public.timezone_source,
              array(select jsonb_array_elements_text(nullif(l.candidates, 'null'::jsonb))), $4::timestamptz
       from jsonb_to_recordset($3::jsonb) as l(phone text, timezone text, source text, candidates jsonb)`,
      [orgId, campaignId, JSON.stringify(leads), OLD_UPDATED_AT],
    );
    // array(...) of no elements is '{}', not null: put the nulls back.
    await db.query(
      `update public.leads set timezone_candidates = null
       where campaign_id = $1 and cardinality(timezone_candidates) = 0`,
      [campaignId],
    );
  }

  async function read(campaignId: string): Promise<Map<string, Row>> {
    const rows = await db.query<Row>(
      `select phone, timezone, timezone_candidates as candidates, timezone_source::text as source,
              updated_at = $2::timestamptz as untouched
       from public.leads where campaign_id = $1`,
      [campaignId, OLD_UPDATED_AT],
    );
    return new Map(rows.map((r) => [r.phone, r]));
  }

  it("is stored, filtered and sorted by as the most likely zone, with every candidate kept for the dialer", async () => {
    const campaignId = await insertCampaign(db, orgId);
    await withService(
      (tx) =>
        upsertLeads({
          tx,
          orgId,
          input: {
            campaignId,
            leads: [
              { phone: "+1 907 555 0113", firstName: "Tia" },
              { phone: "+1 212 555 0100", firstName: "Ned" },
            ],
          },
        }),
      db.db,
    );
    const actor = { userId: owner.id, email: owner.email, orgId, role: "owner" as const };
    const list = (timezone: string | undefined, sort = DEFAULT_LEAD_SORT) =>
      withUser(
        owner.claims,
        (tx) => listLeads({ tx, actor, query: { filter: { campaignId, timezone }, ...sort, page: 1 } }),
        db.db,
      );

    const [tia] = (await list("America/Anchorage")).rows;
    expect(tia).toMatchObject({
      firstName: "Tia",
      timezone: "America/Anchorage",
      timezoneSource: "inferred",
      timezoneCandidates: ["America/Anchorage", "America/Adak"],
    });
    expect((await list("America/Adak")).rows).toEqual([]);
    const byZone = await list(undefined, { sort: "timezone", dir: "asc" });
    expect(byZone.rows.map((r) => r.timezone)).toEqual(["America/Anchorage", "America/New_York"]);
  });

  it("gives every ambiguous prefix of the table the zone new leads get, and keeps its candidate set", async () => {
    const campaignId = await insertCampaign(db, orgId);
    // As the old code stored them: the table's first zone as the main zone, the table's order.
    const old = timezoneTableEntries()
      .filter(([, zones]) => zones.length >= 2 && zones.length <= MAX_CANDIDATE_ZONES)
      .map(([prefix, zones]) => ({
        phone: `+${prefix}`,
        timezone: zones[0] ?? "",
        candidates: [...zones],
        source: "inferred",
      }));
    expect(old.length).toBeGreaterThan(300);
    await store(campaignId, old);

    await db.execScript(FIX);

    const after = await read(campaignId);
    const wrong = old.flatMap(({ phone, timezone, candidates }) => {
      const row = after.get(phone);
      const expected = timezonesForE164(phone);
      const ok =
        row !== undefined &&
        row.timezone === expected[0] &&
        JSON.stringify(sorted(row.candidates)) === JSON.stringify(sorted(candidates)) &&
        // Only a row whose main zone changed is rewritten (and shows up in an API sync).
        (row.timezone === timezone) === row.untouched;
      return ok ? [] : [{ phone, expected: expected[0], got: row?.timezone, candidates: row?.candidates }];
    });
    expect(wrong).toEqual([]);
    expect(after.get("+1907")).toMatchObject({
      timezone: "America/Anchorage",
      candidates: ["America/Anchorage", "America/Adak"],
    });
  });

  it("leaves zones that were set, defaulted or are not a ranked set alone, and puts Ireland on Dublin time", async () => {
    const campaignId = await insertCampaign(db, orgId);
    const adakAnchorage = ["America/Adak", "America/Anchorage"];
    await store(campaignId, [
      { phone: "+19075550113", timezone: "America/Adak", candidates: adakAnchorage, source: "inferred" },
      { phone: "+19075550114", timezone: "America/Adak", candidates: null, source: "column" },
      { phone: "+19075550115", timezone: "America/Adak", candidates: adakAnchorage, source: "column" },
      { phone: "+19075550116", timezone: "America/Adak", candidates: adakAnchorage, source: "default" },
      {
        phone: "+19075550117",
        timezone: "America/Adak",
        candidates: ["America/Adak", "Pacific/Honolulu"],
        source: "inferred",
      },
      {
        phone: "+35312345678",
        timezone: "Europe/Guernsey",
        candidates: ["Europe/Guernsey", "Europe/Isle_of_Man", "Europe/London"],
        source: "inferred",
      },
    ]);

    await db.execScript(FIX);

    const after = await read(campaignId);
    const zoneOf = (phone: string) => [after.get(phone)?.timezone, after.get(phone)?.candidates];
    expect(zoneOf("+19075550113")).toEqual(["America/Anchorage", ["America/Anchorage", "America/Adak"]]);
    expect(zoneOf("+19075550114")).toEqual(["America/Adak", null]);
    expect(zoneOf("+19075550115")).toEqual(["America/Adak", adakAnchorage]);
    expect(zoneOf("+19075550116")).toEqual(["America/Adak", adakAnchorage]);
    expect(zoneOf("+19075550117")).toEqual(["America/Adak", ["America/Adak", "Pacific/Honolulu"]]);
    expect(zoneOf("+35312345678")).toEqual(["Europe/Dublin", null]);
    expect(timezonesForE164("+35312345678")).toEqual(["Europe/Dublin"]);
  });

  it("fixes rows staged by an import that is not committed yet", async () => {
    const campaignId = await insertCampaign(db, orgId);
    const [imp] = await db.query<{ id: string }>(
      `insert into public.lead_imports (org_id, campaign_id, file_name) values ($1, $2, 'alaska.csv') returning id`,
      [orgId, campaignId],
    );
    const lead = (phone: string, timezone: string, candidates: string[] | null) => ({
      phone,
      phoneExtension: null,
      firstName: "Tia",
      timezone,
      timezoneSource: "inferred",
      timezoneCandidates: candidates,
    });
    const staged = [
      lead("+19075550170", "America/Adak", ["America/Adak", "America/Anchorage"]),
      lead("+13125550171", "America/Chicago", null),
    ];
    await db.query(
      `insert into public.lead_import_rows (import_id, org_id, row_number, status, lead, raw, phone)
       select $1, $2, r.n + 1, 'valid', r.lead, '[]'::jsonb, r.lead ->> 'phone'
       from jsonb_array_elements($3::jsonb) with ordinality as r(lead, n)`,
      [imp?.id, orgId, JSON.stringify(staged)],
    );

    await db.execScript(FIX);

    const rows = await db.query<{ lead: Record<string, unknown> }>(
      `select lead from public.lead_import_rows where import_id = $1 order by row_number`,
      [imp?.id],
    );
    expect(rows.map((r) => r.lead)).toEqual([
      {
        ...staged[0],
        timezone: "America/Anchorage",
        timezoneCandidates: ["America/Anchorage", "America/Adak"],
      },
      staged[1],
    ]);
  });
});
