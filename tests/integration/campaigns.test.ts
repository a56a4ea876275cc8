import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "@/lib/db/client";
import { listCampaignCounts } from "@/lib/db/queries/campaigns";
import { withService, withUser } from "@/lib/db/with-user";
import { DEFAULT_RETRY_POLICY } from "@/lib/dialer/campaign-settings";
import { AppError } from "@/lib/errors";
import { type CampaignSettingsInput, campaignSettingsSchema } from "@/lib/schemas/campaign";
import { listCalls } from "@/lib/services/calls/list-calls";
import { changeCampaignStatus } from "@/lib/services/campaigns/change-campaign-status";
import { createCampaign } from "@/lib/services/campaigns/create-campaign";
import { getCampaignPage } from "@/lib/services/campaigns/get-campaign-page";
import { getCampaignProgress } from "@/lib/services/campaigns/get-campaign-progress";
import { previewCampaign } from "@/lib/services/campaigns/preview-campaign";
import { updateCampaignSettings } from "@/lib/services/campaigns/update-campaign-settings";
import { seedDemoCampaign } from "@/lib/services/demo/seed-demo";
import type { Actor } from "@/lib/services/organizations/roles";
import { createOrgWithMembers, type TestUser } from "../helpers/fixtures";
import { statementLog } from "../helpers/statement-log";
import { createTestDb, type TestDb, testDbKinds } from "../helpers/test-db";

// Wednesday 2026-07-01 16:00Z = 12:00 in New York, 09:00 in Los Angeles, 06:00 in Honolulu,
// 21:30 in Kolkata (past the window), 02:00 Thursday in Sydney.
const NOW = new Date("2026-07-01T16:00:00Z");

const SETTINGS: CampaignSettingsInput = {
  name: "Solar",
  voiceProvider: "simulator",
  agentId: "",
  callerId: "",
  callingWindow: { days: [1, 2, 3, 4, 5], startMinute: 540, endMinute: 1200 },
  retryPolicy: DEFAULT_RETRY_POLICY,
  maxAttempts: 3,
  maxAttemptsPerDay: 2,
  maxConcurrentCalls: 5,
  dailyCallCap: null,
  spendCapDollars: 25.5,
  requireConsent: true,
  breakerFailurePercent: 80,
  breakerWindow: 10,
};

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw error;
  return error;
}

describe.each(testDbKinds())("campaigns on %s", (kind) => {
  let db: TestDb;
  let owner: TestUser;
  let outsider: TestUser;
  let actor: Actor;
  let outsiderActor: Actor;

  const log = statementLog();

  beforeAll(async () => {
    db = await createTestDb(kind, { logger: log.logger });
    const org = await createOrgWithMembers(db, { members: { owner: "owner" } });
    const other = await createOrgWithMembers(db, { members: { owner: "owner" } });
    owner = org.members.owner;
    outsider = other.members.owner;
    actor = { userId: owner.id, email: owner.email, orgId: org.orgId, role: "owner" };
    outsiderActor = { userId: outsider.id, email: outsider.email, orgId: other.orgId, role: "owner" };
  });
  afterAll(() => db.destroy());

  const as = <T>(fn: Parameters<typeof withUser<T>>[1], user = owner) => withUser(user.claims, fn, db.db);

  async function newCampaign(name = "C") {
    return as((tx) =>
      createCampaign({
        tx,
        actor,
        input: { name, defaultTimezone: "America/New_York", requireConsent: false },
      }),
    );
  }

  // Numbers in sequence, not at random: 20 random picks from 10,000 collide once in about 50
  // runs (a unique violation that failed CI once).
  let phoneSeq = 0;
  async function addLead(campaignId: string, values: Record<string, unknown> = {}) {
    phoneSeq += 1;
    const v = {
      phone: `+1212555${String(1000 + phoneSeq).padStart(4, "0")}`,
      timezone: "America/New_York",
      status: "pending",
      attempts: 0,
      consent: true,
      next_attempt_at: null,
      timezone_candidates: null,
      ...values,
    };
    const [row] = await db.query<{ id: string }>(
      `insert into public.leads (org_id, campaign_id, phone, timezone, timezone_source, status, attempts, consent,
         next_attempt_at, timezone_candidates)
       values ($1, $2, $3, $4, 'column', $5, $6, $7, $8, $9) returning id`,
      [
        actor.orgId,
        campaignId,
        v.phone,
        v.timezone,
        v.status,
        v.attempts,
        v.consent,
        v.next_attempt_at,
        v.timezone_candidates,
      ],
    );
    if (!row) throw new Error("no lead");
    return row.id;
  }

  const change = (campaignId: string, action: "start" | "pause" | "resume" | "stop" | "archive") =>
    as((tx) => changeCampaignStatus({ tx, actor, campaignId, action, now: NOW }));

  it("walks the lifecycle and refuses invalid transitions with a clear message", async () => {
    const c = await newCampaign();
    expect((await rejection(change(c.id, "start"))).message).toMatch(/at least one lead/);
    await addLead(c.id);
    expect((await rejection(change(c.id, "pause"))).message).toBe(
      "A draft campaign can't be paused. Start it first.",
    );
    const started = await change(c.id, "start");
    expect(started.campaign.status).toBe("active");
    expect(started.tick).toBe(true);
    expect(started.campaign.startedAt?.toISOString()).toBe(NOW.toISOString());
    expect((await rejection(change(c.id, "start"))).code).toBe("conflict");
    expect((await rejection(change(c.id, "archive"))).code).toBe("conflict");
    await db.query(`update public.campaigns set paused_reason = 'breaker' where id = $1`, [c.id]);
    const paused = await change(c.id, "pause");
    expect(paused.campaign.status).toBe("paused");
    expect(paused.tick).toBe(false);
    const resumed = await change(c.id, "resume");
    expect(resumed.campaign).toMatchObject({ status: "active", pausedReason: null });
    const stopped = await change(c.id, "stop");
    expect(stopped.campaign.status).toBe("completed");
    expect(stopped.campaign.completedAt).not.toBeNull();
    expect((await rejection(change(c.id, "resume"))).message).toMatch(/can only be archived/);
    expect((await change(c.id, "archive")).campaign.status).toBe("archived");
    expect((await rejection(change(c.id, "archive"))).message).toMatch(/read-only/);
    const settings = campaignSettingsSchema.parse(SETTINGS);
    const edit = await rejection(
      as((tx) => updateCampaignSettings({ tx, actor, campaignId: c.id, settings })),
    );
    expect(edit).toMatchObject({ code: "conflict", message: "Archived campaigns are read-only." });
  });

  it("needs an agent and caller ID to start with a real provider", async () => {
    const c = await newCampaign();
    await addLead(c.id);
    await db.query(`update public.campaigns set voice_provider = 'retell' where id = $1`, [c.id]);
    expect((await rejection(change(c.id, "start"))).message).toMatch(/agent ID and caller ID/);
  });

  it("stop cancels unsent calls and gives their leads the attempt back", async () => {
    const c = await newCampaign();
    const queuedLead = await addLead(c.id, { status: "queued", attempts: 2 });
    const dialingLead = await addLead(c.id, { status: "calling", attempts: 1 });
    await change(c.id, "start");
    await withService(async (tx) => {
      for (const [leadId, attempt, status, providerId] of [
        [queuedLead, 2, "queued", null],
        [dialingLead, 1, "dialing", "prov-1"],
      ] as const) {
        await tx.execute(sql`
          insert into public.calls (org_id, campaign_id, lead_id, attempt_no, status, provider, provider_account,
            provider_call_id, to_number, deadline_at)
          values (${actor.orgId}, ${c.id}, ${leadId}, ${attempt}, ${status}, 'simulator', 'simulator',
            ${providerId}, '+12125550000', now())`);
      }
    }, db.db);
    const stopped = await change(c.id, "stop");
    expect(stopped.cancelledCalls).toBe(1);
    const calls = await db.query<{
      lead_id: string;
      status: string;
      result: string | null;
      error: string | null;
    }>(`select lead_id, status, result, error from public.calls where campaign_id = $1`, [c.id]);
    expect(calls.find((r) => r.lead_id === queuedLead)).toMatchObject({
      status: "ended",
      result: "failed",
      error: "campaign stopped",
    });
    expect(calls.find((r) => r.lead_id === dialingLead)).toMatchObject({ status: "dialing", result: null });
    const leads = await db.query<{ id: string; status: string; attempts: number }>(
      `select id, status, attempts from public.leads where campaign_id = $1`,
      [c.id],
    );
    expect(leads.find((l) => l.id === queuedLead)).toMatchObject({ status: "pending", attempts: 1 });
    expect(leads.find((l) => l.id === dialingLead)).toMatchObject({ status: "calling", attempts: 1 });
    // The role was put back: the rest of the transaction is still under RLS.
    const role = await as(async (tx) => {
      await changeCampaignStatus({ tx, actor, campaignId: c.id, action: "archive", now: NOW });
      return rowsOf<{ role: string }>(await tx.execute(sql`select current_setting('role') as role`))[0]?.role;
    });
    expect(role).toBe("authenticated");
  });

  it("saves settings, storing the spend cap in cents and the caller ID as E.164", async () => {
    const c = await newCampaign();
    const settings = campaignSettingsSchema.parse({ ...SETTINGS, callerId: "(415) 555-0100" });
    const saved = await as((tx) => updateCampaignSettings({ tx, actor, campaignId: c.id, settings }));
    expect(saved).toMatchObject({
      name: "Solar",
      callerId: "+14155550100",
      spendCapCents: 2550,
      callingDays: [1, 2, 3, 4, 5],
      callingStartMinute: 540,
      requireConsent: true,
      maxConcurrentCalls: 5,
    });
    const retell = campaignSettingsSchema.parse({ ...SETTINGS, voiceProvider: "retell" });
    const error = await rejection(
      as((tx) =>
        updateCampaignSettings({
          tx,
          actor,
          campaignId: c.id,
          settings: retell,
          providers: { simulator: true, retell: false, vapi: false },
        }),
      ),
    );
    expect(error.message).toMatch(/RETELL_API_KEY/);
  });

  it("keeps another organization's member out (RLS)", async () => {
    const c = await newCampaign();
    await addLead(c.id);
    const settings = campaignSettingsSchema.parse(SETTINGS);
    const asOutsider = <T>(fn: Parameters<typeof withUser<T>>[1]) => withUser(outsider.claims, fn, db.db);
    // Their own org id: the campaign is not there.
    expect(
      (
        await rejection(
          asOutsider((tx) =>
            updateCampaignSettings({ tx, actor: outsiderActor, campaignId: c.id, settings }),
          ),
        )
      ).code,
    ).toBe("not_found");
    // Claiming the victim's org id: RLS hides it all the same.
    const forged = { ...outsiderActor, orgId: actor.orgId };
    expect(
      (
        await rejection(
          asOutsider((tx) => updateCampaignSettings({ tx, actor: forged, campaignId: c.id, settings })),
        )
      ).code,
    ).toBe("not_found");
    expect(
      (
        await rejection(
          asOutsider((tx) =>
            changeCampaignStatus({ tx, actor: forged, campaignId: c.id, action: "start", now: NOW }),
          ),
        )
      ).code,
    ).toBe("not_found");
    expect(
      (
        await rejection(
          asOutsider((tx) => previewCampaign({ tx, actor: forged, campaignId: c.id, now: NOW })),
        )
      ).code,
    ).toBe("not_found");
    const page = await asOutsider((tx) => listCalls({ tx, actor: forged, query: { page: 1, pageSize: 25 } }));
    expect(page.total).toBe(0);
  });

  it("previews each skip reason at a fixed time", async () => {
    const c = await newCampaign("Preview");
    await as((tx) =>
      updateCampaignSettings({
        tx,
        actor,
        campaignId: c.id,
        settings: campaignSettingsSchema.parse(SETTINGS),
      }),
    );
    await addLead(c.id); // New York noon on a Wednesday: callable
    await addLead(c.id, { timezone: "America/Los_Angeles" }); // 09:00: callable
    await addLead(c.id, { timezone: "Pacific/Honolulu" }); // 06:00: opens at 09:00 today
    await addLead(c.id, { next_attempt_at: "2026-07-01T18:00:00Z" }); // retry due at 14:00 today
    await addLead(c.id, { next_attempt_at: "2026-07-03T18:00:00Z" }); // retry on Friday
    await addLead(c.id, { timezone: "Asia/Kolkata" }); // 21:30: window passed
    await addLead(c.id, { timezone: "Australia/Sydney" }); // 02:00 Thursday there: opens at 09:00 their today
    await addLead(c.id, { consent: false });
    await addLead(c.id, { attempts: 3 });
    await addLead(c.id, { status: "invalid_number" });
    await addLead(c.id, { status: "booked" });
    await addLead(c.id, { status: "queued" });
    await addLead(c.id, { status: "do_not_call" });
    await addLead(c.id, { phone: "+12125559999" });
    await db.query(
      `insert into public.do_not_call (org_id, phone, source) values ($1, '+12125559999', 'manual')`,
      [actor.orgId],
    );
    const preview = await as((tx) => previewCampaign({ tx, actor, campaignId: c.id, now: NOW }));
    expect(preview.counts).toEqual({
      callable_now: 2,
      later_today: 3,
      in_call: 1,
      waiting: 1,
      outside_hours: 1,
      no_consent: 1,
      attempts_used: 1,
      do_not_call: 2,
      invalid_number: 1,
      done: 1,
    });
    expect(preview.total).toBe(14);
    // Honolulu opens at 09:00 HST = 19:00Z; the New York retry falls due at 18:00Z.
    expect(preview.nextCallableAt?.toISOString()).toBe("2026-07-01T18:00:00.000Z");

    const progress = await as((tx) => getCampaignProgress({ tx, actor, campaignId: c.id, now: NOW }));
    expect(progress).toMatchObject({
      totalLeads: 14,
      openCalls: 0,
      slots: 5,
      callsToday: 0,
      spendCapCents: 2550,
    });
    expect(progress.leadsByStatus.pending).toBe(9);
  });

  it("previews retries to the second, candidate zones and the edges of the local day", async () => {
    const c = await newCampaign("Preview edges");
    await as((tx) =>
      updateCampaignSettings({
        tx,
        actor,
        campaignId: c.id,
        settings: campaignSettingsSchema.parse({ ...SETTINGS, requireConsent: false }),
      }),
    );
    await addLead(c.id, { next_attempt_at: "2026-07-01T17:30:45Z" }); // 13:30:45 in New York: later today
    await addLead(c.id, { next_attempt_at: "2026-07-01T15:59:59Z" }); // due a second ago: callable now
    // Chicago is at 11:00 too: callable now. Honolulu is at 06:00: not now, and (judged at the
    // window's start in New York, as for every lead) not today either.
    await addLead(c.id, { timezone_candidates: ["America/New_York", "America/Chicago"] });
    await addLead(c.id, { timezone_candidates: ["America/New_York", "Pacific/Honolulu"] });
    await addLead(c.id, { next_attempt_at: "2026-07-02T03:59:30Z" }); // 23:59:30 tonight: past the window
    await addLead(c.id, { next_attempt_at: "2026-07-02T04:00:00Z" }); // midnight in New York: tomorrow
    await addLead(c.id, { next_attempt_at: "2026-07-06T14:00:00Z" }); // next Monday
    const preview = await as((tx) => previewCampaign({ tx, actor, campaignId: c.id, now: NOW }));
    expect(preview.counts).toMatchObject({
      callable_now: 2,
      later_today: 1,
      waiting: 2,
      outside_hours: 2,
    });
    expect(preview.total).toBe(7);
    // The retry's own second, not its minute.
    expect(preview.nextCallableAt?.toISOString()).toBe("2026-07-01T17:30:45.000Z");
    // The progress the page polls finds the same instant by itself.
    const progress = await as((tx) => getCampaignProgress({ tx, actor, campaignId: c.id, now: NOW }));
    expect(progress.nextEligibleAt).toBe("2026-07-01T17:30:45.000Z");
  });

  it("loads the campaign page reading the campaign's leads for the next opening once", async () => {
    const c = await newCampaign("Page");
    await addLead(c.id, { next_attempt_at: "2026-07-01T17:30:45Z" });
    const { value: page, statements } = await log.record(() =>
      as((tx) => getCampaignPage({ tx, actor, campaignId: c.id, now: NOW })),
    );
    expect(page?.preview.nextCallableAt?.toISOString()).toBe("2026-07-01T17:30:45.000Z");
    expect(page?.progress.nextEligibleAt).toBe("2026-07-01T17:30:45.000Z");
    // The preview's statement, which also counts the leads per status: nothing else reads them.
    const readsLeads = statements.filter((s) => /\bfrom (public\.leads|"leads")/.test(s.sql));
    expect(readsLeads).toHaveLength(1);
    expect(page?.progress.leadsByStatus).toEqual({ pending: 1 });
    expect(page?.progress.totalLeads).toBe(1);
    expect(await as((tx) => getCampaignPage({ tx, actor: outsiderActor, campaignId: c.id, now: NOW }))).toBe(
      null,
    );
  });

  it("counts each campaign's calls and connected calls for the list from the rollup, as the calls say", async () => {
    const [a, b] = [await newCampaign("Counts A"), await newCampaign("Counts B")];
    const call = async (campaignId: string, status: string, result: string | null, at: string) => {
      const leadId = await addLead(campaignId);
      await db.query(
        `insert into public.calls (org_id, campaign_id, lead_id, attempt_no, status, result, provider,
           provider_account, to_number, queued_at, created_at, deadline_at)
         select org_id, campaign_id, id, 1, $2::public.call_status, $3::public.call_result, 'simulator',
           'simulator', phone, $4, $4, $4::timestamptz + interval '10 minutes'
         from public.leads where id = $1`,
        [leadId, status, result, at],
      );
    };
    await call(a.id, "ended", "answered", "2026-07-01T10:00:00Z");
    await call(a.id, "ended", "no_answer", "2026-07-01T10:30:00Z");
    await call(a.id, "dialing", null, "2026-07-02T23:59:59Z");
    await call(b.id, "ended", "answered", "2026-06-30T08:00:00Z");
    // A call that ends later moves from in flight to connected in the same counts.
    await db.query(
      "update public.calls set status = 'ended', result = 'answered' where campaign_id = $1 and status = 'dialing'",
      [a.id],
    );
    const counts = await as((tx) => listCampaignCounts(tx, { orgId: actor.orgId }));
    const raw = await db.query<{ campaignId: string; calls: number; connected: number }>(
      `select campaign_id as "campaignId", count(*)::int as calls,
         (count(*) filter (where result = 'answered'))::int as connected
       from public.calls where org_id = $1 group by campaign_id`,
      [actor.orgId],
    );
    const byCampaign = (rows: { campaignId: string; calls: number; connected: number }[]) =>
      Object.fromEntries(rows.map((r) => [r.campaignId, { calls: r.calls, connected: r.connected }]));
    expect(byCampaign(counts)).toEqual(byCampaign(raw));
    expect(byCampaign(counts)[a.id]).toEqual({ calls: 3, connected: 2 });
    expect(byCampaign(counts)[b.id]).toEqual({ calls: 1, connected: 1 });
    // Another organization's member sees none of them.
    expect(await as((tx) => listCampaignCounts(tx, { orgId: actor.orgId }), outsider)).toEqual([]);
  });

  // PGlite has one connection: no other session can commit while the page's transaction is open.
  it.skipIf(kind === "pglite")(
    "shows every figure of the campaign page as of one snapshot, whatever commits meanwhile",
    async () => {
      const c = await newCampaign("Snapshot");
      const leadId = await addLead(c.id, { status: "calling", attempts: 1 });
      await db.query(
        `insert into public.calls (org_id, campaign_id, lead_id, attempt_no, status, provider, provider_account,
           to_number, queued_at, created_at, deadline_at)
         select org_id, campaign_id, id, 1, 'dialing', 'simulator', 'simulator', phone, $2, $2,
           $2::timestamptz + interval '10 minutes'
         from public.leads where id = $1`,
        [leadId, NOW.toISOString()],
      );
      const figures = (p: Awaited<ReturnType<typeof getCampaignPage>>) => ({
        inCall: p?.preview.counts.in_call,
        calling: p?.progress.leadsByStatus.calling ?? 0,
        open: p?.progress.openCalls,
        rows: p?.calls.rows.map((r) => r.status),
      });
      const { before, after } = await withUser(
        owner.claims,
        async (tx) => {
          const before = figures(await getCampaignPage({ tx, actor, campaignId: c.id, now: NOW }));
          // The call ends and its lead moves on, committed by another session in between.
          await db.query(
            "update public.calls set status = 'ended', result = 'no_answer' where lead_id = $1",
            [leadId],
          );
          await db.query("update public.leads set status = 'no_answer' where id = $1", [leadId]);
          const after = figures(await getCampaignPage({ tx, actor, campaignId: c.id, now: NOW }));
          return { before, after };
        },
        db.db,
        { snapshot: true },
      );
      expect(before).toEqual({ inCall: 1, calling: 1, open: 1, rows: ["dialing"] });
      expect(after).toEqual(before);
      // The next refresh sees the call ended everywhere at once.
      const next = await withUser(
        owner.claims,
        async (tx) => figures(await getCampaignPage({ tx, actor, campaignId: c.id, now: NOW })),
        db.db,
        { snapshot: true },
      );
      expect(next).toEqual({ inCall: 0, calling: 0, open: 0, rows: ["ended"] });
    },
  );

  it("seeds the demo campaign once, ready and not started", async () => {
    const demo = await createOrgWithMembers(db, { name: "Acme Solar (demo)", members: { owner: "owner" } });
    const userId = demo.members.owner.id;
    expect(await seedDemoCampaign({ db: db.db, userId })).toBe(true);
    expect(await seedDemoCampaign({ db: db.db, userId })).toBe(false);
    // Ready but not started: nothing is dialed before someone presses Start.
    const [row] = await db.query<{ status: string; started: boolean; leads: number; zones: number }>(
      `select c.status, c.started_at is not null as started, count(l.id)::int as leads,
         count(distinct l.timezone)::int as zones
       from public.campaigns c join public.leads l on l.campaign_id = c.id
       where c.org_id = $1 group by c.status, c.started_at`,
      [demo.orgId],
    );
    expect(row).toMatchObject({ status: "draft", started: false, leads: 40, zones: 10 });
  });
});
