import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/v1/calls/schedule/route";
import { setDbHandle } from "@/lib/db";
import { withUser } from "@/lib/db/with-user";
import { createApiKey } from "@/lib/services/api-keys/create-api-key";
import { createOrgWithMembers, type TestOrg } from "../helpers/fixtures";
import { createTestDb, type TestDb, testDbKinds } from "../helpers/test-db";

type Org = TestOrg<"owner">;
type ErrorBody = { error: { code: string; message: string; issues?: { path: string; message: string }[] } };
type ScheduleBody = {
  lead_id: string;
  campaign_id: string;
  lead_created: boolean;
  requested_at: string;
  scheduled_at: string;
  moved: boolean;
  reason?: string;
  local_time: string;
  timezone: string;
};

const URL_ = "https://dialer.test/api/v1/calls/schedule";
const DAY_MS = 86_400_000;

let phoneSeq = 0;
function nextPhone(): string {
  phoneSeq += 1;
  return `+1303${String(5_200_000 + phoneSeq)}`;
}

/** A Wednesday at least a week ahead at `hh:mm` UTC, so the test never depends on today's clock. */
function wednesdayUtc(hour: number, minute: number, plusDays = 0): Date {
  const d = new Date(Date.now() + 7 * DAY_MS);
  d.setUTCDate(d.getUTCDate() + ((3 - d.getUTCDay() + 7) % 7) + plusDays);
  d.setUTCHours(hour, minute, 0, 0);
  return d;
}

function post(key: string | null, body: unknown): Promise<Response> {
  const headers = new Headers({ "content-type": "application/json" });
  if (key) headers.set("authorization", `Bearer ${key}`);
  return POST(new Request(URL_, { method: "POST", headers, body: JSON.stringify(body) }));
}

describe.each(testDbKinds())("call schedule API on %s", (kind) => {
  let db: TestDb;
  let orgA: Org;
  let orgB: Org;
  let keyA: string;
  let campaignA: string;
  let campaignB: string;

  async function newKey(org: Org): Promise<string> {
    const owner = org.members.owner;
    const { key } = await withUser(
      owner.claims,
      (tx) =>
        createApiKey({
          tx,
          actor: { userId: owner.id, email: owner.email, orgId: org.orgId, role: "owner" },
          input: { name: "CRM" },
        }),
      db.db,
    );
    return key;
  }

  // Mon-Fri 09:00-20:00 local, the column defaults.
  async function newCampaign(orgId: string): Promise<string> {
    const [row] = await db.query<{ id: string }>(
      `insert into public.campaigns (org_id, name, default_timezone) values ($1, 'Renewals', 'America/Denver') returning id`,
      [orgId],
    );
    if (!row) throw new Error("campaign insert returned nothing");
    return row.id;
  }

  async function insertLead(campaignId: string, orgId: string, status = "pending"): Promise<string> {
    const [row] = await db.query<{ id: string }>(
      `insert into public.leads (org_id, campaign_id, phone, timezone, timezone_source, status)
       values ($1, $2, $3, 'America/Denver', 'column', $4::public.lead_status) returning id`,
      [orgId, campaignId, nextPhone(), status],
    );
    if (!row) throw new Error("lead insert returned nothing");
    return row.id;
  }

  async function leadState(id: string) {
    const [row] = await db.query<{
      status: string;
      next_attempt_at: Date | null;
      next_call_context: unknown;
    }>(`select status::text as status, next_attempt_at, next_call_context from public.leads where id = $1`, [
      id,
    ]);
    return row;
  }

  beforeAll(async () => {
    db = await createTestDb(kind);
    setDbHandle(db);
    orgA = await createOrgWithMembers(db, { members: { owner: "owner" } });
    orgB = await createOrgWithMembers(db, { members: { owner: "owner" } });
    keyA = await newKey(orgA);
    campaignA = await newCampaign(orgA.orgId);
    campaignB = await newCampaign(orgB.orgId);
  });
  afterAll(async () => {
    setDbHandle(undefined);
    await db.destroy();
  });

  it("keeps a time inside the lead's window and stores the context", async () => {
    const leadId = await insertLead(campaignA, orgA.orgId, "no_answer");
    // 18:00 UTC is 11:00 or 12:00 in Denver: inside 09:00-20:00.
    const at = wednesdayUtc(18, 0);
    const response = await post(keyA, {
      campaign_id: campaignA,
      lead_id: leadId,
      at: at.toISOString(),
      context: { renewal_date: "2027-02-01", seats: 12 },
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as ScheduleBody;
    expect(body).toMatchObject({
      lead_id: leadId,
      campaign_id: campaignA,
      lead_created: false,
      requested_at: at.toISOString(),
      scheduled_at: at.toISOString(),
      moved: false,
      timezone: "America/Denver",
    });
    expect(body.reason).toBeUndefined();
    expect(body.local_time).toMatch(/T1[12]:00$/);
    const lead = await leadState(leadId);
    expect(lead?.status).toBe("pending");
    expect(new Date(lead?.next_attempt_at as Date).toISOString()).toBe(at.toISOString());
    expect(lead?.next_call_context).toEqual({ renewal_date: "2027-02-01", seats: "12" });
  });

  it("moves a night time to the next morning and says why", async () => {
    const leadId = await insertLead(campaignA, orgA.orgId);
    // Thursday 05:10 UTC is Wednesday 22:10 (MST) or 23:10 (MDT) in Denver.
    const at = wednesdayUtc(5, 10, 1);
    const response = await post(keyA, { campaign_id: campaignA, lead_id: leadId, at: at.toISOString() });
    expect(response.status).toBe(201);
    const body = (await response.json()) as ScheduleBody;
    expect(body.moved).toBe(true);
    expect(body.reason).toMatch(
      /^outside calling hours in America\/Denver \(local 2[23]:10\); moved to the next allowed time Thursday 09:00 local$/,
    );
    expect(body.local_time).toMatch(/T09:00$/);
    expect(new Date(body.scheduled_at).getTime()).toBeGreaterThan(at.getTime());
    expect(new Date(body.scheduled_at).getTime() - at.getTime()).toBeLessThan(12 * 3_600_000);
    const lead = await leadState(leadId);
    expect(new Date(lead?.next_attempt_at as Date).toISOString()).toBe(body.scheduled_at);
  });

  it("creates a new lead given as an object, with its zone inferred from the number", async () => {
    const phone = nextPhone();
    const response = await post(keyA, {
      campaign_id: campaignA,
      lead: { phone, first_name: "Ada" },
      at: wednesdayUtc(18, 30).toISOString(),
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as ScheduleBody;
    expect(body.lead_created).toBe(true);
    expect(body.timezone).toBe("America/Denver");
    const [row] = await db.query<{ id: string; first_name: string; status: string }>(
      `select id, first_name, status::text as status from public.leads where campaign_id = $1 and phone = $2`,
      [campaignA, phone],
    );
    expect(row).toMatchObject({ id: body.lead_id, first_name: "Ada", status: "pending" });

    // The same phone again updates that lead instead of creating another.
    const again = await post(keyA, { campaign_id: campaignA, lead: { phone, last_name: "Lovelace" } });
    expect(again.status).toBe(201);
    const second = (await again.json()) as ScheduleBody;
    expect(second).toMatchObject({ lead_id: body.lead_id, lead_created: false });
  });

  it("refuses a number on the do-not-call list with 409 and leaves the lead as it was", async () => {
    const phone = nextPhone();
    await db.query(`insert into public.do_not_call (org_id, phone, source) values ($1, $2, 'api')`, [
      orgA.orgId,
      phone,
    ]);
    const response = await post(keyA, { campaign_id: campaignA, lead: { phone } });
    expect(response.status).toBe(409);
    const body = (await response.json()) as ErrorBody;
    expect(body.error.code).toBe("conflict");
    expect(body.error.message).toMatch(/do-not-call/);
    const rows = await db.query(`select 1 from public.leads where campaign_id = $1 and phone = $2`, [
      campaignA,
      phone,
    ]);
    expect(rows).toHaveLength(0);
  });

  it("refuses booked leads and leads in a call", async () => {
    for (const status of ["booked", "calling"]) {
      const leadId = await insertLead(campaignA, orgA.orgId, status);
      const response = await post(keyA, { campaign_id: campaignA, lead_id: leadId });
      expect(response.status).toBe(409);
      expect((await leadState(leadId))?.status).toBe(status);
    }
  });

  it("refuses a stopped (completed) or archived campaign, which would never place the call", async () => {
    for (const status of ["completed", "archived"]) {
      const campaign = await newCampaign(orgA.orgId);
      await db.query("update public.campaigns set status = $2 where id = $1", [campaign, status]);
      const phone = nextPhone();
      const response = await post(keyA, { campaign_id: campaign, lead: { phone } });
      expect(response.status).toBe(409);
      expect(((await response.json()) as ErrorBody).error.message).toMatch(status);
      const rows = await db.query("select 1 from public.leads where campaign_id = $1", [campaign]);
      expect(rows).toHaveLength(0);
    }
  });

  it("answers 401 to a bad key", async () => {
    const response = await post("dk_live_not-a-real-key", {
      campaign_id: campaignA,
      lead: { phone: nextPhone() },
    });
    expect(response.status).toBe(401);
    expect(((await response.json()) as ErrorBody).error.code).toBe("unauthorized");
  });

  it("answers 422 with field paths to a malformed body", async () => {
    const context = Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`k${i}`, "v"]));
    const response = await post(keyA, {
      campaign_id: "nope",
      lead: { phone: nextPhone(), phone_number: "x" },
      at: "tomorrow",
      context: { ...context, long: "x".repeat(501) },
    });
    expect(response.status).toBe(422);
    const body = (await response.json()) as ErrorBody;
    const paths = body.error.issues?.map((i) => i.path) ?? [];
    expect(paths).toEqual(
      expect.arrayContaining(["campaign_id", "lead.phone_number", "at", "context.long", "context"]),
    );

    const neither = await post(keyA, { campaign_id: campaignA });
    expect(neither.status).toBe(422);
    expect(((await neither.json()) as ErrorBody).error.issues?.map((i) => i.path)).toEqual(["lead_id"]);

    const noPhone = await post(keyA, { campaign_id: campaignA, lead: { first_name: "No phone" } });
    expect(noPhone.status).toBe(422);
    expect(((await noPhone.json()) as ErrorBody).error.issues?.map((i) => i.path)).toEqual(["lead.phone"]);
  });

  it("answers 404 for another organization's campaign and lead", async () => {
    const response = await post(keyA, { campaign_id: campaignB, lead: { phone: nextPhone() } });
    expect(response.status).toBe(404);
    const otherLead = await insertLead(campaignB, orgB.orgId);
    const byId = await post(keyA, { campaign_id: campaignA, lead_id: otherLead });
    expect(byId.status).toBe(404);
    expect((await leadState(otherLead))?.next_attempt_at).toBeNull();
  });
});
