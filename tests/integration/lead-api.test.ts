import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET, POST } from "@/app/api/v1/leads/route";
import { API_RATE_LIMIT } from "@/lib/api/rate-limit";
import { setDbHandle } from "@/lib/db";
import { insertApiKey, listApiKeys } from "@/lib/db/queries/api-keys";
import { withUser } from "@/lib/db/with-user";
import { AppError } from "@/lib/errors";
import { createApiKey } from "@/lib/services/api-keys/create-api-key";
import { revokeApiKey } from "@/lib/services/api-keys/revoke-api-key";
import type { Actor } from "@/lib/services/organizations/roles";
import { createOrgWithMembers, pgErrorCode, type TestOrg, type TestUser } from "../helpers/fixtures";
import { createTestDb, type TestDb, testDbKinds } from "../helpers/test-db";

type Org = TestOrg<"owner" | "admin" | "member">;

type ErrorBody = { error: { code: string; message: string; issues?: { path: string; message: string }[] } };
type LeadResult = {
  index: number;
  status: "created" | "updated" | "rejected";
  id?: string;
  errors?: { path: string; message: string }[];
};
type UpsertBody = { results: LeadResult[]; summary: Record<string, number> } & Partial<ErrorBody>;
type ApiLead = Record<string, unknown> & { id: string; phone: string; status: string };
type ListBody = { data: ApiLead[]; has_more: boolean; next_cursor: string | null };

const BASE = "https://dialer.test/api/v1/leads";

/** A distinct valid US number per call. */
let phoneSeq = 0;
function nextPhone(): string {
  phoneSeq += 1;
  return `+1212${String(4_000_000 + phoneSeq)}`;
}

function actorOf(org: Org, user: TestUser, role: Actor["role"]): Actor {
  return { userId: user.id, email: user.email, orgId: org.orgId, role };
}

function post(key: string | null, body: unknown, init: { raw?: string } = {}): Promise<Response> {
  const headers = new Headers({ "content-type": "application/json" });
  if (key) headers.set("authorization", `Bearer ${key}`);
  return POST(new Request(BASE, { method: "POST", headers, body: init.raw ?? JSON.stringify(body) }));
}

function get(key: string | null, params: Record<string, string> = {}): Promise<Response> {
  const url = new URL(BASE);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  const headers = new Headers();
  if (key) headers.set("authorization", `Bearer ${key}`);
  return GET(new Request(url, { headers }));
}

async function json<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

describe.each(testDbKinds())("lead API on %s", (kind) => {
  let db: TestDb;
  let orgA: Org;
  let orgB: Org;
  let keyA: string;
  let keyB: string;
  let campaignA: string;
  let campaignB: string;

  async function newKey(org: Org, name = "CRM"): Promise<{ key: string; id: string }> {
    const { key, apiKey } = await withUser(
      org.members.owner.claims,
      (tx) => createApiKey({ tx, actor: actorOf(org, org.members.owner, "owner"), input: { name } }),
      db.db,
    );
    return { key, id: apiKey.id };
  }

  async function newCampaign(orgId: string, defaultTimezone = "America/Chicago"): Promise<string> {
    const [row] = await db.query<{ id: string }>(
      `insert into public.campaigns (org_id, name, default_timezone) values ($1, 'Spring', $2) returning id`,
      [orgId, defaultTimezone],
    );
    if (!row) throw new Error("campaign insert returned nothing");
    return row.id;
  }

  async function leadRow(campaignId: string, phone: string) {
    const [row] = await db.query<Record<string, unknown>>(
      `select id, org_id, status::text as status, attempts, first_name, last_name, email, company, timezone,
              timezone_source::text as timezone_source, consent, custom_fields
       from public.leads where campaign_id = $1 and phone = $2`,
      [campaignId, phone],
    );
    return row;
  }

  beforeAll(async () => {
    db = await createTestDb(kind);
    setDbHandle(db);
    orgA = await createOrgWithMembers(db, { members: { owner: "owner", admin: "admin", member: "member" } });
    orgB = await createOrgWithMembers(db, { members: { owner: "owner", admin: "admin", member: "member" } });
    keyA = (await newKey(orgA)).key;
    keyB = (await newKey(orgB)).key;
    campaignA = await newCampaign(orgA.orgId);
    campaignB = await newCampaign(orgB.orgId);
  });
  afterAll(async () => {
    setDbHandle(undefined);
    await db.destroy();
  });

  describe("keys", () => {
    it("shows the key once and stores only its SHA-256 and prefix", async () => {
      const { key, id } = await newKey(orgA, "Shown once");
      expect(key).toMatch(/^dk_live_[A-Za-z0-9_-]{43}$/);
      const [row] = await db.query<{ prefix: string; key_hash: string; org_id: string; whole: string }>(
        `select prefix, key_hash, org_id, row_to_json(k)::text as whole from public.api_keys k where id = $1`,
        [id],
      );
      expect(row?.prefix).toBe(key.slice(0, 12));
      expect(row?.key_hash).toBe(createHash("sha256").update(key).digest("hex"));
      expect(row?.org_id).toBe(orgA.orgId);
      expect(row?.whole).not.toContain(key.slice(12));
      const listed = await withUser(
        orgA.members.admin.claims,
        (tx) => listApiKeys(tx, { orgId: orgA.orgId }),
        db.db,
      );
      const mine = listed.find((k) => k.id === id);
      expect(mine).toBeDefined();
      expect(Object.keys(mine ?? {})).not.toContain("keyHash");
      expect(JSON.stringify(listed)).not.toContain(key.slice(12));
    });

    it("answers 401 to a missing, malformed, unknown or revoked key", async () => {
      const missing = await get(null);
      expect(missing.status).toBe(401);
      expect(missing.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect((await json<ErrorBody>(missing)).error.code).toBe("unauthorized");

      expect((await get("not-a-key")).status).toBe(401);
      const unknown = `dk_live_${"A".repeat(43)}`;
      expect((await get(unknown)).status).toBe(401);
      const basic = GET(new Request(BASE, { headers: { authorization: `Basic ${btoa("user:pass")}` } }));
      expect((await basic).status).toBe(401);

      const { key, id } = await newKey(orgA, "To revoke");
      expect((await get(key)).status).toBe(200);
      await withUser(
        orgA.members.admin.claims,
        (tx) => revokeApiKey({ tx, actor: actorOf(orgA, orgA.members.admin, "admin"), apiKeyId: id }),
        db.db,
      );
      const revoked = await post(key, { campaign_id: campaignA, leads: { phone: nextPhone() } });
      expect(revoked.status).toBe(401);
      expect((await json<ErrorBody>(revoked)).error.code).toBe("unauthorized");
      expect((await get(key)).status).toBe(401);
      const [row] = await db.query<{ revoked_at: Date | null }>(
        `select revoked_at from public.api_keys where id = $1`,
        [id],
      );
      expect(row?.revoked_at).not.toBeNull();
    });

    it("records last use at most once a minute", async () => {
      const { key, id } = await newKey(orgA, "Usage");
      const lastUsed = async () =>
        (
          await db.query<{ at: string | null }>(
            `select last_used_at::text as at from public.api_keys where id = $1`,
            [id],
          )
        )[0]?.at ?? null;
      expect(await lastUsed()).toBeNull();
      await get(key);
      const first = await lastUsed();
      expect(first).not.toBeNull();
      await get(key);
      expect(await lastUsed()).toBe(first);
      await db.query(`update public.api_keys set last_used_at = now() - interval '2 minutes' where id = $1`, [
        id,
      ]);
      const stale = await lastUsed();
      await get(key);
      expect(await lastUsed()).not.toBe(stale);
    });

    it("lets a member neither create nor list keys, under RLS as well as in the service", async () => {
      const member = orgA.members.member;
      const error = await withUser(
        member.claims,
        (tx) => createApiKey({ tx, actor: actorOf(orgA, member, "member"), input: { name: "Sneaky" } }),
        db.db,
      ).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("forbidden");

      // Past the service's role check, the policy still refuses the row.
      const rls = await withUser(
        member.claims,
        (tx) =>
          insertApiKey(tx, {
            orgId: orgA.orgId,
            name: "Sneaky",
            prefix: "dk_live_xxxx",
            keyHash: "0".repeat(64),
            createdBy: member.id,
          }),
        db.db,
      ).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(pgErrorCode(rls)).toBe("42501");

      const seenByMember = await withUser(
        member.claims,
        (tx) => listApiKeys(tx, { orgId: orgA.orgId }),
        db.db,
      );
      expect(seenByMember).toEqual([]);
      const seenByAdmin = await withUser(
        orgA.members.admin.claims,
        (tx) => listApiKeys(tx, { orgId: orgA.orgId }),
        db.db,
      );
      expect(seenByAdmin.length).toBeGreaterThan(0);
      const [count] = await db.query<{ n: number }>(
        `select count(*)::int as n from public.api_keys where name = 'Sneaky'`,
      );
      expect(count?.n).toBe(0);
    });
  });

  describe("tenancy", () => {
    it("hides another organization's campaign behind the same 404 as an unknown one", async () => {
      const phone = nextPhone();
      const foreign = await post(keyA, { campaign_id: campaignB, leads: [{ phone }] });
      const unknown = await post(keyA, {
        campaign_id: "00000000-0000-4000-8000-000000000000",
        leads: [{ phone }],
      });
      expect(foreign.status).toBe(404);
      expect(unknown.status).toBe(404);
      expect(await foreign.json()).toEqual(await unknown.json());
      expect(await leadRow(campaignB, phone)).toBeUndefined();

      const listForeign = await get(keyA, { campaign_id: campaignB });
      expect(listForeign.status).toBe(404);
      expect((await json<ErrorBody>(listForeign)).error.code).toBe("not_found");
    });

    it("never lists another organization's leads", async () => {
      const phoneB = nextPhone();
      expect((await post(keyB, { campaign_id: campaignB, leads: [{ phone: phoneB }] })).status).toBe(200);
      const all = await collectAll(keyA, {});
      expect(all.some((l) => l.phone === phoneB)).toBe(false);
      const [orgIds] = await db.query<{ n: number }>(
        `select count(distinct org_id)::int as n from public.leads where id = any($1::uuid[])`,
        [all.map((l) => l.id)],
      );
      expect(orgIds?.n ?? 0).toBeLessThanOrEqual(1);
      const fromB = await collectAll(keyB, {});
      expect(fromB.map((l) => l.phone)).toContain(phoneB);
    });
  });

  describe("validation", () => {
    it("answers 400 to a body that is not JSON and 422 with paths to a bad envelope", async () => {
      const notJson = await post(keyA, null, { raw: "{ nope" });
      expect(notJson.status).toBe(400);
      expect((await json<ErrorBody>(notJson)).error.code).toBe("bad_request");

      const envelope = await post(keyA, { campaign_id: "abc", leads: "x", campaignId: campaignA });
      expect(envelope.status).toBe(422);
      const body = await json<ErrorBody>(envelope);
      expect(body.error.code).toBe("validation");
      const paths = body.error.issues?.map((i) => i.path).sort();
      expect(paths).toEqual(["campaignId", "campaign_id", "leads"]);

      const tooMany = await post(keyA, {
        campaign_id: campaignA,
        leads: Array.from({ length: 1_001 }, () => ({ phone: "+12125550100" })),
      });
      expect(tooMany.status).toBe(422);
      expect((await json<ErrorBody>(tooMany)).error.issues?.[0]?.path).toBe("leads");
    });

    it("rejects only the bad leads, naming each field by its path", async () => {
      const good = nextPhone();
      const response = await post(keyA, {
        campaign_id: campaignA,
        leads: [
          { phone: good, custom_fields: { "Deal size": { amount: 5 } } },
          { phone: "123", email: "not-an-email" },
          { phone: nextPhone(), phone_number: "+12125550100" },
          { phone: good, first_name: "Ok", custom_fields: { deal_size: 5000, note: null } },
        ],
      });
      expect(response.status).toBe(207);
      const body = await json<UpsertBody>(response);
      expect(body.results.map((r) => r.status)).toEqual(["rejected", "rejected", "rejected", "created"]);
      expect(body.results[0]?.errors?.map((e) => e.path)).toEqual(['leads[0].custom_fields["Deal size"]']);
      expect(body.results[1]?.errors).toEqual([
        { path: "leads[1].phone", message: "number is too short" },
        { path: "leads[1].email", message: "invalid email" },
      ]);
      expect(body.results[2]?.errors).toEqual([{ path: "leads[2].phone_number", message: "Unknown field." }]);
      expect(body.summary).toEqual({ created: 1, updated: 0, rejected: 3 });
      expect((await leadRow(campaignA, good))?.custom_fields).toEqual({ deal_size: "5000" });
    });

    it("drops NUL characters, which Postgres cannot store, instead of failing", async () => {
      const phone = nextPhone();
      const response = await post(keyA, {
        campaign_id: campaignA,
        leads: [{ phone, first_name: "A\u0000da", custom_fields: { "no\u0000te": "x\u0000y" } }],
      });
      expect(response.status).toBe(200);
      expect(await leadRow(campaignA, phone)).toMatchObject({
        first_name: "Ada",
        custom_fields: { note: "xy" },
      });
      expect((await get(keyA, { q: "a\u0000da" })).status).toBe(200);
    });

    it("answers 422 with every issue when no lead is accepted", async () => {
      const response = await post(keyA, {
        campaign_id: campaignA,
        leads: [{ phone: "555-0100" }, { phone: "+12125550100", consent: "maybe" }],
      });
      expect(response.status).toBe(422);
      const body = await json<UpsertBody>(response);
      expect(body.error?.code).toBe("validation");
      expect(body.error?.issues).toEqual([
        { path: "leads[0].phone", message: "number is too short" },
        { path: "leads[1].consent", message: 'unrecognised consent value "maybe"' },
      ]);
      expect(body.results.map((r) => r.index)).toEqual([0, 1]);

      const single = await post(keyA, { campaign_id: campaignA, leads: { phone: "nope" } });
      expect(single.status).toBe(422);
      expect((await json<UpsertBody>(single)).error?.issues?.[0]?.path).toBe("leads.phone");
    });

    it("checks the list parameters with paths", async () => {
      const response = await get(keyA, {
        limit: "500",
        status: "pending,bogus",
        cursor: "garbage",
        updated_since: "2026-02-30",
        campaignId: campaignA,
      });
      expect(response.status).toBe(422);
      const body = await json<ErrorBody>(response);
      expect(body.error.issues?.map((i) => i.path).sort()).toEqual([
        "campaignId",
        "cursor",
        "limit",
        "status[1]",
        "updated_since",
      ]);
    });
  });

  describe("upsert", () => {
    it("creates, updates and rejects in input order, never touching status or attempts", async () => {
      const existing = nextPhone();
      await db.query(
        `insert into public.leads (org_id, campaign_id, phone, first_name, timezone, timezone_source, status, attempts)
         values ($1, $2, $3, 'Old', 'America/Denver', 'column', 'callback', 2)`,
        [orgA.orgId, campaignA, existing],
      );
      const fresh = [nextPhone(), nextPhone()];
      const response = await post(keyA, {
        campaign_id: campaignA,
        leads: [
          { phone: fresh[0], full_name: "Ada Lovelace", consent: "yes", consent_source: "web form" },
          { phone: existing.replace("+1", ""), email: "Ada@Example.com", first_name: null },
          { phone: "" },
          { phone: fresh[1], company: "Acme", timezone: "EST" },
        ],
      });
      expect(response.status).toBe(207);
      expect(response.headers.get("ratelimit-limit")).toBe(String(API_RATE_LIMIT.maxHits));
      const body = await json<UpsertBody>(response);
      expect(body.results.map((r) => [r.index, r.status])).toEqual([
        [0, "created"],
        [1, "updated"],
        [2, "rejected"],
        [3, "created"],
      ]);

      const updated = await leadRow(campaignA, existing);
      expect(body.results[1]?.id).toBe(updated?.id);
      expect(updated).toMatchObject({
        status: "callback",
        attempts: 2,
        first_name: "Old",
        email: "ada@example.com",
        timezone: "America/Denver",
        timezone_source: "column",
      });
      const created = await leadRow(campaignA, fresh[0] ?? "");
      expect(created).toMatchObject({
        id: body.results[0]?.id,
        org_id: orgA.orgId,
        status: "pending",
        attempts: 0,
        first_name: "Ada",
        last_name: "Lovelace",
        consent: true,
      });
      expect(await leadRow(campaignA, fresh[1] ?? "")).toMatchObject({
        company: "Acme",
        timezone: "America/New_York",
        timezone_source: "column",
      });
      const [events] = await db.query<{ n: number }>(
        `select count(*)::int as n from public.lead_events where lead_id = $1 and type = 'status_changed'`,
        [updated?.id],
      );
      expect(events?.n).toBe(0);

      // The write is in the audit log under the key that made it (no person behind it).
      const [audit] = await db.query<{
        actor_id: string | null;
        count: number;
        data: Record<string, unknown>;
      }>(
        `select actor_id, count, data from public.audit_log
         where org_id = $1 and action = 'leads.api_upsert' order by id desc limit 1`,
        [orgA.orgId],
      );
      const [key] = await db.query<{ id: string }>("select id from public.api_keys where key_hash = $1", [
        createHash("sha256").update(keyA).digest("hex"),
      ]);
      expect(audit).toEqual({
        actor_id: null,
        count: 3,
        data: { apiKeyId: key?.id, campaignId: campaignA, created: 2, updated: 1, rejected: 1 },
      });
    });

    it("treats a phone sent twice in one request as two writes in order", async () => {
      const phone = nextPhone();
      const response = await post(keyA, {
        campaign_id: campaignA,
        leads: [
          { phone, first_name: "Ann", custom_fields: { a: "1" } },
          { phone: `(${phone.slice(2, 5)}) ${phone.slice(5, 8)}-${phone.slice(8)}`, last_name: "Lee" },
          { phone, first_name: "Anne", custom_fields: { b: "2" } },
        ],
      });
      expect(response.status).toBe(200);
      const body = await json<UpsertBody>(response);
      expect(body.results.map((r) => r.status)).toEqual(["created", "updated", "updated"]);
      expect(new Set(body.results.map((r) => r.id)).size).toBe(1);
      const [count] = await db.query<{ n: number }>(
        `select count(*)::int as n from public.leads where campaign_id = $1 and phone = $2`,
        [campaignA, phone],
      );
      expect(count?.n).toBe(1);
      expect(await leadRow(campaignA, phone)).toMatchObject({
        first_name: "Anne",
        last_name: "Lee",
        custom_fields: { a: "1", b: "2" },
      });

      const again = await json<UpsertBody>(await post(keyA, { campaign_id: campaignA, leads: [{ phone }] }));
      expect(again.results[0]).toMatchObject({ status: "updated", id: body.results[0]?.id });
    });

    it("marks new numbers on the organization's do-not-call list, and only that organization's", async () => {
      const blocked = nextPhone();
      const blockedInB = nextPhone();
      await db.query(`insert into public.do_not_call (org_id, phone, source) values ($1, $2, 'manual')`, [
        orgA.orgId,
        blocked,
      ]);
      await db.query(`insert into public.do_not_call (org_id, phone, source) values ($1, $2, 'manual')`, [
        orgB.orgId,
        blockedInB,
      ]);
      const response = await post(keyA, {
        campaign_id: campaignA,
        leads: [{ phone: blocked }, { phone: blockedInB }],
      });
      expect(response.status).toBe(200);
      expect((await leadRow(campaignA, blocked))?.status).toBe("do_not_call");
      expect((await leadRow(campaignA, blockedInB))?.status).toBe("pending");

      // An update leaves the status alone, even for a number on the list.
      await db.query(`update public.leads set status = 'pending' where campaign_id = $1 and phone = $2`, [
        campaignA,
        blocked,
      ]);
      await post(keyA, { campaign_id: campaignA, leads: [{ phone: blocked, company: "Later" }] });
      expect(await leadRow(campaignA, blocked)).toMatchObject({ status: "pending", company: "Later" });
    });
  });

  async function collectAll(key: string, params: Record<string, string>, limit = 50): Promise<ApiLead[]> {
    const out: ApiLead[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 1_000; page++) {
      const response = await get(key, { ...params, limit: String(limit), ...(cursor ? { cursor } : {}) });
      expect(response.status).toBe(200);
      const body = await json<ListBody>(response);
      out.push(...body.data);
      expect(body.has_more).toBe(body.next_cursor !== null);
      if (!body.next_cursor) return out;
      cursor = body.next_cursor;
    }
    throw new Error("pagination did not end");
  }

  describe("listing", () => {
    it("returns every row exactly once across cursor pages, including rows added meanwhile", async () => {
      const campaign = await newCampaign(orgA.orgId);
      // One request writes all 30 in one statement, so they share created_at: the id breaks ties.
      const batch = Array.from({ length: 30 }, () => ({ phone: nextPhone() }));
      expect((await post(keyA, { campaign_id: campaign, leads: batch })).status).toBe(200);
      await db.query(
        `insert into public.leads (org_id, campaign_id, phone, timezone, timezone_source, created_at)
         select $1, $2, '+1646' || (5550000 + g)::text, 'UTC', 'default', '2020-01-01T00:00:00.123456Z'
         from generate_series(1, 9) g`,
        [orgA.orgId, campaign],
      );

      const seen: ApiLead[] = [];
      let cursor: string | null = null;
      let pages = 0;
      let added = false;
      do {
        const response = await get(keyA, {
          campaign_id: campaign,
          limit: "7",
          ...(cursor ? { cursor } : {}),
        });
        expect(response.status).toBe(200);
        const body = await json<ListBody>(response);
        expect(body.data.length).toBeLessThanOrEqual(7);
        seen.push(...body.data);
        cursor = body.next_cursor;
        pages += 1;
        if (!added) {
          added = true;
          await post(keyA, {
            campaign_id: campaign,
            leads: [{ phone: nextPhone() }, { phone: nextPhone() }],
          });
        }
      } while (cursor);

      const [expected] = await db.query<{ ids: string[] }>(
        `select coalesce(array_agg(id::text order by created_at, id), '{}') as ids from public.leads where campaign_id = $1`,
        [campaign],
      );
      expect(expected?.ids.length).toBe(41);
      expect(seen.map((l) => l.id)).toEqual(expected?.ids);
      expect(pages).toBe(6);
      expect(seen[0]).toMatchObject({
        campaign_id: campaign,
        timezone: "UTC",
        status: "pending",
        attempts: 0,
      });
      expect(Object.keys(seen[0] ?? {})).not.toContain("search_text");
    });

    it("filters by status, time and search", async () => {
      const campaign = await newCampaign(orgA.orgId);
      const phones = [nextPhone(), nextPhone(), nextPhone()];
      await post(keyA, {
        campaign_id: campaign,
        leads: [
          { phone: phones[0], first_name: "Grace", last_name: "Hopper", company: "Navy" },
          { phone: phones[1], email: "linus@kernel.example" },
          { phone: phones[2], company: "Bell Labs" },
        ],
      });
      await db.query(`update public.leads set status = 'booked' where campaign_id = $1 and phone = $2`, [
        campaign,
        phones[1],
      ]);

      const byStatus = await collectAll(keyA, { campaign_id: campaign, status: "booked,callback" });
      expect(byStatus.map((l) => l.phone)).toEqual([phones[1]]);
      const byName = await collectAll(keyA, { campaign_id: campaign, q: "HOPPER" });
      expect(byName.map((l) => l.phone)).toEqual([phones[0]]);
      const byEmail = await collectAll(keyA, { campaign_id: campaign, q: "kernel.ex" });
      expect(byEmail.map((l) => l.phone)).toEqual([phones[1]]);
      const digits = phones[2]?.slice(5) ?? "";
      const byPhone = await collectAll(keyA, {
        campaign_id: campaign,
        q: `${digits.slice(0, 3)}-${digits.slice(3)}`,
      });
      expect(byPhone.map((l) => l.phone)).toEqual([phones[2]]);
      const wildcard = await collectAll(keyA, { campaign_id: campaign, q: "%" });
      expect(wildcard).toEqual([]);
      const future = await collectAll(keyA, { campaign_id: campaign, updated_since: "2999-01-01T00:00:00Z" });
      expect(future).toEqual([]);
      const past = await collectAll(keyA, { campaign_id: campaign, created_since: "2020-01-01" });
      expect(past).toHaveLength(3);
    });
  });

  describe("rate limit", () => {
    it("answers 429 with RateLimit headers and Retry-After once a key is over its limit", async () => {
      const { key } = await newKey(orgA, "Busy");
      const first = await get(key, { limit: "1" });
      expect(first.status).toBe(200);
      expect(first.headers.get("ratelimit-limit")).toBe(String(API_RATE_LIMIT.maxHits));
      expect(Number(first.headers.get("ratelimit-remaining"))).toBeLessThan(API_RATE_LIMIT.maxHits);

      // A window may roll over mid-loop, so allow up to two windows' worth before the refusal.
      let limited: Response | undefined;
      let allowed = 1;
      for (let i = 0; i < API_RATE_LIMIT.maxHits * 3 && !limited; i++) {
        const response = await get(key, { limit: "1" });
        if (response.status === 429) limited = response;
        else {
          expect(response.status).toBe(200);
          allowed += 1;
        }
      }
      expect(limited).toBeDefined();
      expect(allowed).toBeLessThanOrEqual(API_RATE_LIMIT.maxHits * 2);
      const headers = limited?.headers;
      expect(headers?.get("ratelimit-limit")).toBe(String(API_RATE_LIMIT.maxHits));
      expect(headers?.get("ratelimit-remaining")).toBe("0");
      const retryAfter = Number(headers?.get("retry-after"));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(API_RATE_LIMIT.windowSeconds);
      expect(headers?.get("ratelimit-reset")).toBe(headers?.get("retry-after"));
      expect((await json<ErrorBody>(limited as Response)).error.code).toBe("rate_limited");

      // Another key of the same organization has its own budget.
      expect((await get(keyA, { limit: "1" })).status).toBe(200);
    });
  });
});
