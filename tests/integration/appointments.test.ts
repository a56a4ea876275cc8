import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as toolsPost } from "@/app/api/tools/retell/route";
import { POST as webhookPost } from "@/app/api/webhooks/retell/route";
import { setDbHandle } from "@/lib/db";
import { withUser } from "@/lib/db/with-user";
import { setQueue } from "@/lib/integrations/queue";
import { seededRng } from "@/lib/integrations/voice/simulator/plan";
import {
  clearSimulatedCalls,
  configureSimulator,
  SimulatorVoice,
} from "@/lib/integrations/voice/simulator/simulator";
import { appointmentStats } from "@/lib/services/appointments/appointment-stats";
import {
  type AppointmentListQuery,
  appointmentListQuerySchema,
  listAppointments,
  listLeadAppointments,
} from "@/lib/services/appointments/list-appointments";
import { markAppointmentAttendance } from "@/lib/services/appointments/mark-appointment-attendance";
import type { Actor } from "@/lib/services/organizations/roles";
import { applyingQueue, insertCampaign, insertClaimedCall, insertLead } from "../helpers/dialer-fixtures";
import { createOrgWithMembers, type TestUser } from "../helpers/fixtures";
import { steppedSchedule } from "../helpers/simulator-steps";
import { createTestDb, type TestDb, testDbKinds } from "../helpers/test-db";

// Thursday 2026-12-03 10:00 in New York, Friday 00:00 in Tokyo.
const NOW = new Date("2026-12-03T15:00:00Z");

describe.each(testDbKinds())("appointments (%s)", (kind) => {
  let db: TestDb;
  let orgId: string;
  let owner: TestUser;
  let otherOrgId: string;
  let otherOwner: TestUser;
  let campaignA: string;
  let campaignB: string;
  const lead: Record<"grace" | "alan" | "ada", string> = { grace: "", alan: "", ada: "" };
  const ids: Record<string, string> = {};

  const appointment = async (
    name: string,
    a: {
      org?: string;
      leadId: string;
      campaignId: string | null;
      start: string;
      status?: string;
      source?: "builtin" | "calcom";
      uid?: string;
    },
  ) => {
    const start = new Date(a.start);
    const [row] = await db.query<{ id: string }>(
      `insert into public.appointments (org_id, lead_id, campaign_id, source, status, start_at, end_at, timezone,
         title, calcom_booking_uid)
       values ($1, $2, $3, $4, $5, $6, $7, 'America/New_York', $8, $9) returning id`,
      [
        a.org ?? orgId,
        a.leadId,
        a.campaignId,
        a.source ?? "builtin",
        a.status ?? "booked",
        start.toISOString(),
        new Date(start.getTime() + 30 * 60_000).toISOString(),
        `Meeting ${name}`,
        a.uid ?? null,
      ],
    );
    ids[name] = row!.id;
  };

  beforeAll(async () => {
    db = await createTestDb(kind);
    setDbHandle(db);
    const org = await createOrgWithMembers(db, { members: { owner: "owner" } });
    orgId = org.orgId;
    owner = org.members.owner;
    const other = await createOrgWithMembers(db, { members: { owner: "owner" } });
    otherOrgId = other.orgId;
    otherOwner = other.members.owner;
    campaignA = await insertCampaign(db, orgId);
    campaignB = await insertCampaign(db, orgId);
    await db.query("update public.campaigns set name = 'Zeta outreach' where id = $1", [campaignB]);
    const named = async (first: string, last: string, company: string, email: string, phone: string) => {
      const id = await insertLead(db, orgId, campaignA, { firstName: first, phone });
      await db.query("update public.leads set last_name = $1, company = $2, email = $3 where id = $4", [
        last,
        company,
        email,
        id,
      ]);
      return id;
    };
    lead.grace = await named("Grace", "Hopper", "Navy Labs", "grace@navy.test", "+16465550111");
    lead.alan = await named("Alan", "Turing", "Bletchley", "alan@bletchley.test", "+16465550122");
    lead.ada = await named("Ada", "Lovelace", "Engines", "ada@engines.test", "+16465550133");
    // Today in New York: 05:00Z-05:00Z; in Tokyo: 15:00Z-15:00Z. Week in New York from Mon Nov 30 05:00Z,
    // in Tokyo from Sun Nov 29 15:00Z.
    await appointment("A", { leadId: lead.grace, campaignId: campaignA, start: "2026-12-03T14:00:00Z" });
    await appointment("B", { leadId: lead.grace, campaignId: campaignA, start: "2026-12-04T10:00:00Z" });
    await appointment("C", {
      leadId: lead.alan,
      campaignId: campaignA,
      start: "2026-12-03T16:00:00Z",
      status: "cancelled",
    });
    await appointment("D", {
      leadId: lead.alan,
      campaignId: campaignA,
      start: "2026-12-06T20:00:00Z",
      source: "calcom",
      uid: "cal_uid_d",
    });
    await appointment("E", {
      leadId: lead.ada,
      campaignId: campaignB,
      start: "2026-11-20T15:00:00Z",
      status: "completed",
    });
    await appointment("F", {
      leadId: lead.ada,
      campaignId: campaignB,
      start: "2026-11-21T15:00:00Z",
      status: "no_show",
    });
    await appointment("G", {
      leadId: lead.ada,
      campaignId: campaignB,
      start: "2026-11-22T15:00:00Z",
      status: "completed",
    });
    await appointment("H", { leadId: lead.ada, campaignId: campaignA, start: "2026-11-30T03:00:00Z" });
    await appointment("I", { leadId: lead.ada, campaignId: campaignA, start: "2026-12-04T12:00:00Z" });
    const otherCampaign = await insertCampaign(db, otherOrgId);
    const otherLead = await insertLead(db, otherOrgId, otherCampaign, { firstName: "Grace" });
    await appointment("other", {
      org: otherOrgId,
      leadId: otherLead,
      campaignId: otherCampaign,
      start: "2026-12-04T10:00:00Z",
    });
  });
  afterAll(async () => {
    setDbHandle(undefined);
    setQueue(undefined);
    configureSimulator({ deliver: null, callTool: null, schedule: null, rng: null, now: null });
    clearSimulatedCalls();
    await db.destroy();
  });

  const actorOf = (user: TestUser, org: string): Actor => ({
    userId: user.id,
    email: user.email,
    orgId: org,
    role: "owner",
  });
  const list = (params: Record<string, string> = {}, user = owner, org = orgId) => {
    const query: AppointmentListQuery = appointmentListQuerySchema.parse(params);
    return withUser(
      user.claims,
      (tx) => listAppointments({ tx, actor: actorOf(user, org), query, now: NOW }),
      db.db,
    );
  };
  const names = (rows: { id: string }[]) => rows.map((r) => Object.keys(ids).find((k) => ids[k] === r.id));

  it("lists upcoming soonest first and past latest first, with lead and campaign", async () => {
    const upcoming = await list();
    expect(names(upcoming.rows)).toEqual(["C", "B", "I", "D"]);
    expect(upcoming.total).toBe(4);
    expect(upcoming.rows[1]).toMatchObject({
      firstName: "Grace",
      lastName: "Hopper",
      company: "Navy Labs",
      campaignName: "Dialer test",
      status: "booked",
      source: "builtin",
      leadTimezone: "America/New_York",
    });
    const past = await list({ tab: "past" });
    expect(names(past.rows)).toEqual(["A", "H", "G", "F", "E"]);
    const paged = await list({ tab: "past", pageSize: "2", page: "3" });
    expect(names(paged.rows)).toEqual(["E"]);
    expect(paged).toMatchObject({ page: 3, total: 5 });
    // A page past the end shows the last page.
    expect((await list({ tab: "past", pageSize: "2", page: "9" })).page).toBe(3);
  });

  it("searches lead name, email, phone and company; filters status, campaign and source", async () => {
    expect(names((await list({ q: "hopper" })).rows)).toEqual(["B"]);
    expect(names((await list({ q: "grace hopper", tab: "past" })).rows)).toEqual(["A"]);
    expect(await list({ q: "BLETCH" })).toMatchObject({ total: 2, capped: false });
    expect(names((await list({ q: "BLETCH" })).rows)).toEqual(["C", "D"]);
    expect(names((await list({ q: "alan@bletchley" })).rows)).toEqual(["C", "D"]);
    expect(names((await list({ q: "(646) 555-0133" })).rows)).toEqual(["I"]);
    expect(names((await list({ q: "nobody" })).rows)).toEqual([]);
    // Pattern characters are literal.
    expect(names((await list({ q: "%" })).rows)).toEqual([]);
    expect(names((await list({ status: "cancelled" })).rows)).toEqual(["C"]);
    expect(names((await list({ source: "calcom" })).rows)).toEqual(["D"]);
    expect(names((await list({ tab: "past", campaignId: campaignB })).rows)).toEqual(["G", "F", "E"]);
    expect(names((await list({ tab: "past", campaignId: campaignB, status: "no_show" })).rows)).toEqual([
      "F",
    ]);
    // Nonsense in the URL is ignored, not an error.
    expect((await list({ status: "bogus", source: "x", campaignId: "nope", tab: "later" })).total).toBe(4);
  });

  it("a lead's appointments, latest first", async () => {
    const rows = await withUser(
      owner.claims,
      (tx) => listLeadAppointments({ tx, actor: actorOf(owner, orgId), leadId: lead.grace }),
      db.db,
    );
    expect(names(rows)).toEqual(["B", "A"]);
  });

  it("counts today and this week in the viewer's zone; show rate from completed and no-show", async () => {
    const stats = (zone: string) =>
      withUser(
        owner.claims,
        (tx) => appointmentStats({ tx, actor: actorOf(owner, orgId), now: NOW, zone }),
        db.db,
      );
    const ny = await stats("America/New_York");
    // Cancelled C never counts. NY today: A. NY week (Mon Nov 30 05:00Z - Mon Dec 7 05:00Z): A, B, D, I.
    expect(ny).toMatchObject({ today: 1, thisWeek: 4, upcoming: 3, total: 8, showKnown: 3 });
    expect(ny.showRate).toBeCloseTo(2 / 3, 10);
    expect(ny.byCampaign).toEqual([
      { campaignId: campaignA, campaignName: "Dialer test", count: 5 },
      { campaignId: campaignB, campaignName: "Zeta outreach", count: 3 },
    ]);
    // Tokyo's Friday has begun: today B and I; its week (from Sun Nov 29 15:00Z) takes H but not D.
    const tokyo = await stats("Asia/Tokyo");
    expect(tokyo).toMatchObject({ today: 2, thisWeek: 4 });
    const utc = await stats("UTC");
    expect(utc).toMatchObject({ today: 1, thisWeek: 5 });
    // An unknown zone counts in UTC rather than failing.
    expect(await stats("Mars/Olympus")).toMatchObject({ today: 1, thisWeek: 5 });
  });

  it("no show rate while nothing is completed or missed", async () => {
    const stats = await withUser(
      otherOwner.claims,
      (tx) => appointmentStats({ tx, actor: actorOf(otherOwner, otherOrgId), now: NOW, zone: "UTC" }),
      db.db,
    );
    expect(stats).toMatchObject({ total: 1, showRate: null, showKnown: 0 });
  });

  it("a member marks a past meeting completed or no-show (audited), which gives the show rate; never a future one", async () => {
    const org = await createOrgWithMembers(db, { members: { owner: "owner", member: "member" } });
    const member = org.members.member!;
    const memberActor: Actor = { userId: member.id, email: member.email, orgId: org.orgId, role: "member" };
    const campaignId = await insertCampaign(db, org.orgId);
    const leadId = await insertLead(db, org.orgId, campaignId);
    await appointment("past", { org: org.orgId, leadId, campaignId, start: "2026-12-02T15:00:00Z" });
    await appointment("future", { org: org.orgId, leadId, campaignId, start: "2026-12-04T15:00:00Z" });
    await appointment("gone", {
      org: org.orgId,
      leadId,
      campaignId,
      start: "2026-12-01T15:00:00Z",
      status: "cancelled",
    });
    const mark = (
      id: string | undefined,
      status: "completed" | "no_show" | "booked",
      actor = memberActor,
      user = member,
    ) =>
      withUser(
        user.claims,
        (tx) =>
          markAppointmentAttendance({ tx, actor, input: { appointmentId: id ?? "", status }, now: NOW }),
        db.db,
      );
    expect(await mark(ids.past, "completed")).toEqual({
      id: ids.past,
      status: "completed",
      previous: "booked",
    });
    await expect(mark(ids.future, "no_show")).rejects.toMatchObject({ code: "conflict" });
    await expect(mark(ids.gone, "completed")).rejects.toMatchObject({ code: "conflict" });
    // Another organization's member cannot reach it, even naming our organization.
    await expect(
      mark(ids.past, "no_show", { ...actorOf(otherOwner, org.orgId) }, otherOwner),
    ).rejects.toMatchObject({
      code: "not_found",
    });
    const stats = await withUser(
      member.claims,
      (tx) => appointmentStats({ tx, actor: memberActor, now: NOW, zone: "UTC" }),
      db.db,
    );
    expect(stats).toMatchObject({ showKnown: 1, showRate: 1 });
    // Undo, then no-show: each change is one audit row naming the member.
    await mark(ids.past, "booked");
    await mark(ids.past, "no_show");
    const audit = await db.query<{ actor_id: string; data: { from: string; to: string } }>(
      "select actor_id, data from public.audit_log where org_id = $1 and action = 'appointments.attendance' order by id",
      [org.orgId],
    );
    expect(audit.map((a) => [a.actor_id, a.data.from, a.data.to])).toEqual([
      [member.id, "booked", "completed"],
      [member.id, "completed", "booked"],
      [member.id, "booked", "no_show"],
    ]);
  });

  it("RLS: another organization's member sees none of ours, even asking for our org", async () => {
    // Claims of the other org's owner with our org id: RLS still hides every row.
    const theirs = await list({}, otherOwner, orgId);
    expect(theirs.total).toBe(0);
    const stats = await withUser(
      otherOwner.claims,
      (tx) => appointmentStats({ tx, actor: actorOf(otherOwner, orgId), now: NOW, zone: "UTC" }),
      db.db,
    );
    expect(stats).toMatchObject({ total: 0, today: 0, byCampaign: [] });
    expect(names((await list({}, otherOwner, otherOrgId)).rows)).toEqual(["other"]);
  });

  /** Drives one seeded simulated call (answered) through the real webhook and tools routes. */
  const simulateCall = async (seed: number) => {
    const queue = applyingQueue(db.db, NOW);
    setQueue(queue);
    const steps = steppedSchedule();
    const post = (route: typeof toolsPost, path: string, body: string, signature: string) =>
      route(
        new Request(`http://localhost${path}`, {
          method: "POST",
          headers: { "x-retell-signature": signature },
          body,
        }),
      );
    const tools: string[] = [];
    let analyzed = false;
    configureSimulator({
      rng: seededRng(seed),
      schedule: steps.schedule,
      deliver: async ({ body, signature }) => {
        expect((await post(webhookPost, "/api/webhooks/retell", body, signature)).status).toBe(200);
        await queue.drain();
        if (JSON.parse(body).event === "call_analyzed") analyzed = true;
      },
      callTool: async ({ body, signature }) => {
        tools.push(JSON.parse(body).name);
        const res = await post(toolsPost, "/api/tools/retell", body, signature);
        expect(res.status).toBe(200);
        return res.json();
      },
    });
    const now = new Date();
    const c = await insertClaimedCall(db, { orgId, campaignId: campaignA, now });
    const voice = new SimulatorVoice({
      mix: { answered: 1, no_answer: 0, voicemail: 0, busy: 0, failed: 0 },
    });
    const { providerCallId } = await voice.startCall({
      callId: c.callId,
      orgId,
      campaignId: campaignA,
      leadId: c.leadId,
      toNumber: c.phone,
      fromNumber: null,
      agentId: null,
      variables: {},
    });
    await db.query("update public.calls set provider_call_id = $1 where id = $2", [providerCallId, c.callId]);
    // Run the simulator's steps to their ends (each delivery schedules the next) until none is left.
    await steps.runAll();
    expect(analyzed).toBe(true);
    const [call] = await db.query<{ status: string; outcome: string; callback_at: Date | null }>(
      "select status, outcome, callback_at from public.calls where id = $1",
      [c.callId],
    );
    return { ...c, now, tools, call: call! };
  };

  it("a simulated booked call books through the tools route: an appointment of that call", async () => {
    // Seed 5 plans an answered call that ends in a booking (see the simulator's unit tests).
    const { tools, now, call, ...c } = await simulateCall(5);
    expect(tools).toEqual(["check_availability", "book_appointment"]);
    const rows = await db.query<{ lead_id: string; status: string; source: string; start_at: Date }>(
      "select lead_id, status, source, start_at from public.appointments where call_id = $1",
      [c.callId],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ lead_id: c.leadId, status: "booked", source: "builtin" });
    expect(rows[0]!.start_at.getTime()).toBeGreaterThan(now.getTime());
    expect(call).toMatchObject({ status: "ended", outcome: "booked" });
    // And it shows on the page's list, linked to its call.
    const upcoming = await withUser(
      owner.claims,
      (tx) =>
        listAppointments({
          tx,
          actor: actorOf(owner, orgId),
          query: appointmentListQuerySchema.parse({ q: c.phone }),
          now,
        }),
      db.db,
    );
    expect(upcoming.rows.map((r) => r.callId)).toEqual([c.callId]);
  });

  it("a simulated callback schedules it in the call; a do-not-call puts the number on the list", async () => {
    // Seed 8 plans a callback, seed 9 a do-not-call.
    const cb = await simulateCall(8);
    expect(cb.tools).toEqual(["schedule_callback"]);
    expect(cb.call).toMatchObject({ status: "ended", outcome: "callback" });
    expect(new Date(cb.call.callback_at!).getTime()).toBeGreaterThan(cb.now.getTime());
    expect(await db.query("select 1 from public.appointments where call_id = $1", [cb.callId])).toHaveLength(
      0,
    );

    const dnc = await simulateCall(9);
    expect(dnc.tools).toEqual(["mark_do_not_call"]);
    expect(dnc.call).toMatchObject({ status: "ended", outcome: "do_not_call" });
    expect(
      await db.query("select 1 from public.do_not_call where org_id = $1 and phone = $2", [orgId, dnc.phone]),
    ).toHaveLength(1);
  });
});
