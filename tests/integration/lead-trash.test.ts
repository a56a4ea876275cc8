import { randomUUID } from "node:crypto";
import { and, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf, type Tx } from "@/lib/db/client";
import { listCampaigns } from "@/lib/db/queries/campaigns";
import { leadFilterConditions } from "@/lib/db/queries/leads";
import { withService, withUser } from "@/lib/db/with-user";
import { DEFAULT_LEAD_SORT, type LeadFilter } from "@/lib/schemas/lead";
import { listAuditLog } from "@/lib/services/audit/list-audit-log";
import { getCampaignProgress } from "@/lib/services/campaigns/get-campaign-progress";
import { previewCampaign } from "@/lib/services/campaigns/preview-campaign";
import { claimCalls } from "@/lib/services/dialer/claim-calls";
import { dispatchCall } from "@/lib/services/dialer/dispatch-call";
import { runTick } from "@/lib/services/dialer/run-tick";
import { importDoNotCall } from "@/lib/services/do-not-call/import-do-not-call";
import { removeDoNotCall } from "@/lib/services/do-not-call/remove-do-not-call";
import { writeEmail } from "@/lib/services/email/write-email";
import { importCsvFile } from "@/lib/services/imports/import-csv-file";
import { addLeadsToDoNotCall } from "@/lib/services/leads/add-leads-to-do-not-call";
import { countMatchingLeads } from "@/lib/services/leads/count-matching-leads";
import { deleteLeads } from "@/lib/services/leads/delete-leads";
import { erasePerson, eraseTrashedLeads } from "@/lib/services/leads/erase-leads";
import { getLeadDetails } from "@/lib/services/leads/get-lead-details";
import { listLeads } from "@/lib/services/leads/list-leads";
import { listLeadsForApi } from "@/lib/services/leads/list-leads-api";
import { listTrashedLeads } from "@/lib/services/leads/list-trashed-leads";
import { moveLeads } from "@/lib/services/leads/move-leads";
import { purgeTrashedLeads } from "@/lib/services/leads/purge-trashed-leads";
import { resetLeads } from "@/lib/services/leads/reset-leads";
import { restoreLeads } from "@/lib/services/leads/restore-leads";
import { upsertLeads } from "@/lib/services/leads/upsert-leads";
import type { Actor } from "@/lib/services/organizations/roles";
import { insertCampaign, insertLead, recordingQueue } from "../helpers/dialer-fixtures";
import { fakeVoice } from "../helpers/fake-voice";
import { appErrorOf, createOrgWithMembers, type TestOrg } from "../helpers/fixtures";
import { createTestDb, type TestDb, testDbKinds } from "../helpers/test-db";

/*
 * The trash (issue 12, item 2): deleting leads is a soft delete that admins undo for 30 days,
 * the tick erases what stays longer, an explicit erase removes every copy of a person, filter-wide
 * deletes and moves are admin-only, and every bulk or destructive action leaves an audit row.
 */

// 10:00 in New York on a Monday: inside the test campaigns' calling window.
const NOW = new Date("2026-03-02T15:00:00Z");
const DAY = 24 * 60 * 60 * 1000;
const later = (days: number, ms = 0) => new Date(NOW.getTime() + days * DAY + ms);

type Role = "owner" | "admin" | "member";

describe.each(testDbKinds())("the lead trash on %s", (kind) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb(kind);
  });
  afterAll(() => db.destroy());

  type World = { org: TestOrg<Role>; actors: Record<Role, Actor>; campaignId: string };

  async function world(): Promise<World> {
    const org = await createOrgWithMembers(db, {
      members: { owner: "owner", admin: "admin", member: "member" },
    });
    const actorOf = (role: Role): Actor => {
      const u = org.members[role];
      return { userId: u.id, email: u.email, orgId: org.orgId, role };
    };
    // Active, every day 08:00-21:00 New York (dialer-fixtures).
    const campaignId = await insertCampaign(db, org.orgId);
    return {
      org,
      actors: { owner: actorOf("owner"), admin: actorOf("admin"), member: actorOf("member") },
      campaignId,
    };
  }

  const as = <T>(w: World, role: Role, fn: (tx: Tx) => Promise<T>) =>
    withUser(w.org.members[role].claims, fn, db.db);

  const liveIds = async (orgId: string) =>
    (
      await db.query<{ id: string }>(
        "select id from public.leads where org_id = $1 and deleted_at is null order by id",
        [orgId],
      )
    ).map((r) => r.id);

  const count = async (query: string, params: unknown[]) =>
    Number((await db.query<{ n: number }>(`select count(*)::int as n from ${query}`, params))[0]?.n ?? -1);

  const trash = (w: World, role: Role, ids: string[], now = NOW) =>
    as(w, role, (tx) => deleteLeads({ tx, actor: w.actors[role], selection: { mode: "ids", ids }, now }));

  describe("who may delete and move what", () => {
    it("refuses a member's delete or move of everything a filter matches, and trashes their ticked leads", async () => {
      const w = await world();
      const other = await insertCampaign(db, w.org.orgId, { status: "draft" });
      const ids = [
        await insertLead(db, w.org.orgId, w.campaignId),
        await insertLead(db, w.org.orgId, w.campaignId),
        await insertLead(db, w.org.orgId, w.campaignId),
      ];
      const everything = { mode: "filter" as const, filter: {} };

      // The request from the issue: a member, filter mode, an empty filter.
      const refused = await appErrorOf(
        as(w, "member", (tx) => deleteLeads({ tx, actor: w.actors.member, selection: everything, now: NOW })),
      );
      expect(refused.code).toBe("forbidden");
      expect(refused.message).toBe(
        "Only owners and admins can delete all leads matching a filter. Tick the leads to delete instead.",
      );
      const move = await appErrorOf(
        as(w, "member", (tx) =>
          moveLeads({ tx, actor: w.actors.member, input: { selection: everything, campaignId: other } }),
        ),
      );
      expect(move.message).toBe(
        "Only owners and admins can move all leads matching a filter. Tick the leads to move instead.",
      );
      expect(await liveIds(w.org.orgId)).toEqual([...ids].sort());

      // Ticked leads: a member may.
      expect(await trash(w, "member", [ids[0] ?? ""])).toEqual({ deleted: 1 });
      // Everything matching: an admin may; nothing is removed, all of it is in the trash.
      expect(
        await as(w, "admin", (tx) =>
          deleteLeads({ tx, actor: w.actors.admin, selection: everything, now: NOW }),
        ),
      ).toEqual({ deleted: 2 });
      expect(await liveIds(w.org.orgId)).toEqual([]);
      expect(await count("public.leads where org_id = $1 and deleted_at is not null", [w.org.orgId])).toBe(3);
      const [who] = await db.query<{ deleted_by: string; deleted_at: Date }>(
        "select deleted_by, deleted_at from public.leads where id = $1",
        [ids[0]],
      );
      expect(who?.deleted_by).toBe(w.org.members.member.id);
      expect(new Date(who?.deleted_at ?? 0).toISOString()).toBe(NOW.toISOString());
    });

    it("lets only admins restore, erase and read the trash and the audit log", async () => {
      const w = await world();
      const id = await insertLead(db, w.org.orgId, w.campaignId);
      await trash(w, "member", [id]);
      const m = w.actors.member;
      const refusals = [
        await appErrorOf(
          as(w, "member", (tx) =>
            restoreLeads({ tx, actor: m, input: { selection: { mode: "ids", ids: [id] } }, now: NOW }),
          ),
        ),
        await appErrorOf(as(w, "member", (tx) => eraseTrashedLeads({ tx, actor: m, input: { ids: [id] } }))),
        await appErrorOf(as(w, "member", (tx) => erasePerson({ tx, actor: m, input: { leadId: id } }))),
        await appErrorOf(as(w, "member", (tx) => listTrashedLeads({ tx, actor: m, page: 1 }))),
        await appErrorOf(as(w, "member", (tx) => listAuditLog({ tx, actor: m, page: 1 }))),
      ];
      expect(refusals.map((e) => e.code)).toEqual(Array(5).fill("forbidden"));
      expect(refusals[0]?.message).toBe("Only owners and admins can restore deleted leads.");
      // RLS agrees underneath: a member's own update of a trashed lead changes nothing.
      const changed = await as(w, "member", async (tx) =>
        rowsOf(
          await tx.execute(sql`update public.leads set deleted_at = null where id = ${id} returning id`),
        ),
      );
      expect(changed).toEqual([]);
      // And a member's delete of the row itself (an erase) changes nothing either.
      const removed = await as(w, "member", async (tx) =>
        rowsOf(await tx.execute(sql`delete from public.leads where org_id = ${w.org.orgId} returning id`)),
      );
      expect(removed).toEqual([]);
      expect(await count("public.leads where id = $1 and deleted_at is not null", [id])).toBe(1);
    });
  });

  describe("out of sight", () => {
    it("leaves trashed leads out of the table, counts, search, the API, campaign figures and lead pages", async () => {
      const w = await world();
      const gone = await insertLead(db, w.org.orgId, w.campaignId, { firstName: "Zedediah" });
      const kept = await insertLead(db, w.org.orgId, w.campaignId, { firstName: "Livia" });
      await trash(w, "member", [gone]);
      const query = (filter: LeadFilter) => ({ filter, ...DEFAULT_LEAD_SORT, page: 1 });

      const owner = w.actors.owner;
      const seen = await as(w, "owner", async (tx) => ({
        all: await listLeads({ tx, actor: owner, query: query({}) }),
        // A rare search and a status filter go through the index helper first.
        search: await listLeads({ tx, actor: owner, query: query({ q: "zedediah" }) }),
        pending: await listLeads({ tx, actor: owner, query: query({ statuses: ["pending"] }) }),
        exact: await countMatchingLeads({ tx, actor: owner, filter: {} }),
        progress: await getCampaignProgress({ tx, actor: owner, campaignId: w.campaignId, now: NOW }),
        preview: await previewCampaign({ tx, actor: owner, campaignId: w.campaignId, now: NOW }),
        campaigns: await listCampaigns(tx, { orgId: w.org.orgId }),
      }));
      expect(seen.all.rows.map((r) => r.id)).toEqual([kept]);
      expect([seen.all.total, seen.all.hasAnyLead]).toEqual([1, true]);
      expect(seen.search.rows).toEqual([]);
      expect(seen.pending.rows.map((r) => r.id)).toEqual([kept]);
      expect(seen.exact.count).toBe(1);
      expect(seen.progress.totalLeads).toBe(1);
      expect(seen.preview.total).toBe(1);
      expect(seen.campaigns.find((c) => c.id === w.campaignId)?.leadCount).toBe(1);
      const api = await withService(
        (tx) => listLeadsForApi({ tx, orgId: w.org.orgId, input: { limit: 100 } }),
        db.db,
      );
      expect(api.leads.map((l) => l.id)).toEqual([kept]);

      // A member no longer finds the lead; an admin sees it is in the trash, by whom, until when.
      const forMember = await appErrorOf(
        as(w, "member", (tx) => getLeadDetails({ tx, actor: w.actors.member, leadId: gone })),
      );
      expect(forMember.code).toBe("not_found");
      const forAdmin = await as(w, "admin", (tx) =>
        getLeadDetails({ tx, actor: w.actors.admin, leadId: gone }),
      );
      expect(forAdmin.trash).toEqual({
        deletedAt: NOW,
        deletedBy: w.org.members.member.fullName,
        purgeAt: later(30),
      });
      expect(forAdmin.events.map((e) => e.type)).toContain("trashed");
    });

    it("never dials a trashed lead: the claim skips it, a claimed one is not dispatched, the campaign completes", async () => {
      const w = await world();
      const voice = fakeVoice();
      const account = { key: voice.account, cap: 100 };
      const gone = await insertLead(db, w.org.orgId, w.campaignId);
      const kept = await insertLead(db, w.org.orgId, w.campaignId);
      await trash(w, "owner", [gone]);
      const claimed = await claimCalls({ db: db.db, campaignId: w.campaignId, now: NOW, account });
      expect(claimed.map((c) => c.leadId)).toEqual([kept]);

      // Trashed between the claim and the dispatch: not called, and its attempt is given back.
      const [call] = claimed;
      await trash(w, "owner", [kept]);
      const result = await dispatchCall({
        db: db.db,
        callId: call?.callId ?? "",
        now: NOW,
        voiceFor: () => voice,
      });
      expect(result.status).toBe("requeued");
      expect(voice.started).toEqual([]);
      const [lead] = await db.query<{ status: string; attempts: number }>(
        "select status::text, attempts from public.leads where id = $1",
        [kept],
      );
      expect(lead).toEqual({ status: "pending", attempts: 0 });

      // Nothing live is left to dial: the tick completes the campaign.
      const tick = await runTick({
        db: db.db,
        now: NOW,
        queue: recordingQueue(),
        voiceFor: () => voice,
        campaignId: w.campaignId,
      });
      expect(tick).toMatchObject({ claimed: 0, completed: 1 });
    });

    it("sends no email to a trashed lead", async () => {
      const w = await world();
      const id = await insertLead(db, w.org.orgId, w.campaignId);
      await db.query("update public.leads set email = 'gone@example.test' where id = $1", [id]);
      await trash(w, "owner", [id]);
      const written = await withService(
        (tx) =>
          writeEmail(tx, {
            orgId: w.org.orgId,
            leadId: id,
            kind: "missed_call",
            dedupeKey: `missed_call/${randomUUID()}/${id}`,
            callId: null,
            appointmentId: null,
            campaignId: w.campaignId,
            transport: "outbox",
            now: NOW,
          }),
        db.db,
      );
      expect(written).toMatchObject({ status: "skipped", reason: "the lead was deleted" });
    });

    it("keeps the lead list (under RLS) and the claim (service role) on their partial indexes", async () => {
      const w = await world();
      for (let i = 0; i < 30; i++) await insertLead(db, w.org.orgId, w.campaignId);
      await db.query("vacuum analyze public.leads");
      // Seq scans, bitmap scans and sorts off: the plan then shows whether a partial index can
      // serve the query, order included (its predicate must follow from the query's conditions).
      const explain = async (tx: Tx, query: ReturnType<typeof sql>) => {
        await tx.execute(sql`set local enable_seqscan = off`);
        await tx.execute(sql`set local enable_bitmapscan = off`);
        await tx.execute(sql`set local enable_sort = off`);
        const rows = rowsOf<Record<string, string>>(await tx.execute(sql`explain ${query}`));
        return rows.map((r) => Object.values(r)[0]).join("\n");
      };
      const where = and(...leadFilterConditions(w.org.orgId, {}));
      const firstPage = await as(w, "owner", (tx) =>
        explain(
          tx,
          sql`select id from public.leads where ${where} order by created_at desc nulls last, id desc nulls last limit 50`,
        ),
      );
      expect(firstPage).toMatch(/Index (Only )?Scan using leads_org_id_created_at_idx/);
      // The capped count reads a partial index alone: no row needs visiting to know it is live.
      const capped = await as(w, "owner", (tx) =>
        explain(tx, sql`select count(*) from (select 1 from public.leads where ${where} limit 10001) m`),
      );
      expect(capped).toMatch(/Index Only Scan using leads_org_id_\w+_idx/);
      // The claim's walk of one zone's queue (db/queries/calls.ts, insertClaimedCalls).
      const claimWalk = await withService(
        (tx) =>
          explain(
            tx,
            sql`select l.id from public.leads l
              where l.campaign_id = ${w.campaignId} and l.timezone = 'America/New_York'
                and l.status in ('pending', 'callback') and l.deleted_at is null
                and coalesce(l.next_attempt_at, '-infinity'::timestamptz) <= ${NOW.toISOString()}::timestamptz
              order by coalesce(l.next_attempt_at, '-infinity'::timestamptz) limit 5`,
          ),
        db.db,
      );
      expect(claimWalk).toContain("Index Scan using leads_dial_queue_idx");
    });
  });

  describe("restore", () => {
    it("brings leads back as they were, and refuses, naming why, when the campaign has the number again", async () => {
      const w = await world();
      const [a, b, c] = [
        await insertLead(db, w.org.orgId, w.campaignId, {
          phone: "+12125550101",
          status: "no_answer",
          attempts: 2,
        }),
        await insertLead(db, w.org.orgId, w.campaignId, { phone: "+12125550102" }),
        await insertLead(db, w.org.orgId, w.campaignId, { phone: "+12125550103" }),
      ];
      await trash(w, "member", [a ?? "", b ?? "", c ?? ""]);
      const owner = w.actors.owner;
      const restore = (ids: string[] | "all") =>
        as(w, "owner", (tx) =>
          restoreLeads({
            tx,
            actor: owner,
            input: { selection: ids === "all" ? { mode: "all" } : { mode: "ids", ids } },
            now: later(1),
          }),
        );
      expect(await restore([a ?? ""])).toEqual({ matched: 1, restored: 1, conflicts: 0 });
      const [back] = await db.query<Record<string, unknown>>(
        "select status::text, attempts, deleted_at, deleted_by from public.leads where id = $1",
        [a],
      );
      expect(back).toEqual({ status: "no_answer", attempts: 2, deleted_at: null, deleted_by: null });

      // The same number arrives again (a CRM sync, an import): a new live lead, beside the trashed one.
      const upserted = await withService(
        (tx) =>
          upsertLeads({
            tx,
            orgId: w.org.orgId,
            input: { campaignId: w.campaignId, leads: [{ phone: "+12125550102", firstName: "Again" }] },
          }),
        db.db,
      );
      expect(upserted[0]).toMatchObject({ status: "created" });
      expect(await count("public.leads where org_id = $1 and phone = '+12125550102'", [w.org.orgId])).toBe(2);

      const conflict = await appErrorOf(restore([b ?? ""]));
      expect(conflict.code).toBe("conflict");
      expect(conflict.message).toBe(
        "Not restored: its campaign has a live lead with the same number again (imported since it was deleted). A campaign holds each number once: delete or erase one of the two first.",
      );
      // The whole trash: what can come back does, the rest is counted.
      expect(await restore("all")).toEqual({ matched: 2, restored: 1, conflicts: 1 });
      expect(await count("public.leads where org_id = $1 and deleted_at is not null", [w.org.orgId])).toBe(1);
      const notThere = await appErrorOf(restore([a ?? ""]));
      expect(notThere.code).toBe("not_found");

      const history = await db.query<{ type: string; actor_id: string | null }>(
        "select type, actor_id from public.lead_events where lead_id = $1 and type in ('trashed', 'restored') order by id",
        [a],
      );
      expect(history).toEqual([
        { type: "trashed", actor_id: w.org.members.member.id },
        { type: "restored", actor_id: w.org.members.owner.id },
      ]);
    });
  });

  describe("the purge after 30 days", () => {
    it("erases leads trashed 30 days ago, a batch at a time, and writes one audit row per batch", async () => {
      const w = await world();
      const ids = [
        await insertLead(db, w.org.orgId, w.campaignId),
        await insertLead(db, w.org.orgId, w.campaignId),
        await insertLead(db, w.org.orgId, w.campaignId),
      ];
      const recent = await insertLead(db, w.org.orgId, w.campaignId);
      // Trashed 100 days on, so the other tests' trash (earlier) is due before this one's.
      await trash(w, "owner", ids, later(100));
      await trash(w, "owner", [recent], later(102));
      const callId = await insertLeadCall(ids[0] ?? "");
      await insertEvent({ orgId: w.org.orgId, callId, payload: { transcript: "Hello, it's me" } });
      const mine = () => count("public.leads where org_id = $1", [w.org.orgId]);

      // 29 days and 23 hours later nothing of this organization is due (older trash goes).
      while ((await purgeTrashedLeads({ db: db.db, now: later(130, -60 * 60 * 1000) })).leads > 0);
      expect(await mine()).toBe(4);
      // At 30 days, two per run.
      expect(await purgeTrashedLeads({ db: db.db, now: later(130), batchSize: 2 })).toEqual({
        leads: 2,
        organizations: 1,
      });
      expect(await purgeTrashedLeads({ db: db.db, now: later(130), batchSize: 2 })).toEqual({
        leads: 1,
        organizations: 1,
      });
      expect(await count("public.leads where id = any($1::uuid[])", [ids])).toBe(0);
      expect(await count("public.calls where id = $1", [callId])).toBe(0);
      expect(await count("public.webhook_events where call_id = $1", [callId])).toBe(0);
      // Trashed two days later: erased two days later.
      expect(await count("public.leads where id = $1", [recent])).toBe(1);
      expect(await purgeTrashedLeads({ db: db.db, now: later(132) })).toEqual({ leads: 1, organizations: 1 });
      expect(await mine()).toBe(0);

      const audit = await auditRows(w.org.orgId, "leads.purge");
      expect(audit.map((r) => [r.actor_id, r.count])).toEqual([
        [null, 2],
        [null, 1],
        [null, 1],
      ]);
    });

    it("runs in the tick", async () => {
      const w = await world();
      const id = await insertLead(db, w.org.orgId, w.campaignId);
      await trash(w, "owner", [id]);
      await runTick({
        db: db.db,
        now: later(31),
        queue: recordingQueue(),
        voiceFor: () => fakeVoice(),
        campaignId: undefined,
      });
      expect(await count("public.leads where id = $1", [id])).toBe(0);
    });
  });

  describe("erasing a person's data", () => {
    it("removes every copy: leads in every campaign, calls, appointments, emails, history, webhook payloads, staged rows", async () => {
      const w = await world();
      const phone = "+13125550177";
      const email = "Pat.Person@Example.test";
      const second = await insertCampaign(db, w.org.orgId, { status: "draft" });
      const lead = await insertLead(db, w.org.orgId, w.campaignId, { phone, firstName: "Patricia" });
      const sameNumber = await insertLead(db, w.org.orgId, second, { phone });
      await db.query("update public.leads set email = $2, last_name = 'Person' where id = any($1::uuid[])", [
        [lead, sameNumber],
        email,
      ]);
      const bystander = await insertLead(db, w.org.orgId, w.campaignId, { phone: "+13125550188" });
      await trash(w, "owner", [sameNumber]);

      const callId = await insertLeadCall(lead, "retell_call_pat");
      const bystanderCall = await insertLeadCall(bystander, "retell_call_by");
      const appointment = await insertAppointment(w, lead, callId, "calcom_uid_pat_1");
      const emailId = await insertEmailRow(w, lead, "resend_msg_pat_1");
      await db.query(
        "update public.leads set status = 'booked' where id = $1", // writes history
        [lead],
      );
      const importId = await insertImportRow(w, phone);
      await db.query(
        "insert into public.do_not_call (org_id, phone, source, reason) values ($1, $2, 'call', 'asked on the call')",
        [w.org.orgId, phone],
      );
      await db.query(
        "insert into public.email_suppressions (org_id, email, reason, email_id) values ($1, $2, 'unsubscribed', $3)",
        [w.org.orgId, email.toLowerCase(), emailId],
      );
      const events = {
        byCall: await insertEvent({
          orgId: w.org.orgId,
          callId,
          payload: { call: { transcript: "Yes, book me" } },
        }),
        calcom: await insertEvent({
          orgId: w.org.orgId,
          provider: "calcom",
          payload: { triggerEvent: "BOOKING_CREATED", payload: { uid: "calcom_uid_pat_1" } },
        }),
        resend: await insertEvent({
          orgId: w.org.orgId,
          provider: "resend",
          payload: { type: "email.delivered", data: { email_id: "resend_msg_pat_1" } },
        }),
        byAddress: await insertEvent({
          orgId: w.org.orgId,
          provider: "calcom",
          payload: { payload: { attendees: [{ email: "pat.person@example.test" }] } },
        }),
        // Refused before its organization was known, naming the number.
        rejected: await insertEvent({
          orgId: null,
          provider: "retell",
          payload: { call: { to_number: phone } },
        }),
        bystanderByCall: await insertEvent({ orgId: w.org.orgId, callId: bystanderCall, payload: { x: 1 } }),
        bystanderByNumber: await insertEvent({
          orgId: w.org.orgId,
          provider: "calcom",
          payload: { payload: { attendees: [{ phoneNumber: "+13125550188" }] } },
        }),
      };
      // A member searched for the person by number before deleting by filter; an admin by name.
      await as(w, "admin", (tx) =>
        resetLeads({
          tx,
          actor: w.actors.admin,
          selection: { mode: "filter", filter: { q: "(312) 555-0177" } },
        }),
      );
      await as(w, "admin", (tx) =>
        resetLeads({ tx, actor: w.actors.admin, selection: { mode: "filter", filter: { q: "Bulk" } } }),
      );

      const erased = await as(w, "admin", (tx) =>
        erasePerson({ tx, actor: w.actors.admin, input: { leadId: lead } }),
      );
      expect(erased).toEqual({
        leads: 2,
        calls: 1,
        appointments: 1,
        emails: 1,
        history: expect.any(Number),
        webhookEvents: 5,
        importRows: 1,
      });
      expect(erased.history).toBeGreaterThanOrEqual(2);

      const leftOf = async (table: string, where: string, params: unknown[]) =>
        count(`${table} where ${where}`, params);
      expect(await leftOf("public.leads", "id = any($1::uuid[])", [[lead, sameNumber]])).toBe(0);
      expect(await leftOf("public.calls", "id = $1", [callId])).toBe(0);
      expect(await leftOf("public.appointments", "id = $1", [appointment])).toBe(0);
      expect(await leftOf("public.emails", "id = $1", [emailId])).toBe(0);
      expect(await leftOf("public.lead_events", "lead_id = any($1::uuid[])", [[lead, sameNumber]])).toBe(0);
      expect(await leftOf("public.lead_import_rows", "import_id = $1", [importId])).toBe(0);
      for (const id of [events.byCall, events.calcom, events.resend, events.byAddress, events.rejected]) {
        expect(await leftOf("public.webhook_events", "id = $1", [id])).toBe(0);
      }
      // Nothing of anyone else.
      expect(await leftOf("public.leads", "id = $1", [bystander])).toBe(1);
      expect(await leftOf("public.calls", "id = $1", [bystanderCall])).toBe(1);
      expect(
        await leftOf("public.webhook_events", "id = any($1::bigint[])", [
          [events.bystanderByCall, events.bystanderByNumber],
        ]),
      ).toBe(2);
      // The legal records stay: the number must never be called, the address never emailed.
      expect(await leftOf("public.do_not_call", "org_id = $1 and phone = $2", [w.org.orgId, phone])).toBe(1);
      expect(
        await leftOf("public.email_suppressions", "org_id = $1 and email = $2", [
          w.org.orgId,
          email.toLowerCase(),
        ]),
      ).toBe(1);

      // The audit log keeps its rows without the person: the search that named them is erased.
      const searches = await db.query<{ q: string }>(
        "select filter ->> 'q' as q from public.audit_log where org_id = $1 and action = 'leads.reset' order by id",
        [w.org.orgId],
      );
      expect(searches.map((r) => r.q)).toEqual(["[erased]", "Bulk"]);
      const [row] = await auditRows(w.org.orgId, "leads.erase_person");
      expect(row).toMatchObject({ actor_id: w.org.members.admin.id, count: 2, filter: null });
      const everything = JSON.stringify(
        await db.query("select * from public.audit_log where org_id = $1", [w.org.orgId]),
      ).toLowerCase();
      for (const trace of ["3125550177", "pat.person", "patricia"]) expect(everything).not.toContain(trace);
    });

    it("erases ticked trashed leads now, and only trashed ones", async () => {
      const w = await world();
      const gone = await insertLead(db, w.org.orgId, w.campaignId);
      const live = await insertLead(db, w.org.orgId, w.campaignId);
      await trash(w, "owner", [gone]);
      const notTrashed = await appErrorOf(
        as(w, "admin", (tx) => eraseTrashedLeads({ tx, actor: w.actors.admin, input: { ids: [live] } })),
      );
      expect(notTrashed.code).toBe("not_found");
      expect(
        await as(w, "admin", (tx) =>
          eraseTrashedLeads({ tx, actor: w.actors.admin, input: { ids: [gone, live] } }),
        ),
      ).toMatchObject({ leads: 1 });
      expect(await liveIds(w.org.orgId)).toEqual([live]);
      expect(await count("public.leads where id = $1", [gone])).toBe(0);
    });
  });

  describe("the audit log", () => {
    it("records every bulk and destructive lead action: who, what, how many, which filter", async () => {
      const w = await world();
      const other = await insertCampaign(db, w.org.orgId, { status: "draft" });
      const ids = [
        await insertLead(db, w.org.orgId, w.campaignId, { phone: "+14155550101", status: "no_answer" }),
        await insertLead(db, w.org.orgId, w.campaignId, { phone: "+14155550102", status: "no_answer" }),
        await insertLead(db, w.org.orgId, w.campaignId, { phone: "+14155550103" }),
      ];
      const [a = "", b = "", c = ""] = ids;
      const admin = w.actors.admin;
      const member = w.actors.member;
      const noAnswer = { statuses: ["no_answer" as const] };

      await as(w, "member", (tx) =>
        resetLeads({ tx, actor: member, selection: { mode: "filter", filter: noAnswer } }),
      );
      await as(w, "member", (tx) =>
        moveLeads({ tx, actor: member, input: { selection: { mode: "ids", ids: [a] }, campaignId: other } }),
      );
      await as(w, "member", (tx) =>
        addLeadsToDoNotCall({
          tx,
          actor: member,
          input: { selection: { mode: "ids", ids: [b] }, reason: "asked" },
        }),
      );
      await as(w, "admin", (tx) =>
        deleteLeads({
          tx,
          actor: admin,
          selection: { mode: "filter", filter: { campaignId: w.campaignId } },
          now: NOW,
        }),
      );
      await as(w, "admin", (tx) =>
        restoreLeads({ tx, actor: admin, input: { selection: { mode: "ids", ids: [b, c] } }, now: NOW }),
      );
      await trash(w, "member", [c]);
      await as(w, "admin", (tx) => eraseTrashedLeads({ tx, actor: admin, input: { ids: [c] } }));
      await as(w, "admin", (tx) => erasePerson({ tx, actor: admin, input: { leadId: a } }));
      const imported = await as(w, "member", (tx) =>
        importDoNotCall({
          tx,
          actor: member,
          input: { fileName: "optouts.csv", csv: "phone\n+14155550199\n" },
        }),
      );
      expect(imported.counts.added).toBe(1);
      const [entry] = await db.query<{ id: string }>(
        "select id from public.do_not_call where org_id = $1 and phone = '+14155550199'",
        [w.org.orgId],
      );
      await as(w, "admin", (tx) => removeDoNotCall({ tx, actor: admin, input: { id: entry?.id ?? "" } }));
      await importCsvFile({
        db: db.db,
        user: w.org.members.member.claims,
        actor: member,
        campaignId: w.campaignId,
        bytes: Buffer.from("Name,Phone\nNew Person,+1 415 555 0150\n"),
        fileName: "more.csv",
      });

      const page = await as(w, "admin", (tx) => listAuditLog({ tx, actor: admin, page: 1 }));
      const byAction = page.rows
        .filter((r) => r.action.startsWith("leads.") || r.action.startsWith("do_not_call."))
        .map((r) => ({ action: r.action, actor: r.actorEmail, count: r.count, filter: r.filter }))
        .reverse();
      const memberEmail = w.org.members.member.email;
      const adminEmail = w.org.members.admin.email;
      expect(byAction).toEqual([
        { action: "leads.reset", actor: memberEmail, count: 2, filter: noAnswer },
        { action: "leads.move", actor: memberEmail, count: 1, filter: null },
        { action: "leads.do_not_call", actor: memberEmail, count: 1, filter: null },
        { action: "leads.trash", actor: adminEmail, count: 2, filter: { campaignId: w.campaignId } },
        { action: "leads.restore", actor: adminEmail, count: 2, filter: null },
        { action: "leads.trash", actor: memberEmail, count: 1, filter: null },
        { action: "leads.erase", actor: adminEmail, count: 1, filter: null },
        { action: "leads.erase_person", actor: adminEmail, count: 1, filter: null },
        { action: "do_not_call.import", actor: memberEmail, count: 1, filter: null },
        { action: "do_not_call.remove", actor: adminEmail, count: 1, filter: null },
        { action: "leads.import", actor: memberEmail, count: 1, filter: null },
      ]);
      // By id, the row names the leads; newest first, with the time of the action.
      const move = page.rows.find((r) => r.action === "leads.move");
      expect(move?.data).toMatchObject({ leadIds: [a], campaignId: other });
      expect(page.rows[0]?.createdAt).toBeInstanceOf(Date);
      expect(page.total).toBe(page.rows.length);
    });
  });

  // ---- fixtures ---------------------------------------------------------------------------------

  async function insertLeadCall(leadId: string, providerCallId: string | null = null): Promise<string> {
    const [row] = await db.query<{ id: string }>(
      `insert into public.calls (org_id, campaign_id, lead_id, attempt_no, status, provider, provider_account,
         provider_call_id, to_number, deadline_at, transcript, cost_cents, recording_url)
       select l.org_id, l.campaign_id, l.id, 1, 'ended', 'retell', 'retell:env', $2, l.phone, now(),
              'Agent: hello. Lead: hi.', 42, 'https://recordings.example/rec.wav'
       from public.leads l where l.id = $1
       returning id`,
      [leadId, providerCallId],
    );
    if (!row) throw new Error("no call");
    return row.id;
  }

  async function insertEvent(e: {
    orgId: string | null;
    callId?: string;
    provider?: string;
    payload: Record<string, unknown>;
  }): Promise<string> {
    const [row] = await db.query<{ id: string }>(
      `insert into public.webhook_events (provider, event_key, type, org_id, call_id, payload)
       values ($1, $2, 'test', $3, $4, $5::jsonb) returning id::text`,
      [e.provider ?? "retell", `test:${randomUUID()}`, e.orgId, e.callId ?? null, JSON.stringify(e.payload)],
    );
    if (!row) throw new Error("no event");
    return row.id;
  }

  async function insertAppointment(w: World, leadId: string, callId: string, uid: string): Promise<string> {
    const [row] = await db.query<{ id: string }>(
      `insert into public.appointments (org_id, lead_id, campaign_id, call_id, source, start_at, end_at, timezone,
         title, notes, calcom_booking_uid)
       values ($1, $2, $3, $4, 'calcom', $5, $6, 'America/Chicago', 'Intro call', 'Wants a demo', $7)
       returning id`,
      [
        w.org.orgId,
        leadId,
        w.campaignId,
        callId,
        later(3).toISOString(),
        later(3, 30 * 60_000).toISOString(),
        uid,
      ],
    );
    if (!row) throw new Error("no appointment");
    return row.id;
  }

  async function insertEmailRow(w: World, leadId: string, providerMessageId: string): Promise<string> {
    const [row] = await db.query<{ id: string }>(
      `insert into public.emails (org_id, lead_id, campaign_id, kind, dedupe_key, transport, status, to_address,
         from_address, subject, html, text, provider_message_id, unsubscribe_token)
       values ($1, $2, $3, 'confirmation', $4, 'resend', 'delivered', 'pat.person@example.test',
               'Org <team@example.test>', 'See you Tuesday', '<p>Hi Patricia</p>', 'Hi Patricia', $5, $6)
       returning id`,
      [
        w.org.orgId,
        leadId,
        w.campaignId,
        `confirmation/${randomUUID()}/${leadId}`,
        providerMessageId,
        randomUUID(),
      ],
    );
    if (!row) throw new Error("no email");
    return row.id;
  }

  /** A finished import that skipped a row with this number (its cells stay in staging for the report). */
  async function insertImportRow(w: World, phone: string): Promise<string> {
    const [imp] = await db.query<{ id: string }>(
      `insert into public.lead_imports (org_id, campaign_id, file_name, status) values ($1, $2, 'crm.csv', 'completed')
       returning id`,
      [w.org.orgId, w.campaignId],
    );
    if (!imp) throw new Error("no import");
    await db.query(
      `insert into public.lead_import_rows (import_id, org_id, row_number, status, raw, phone, reason)
       values ($1, $2, 2, 'skipped', $3::jsonb, $4, 'already in this campaign')`,
      [imp.id, w.org.orgId, JSON.stringify(["Patricia Person", phone]), phone],
    );
    return imp.id;
  }

  async function auditRows(orgId: string, action: string) {
    return db.query<{
      actor_id: string | null;
      count: number;
      filter: unknown;
      data: Record<string, unknown>;
    }>(
      "select actor_id, count, filter, data from public.audit_log where org_id = $1 and action = $2 order by id",
      [orgId, action],
    );
  }
});
