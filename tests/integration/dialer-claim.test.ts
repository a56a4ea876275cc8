import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isCallableAt } from "@/lib/dialer/calling-window";
import { claimCalls } from "@/lib/services/dialer/claim-calls";
import { insertCall, insertCampaign, insertLead } from "../helpers/dialer-fixtures";
import { createOrgWithMembers } from "../helpers/fixtures";
import { propertyRuns } from "../helpers/property-runs";
import { createTestDb, type TestDb, testDbKinds } from "../helpers/test-db";

// Wednesday 2 December 2026, 17:00 UTC: 12:00 in New York, 09:00 in Los Angeles, 07:00 in Honolulu.
const NOW = new Date("2026-12-02T17:00:00Z");
const HOUR = 3_600_000;

function account(cap = 100) {
  return { key: `simulator:${randomBytes(4).toString("hex")}`, cap };
}

describe.each(testDbKinds())("claimCalls on %s", (kind) => {
  let db: TestDb;
  let orgId: string;

  beforeAll(async () => {
    db = await createTestDb(kind);
    orgId = (await createOrgWithMembers(db, { members: { owner: "owner" } })).orgId;
  });
  afterAll(async () => {
    await db.destroy();
  });

  it("claims only eligible leads: one lead per reason to skip is never claimed", async () => {
    const campaignId = await insertCampaign(db, orgId, {
      requireConsent: true,
      maxAttempts: 3,
      maxAttemptsPerDay: 2,
    });
    const lead = (s: Parameters<typeof insertLead>[3] = {}) =>
      insertLead(db, orgId, campaignId, { consent: true, ...s });
    const eligible = await lead({ nextCallContext: { reason: "asked for Thursday" } });
    const dueCallback = await lead({ status: "callback", nextAttemptAt: new Date(NOW.getTime() - HOUR) });

    const dncPhone = "+16465559001";
    const dnc = await lead({ phone: dncPhone });
    await db.query(`insert into public.do_not_call (org_id, phone, source) values ($1, $2, 'manual')`, [
      orgId,
      dncPhone,
    ]);
    // The trigger marked it; put it back so only the claim-time check stands between it and a call.
    await db.query(`update public.leads set status = 'pending' where id = $1`, [dnc]);

    const noAttemptsLeft = await lead({ attempts: 3 });
    const dayCapReached = await lead({ attempts: 2 });
    await insertCall(db, {
      orgId,
      campaignId,
      leadId: dayCapReached,
      attemptNo: 1,
      createdAt: new Date(NOW.getTime() - 20 * HOUR),
    });
    await insertCall(db, {
      orgId,
      campaignId,
      leadId: dayCapReached,
      attemptNo: 2,
      createdAt: new Date(NOW.getTime() - 2 * HOUR),
    });
    const noConsent = await lead({ consent: false });
    const unknownConsent = await lead({ consent: null });
    const zoneClosed = await lead({ timezone: "Pacific/Honolulu" });
    const candidateClosed = await lead({ timezoneCandidates: ["Pacific/Honolulu"] });
    const notDue = await lead({ nextAttemptAt: new Date(NOW.getTime() + 60_000) });
    const booked = await lead({ status: "booked" });
    const queued = await lead({ status: "queued" });
    const calling = await lead({ status: "calling" });
    const skipped = [
      dnc,
      noAttemptsLeft,
      dayCapReached,
      noConsent,
      unknownConsent,
      zoneClosed,
      candidateClosed,
      notDue,
      booked,
      queued,
      calling,
    ];

    const claimed = await claimCalls({ db: db.db, campaignId, now: NOW, account: account() });
    expect(new Set(claimed.map((c) => c.leadId))).toEqual(new Set([eligible, dueCallback]));
    for (const id of skipped) expect(claimed.map((c) => c.leadId)).not.toContain(id);

    const [l] = await db.query<{
      status: string;
      attempts: number;
      last_called_at: Date;
      next_attempt_at: Date | null;
      next_call_context: unknown;
    }>(
      `select status::text, attempts, last_called_at, next_attempt_at, next_call_context from public.leads where id = $1`,
      [eligible],
    );
    expect(l).toMatchObject({
      status: "queued",
      attempts: 1,
      next_attempt_at: null,
      next_call_context: null,
    });
    expect(new Date(l?.last_called_at ?? 0).toISOString()).toBe(NOW.toISOString());
    const [call] = await db.query<Record<string, unknown>>(
      `select status::text, attempt_no, provider::text, provider_account, to_number, from_number, context, deadline_at
       from public.calls where lead_id = $1`,
      [eligible],
    );
    const claimedCall = claimed.find((c) => c.leadId === eligible);
    expect(call).toMatchObject({
      status: "queued",
      attempt_no: 1,
      provider: "simulator",
      provider_account: claimedCall?.providerAccount,
      from_number: "+12125550100",
      context: { reason: "asked for Thursday" },
    });
    expect(new Date(call?.deadline_at as string).getTime()).toBe(NOW.getTime() + 5 * 60_000);
    expect(claimedCall).toMatchObject({ orgId, campaignId, provider: "simulator" });

    // Nothing else is claimable, and the skipped leads are untouched.
    expect(await claimCalls({ db: db.db, campaignId, now: NOW, account: account() })).toEqual([]);
    const [{ n } = { n: -1 }] = await db.query<{ n: number }>(
      `select count(*)::int as n from public.leads where id = any($1::uuid[]) and status = 'queued'`,
      [skipped.filter((id) => id !== queued && id !== calling)],
    );
    expect(n).toBe(0);
  });

  it("claims nothing for a campaign that is not active", async () => {
    const campaignId = await insertCampaign(db, orgId, { status: "paused" });
    await insertLead(db, orgId, campaignId);
    expect(await claimCalls({ db: db.db, campaignId, now: NOW, account: account() })).toEqual([]);
  });

  it("claims the most overdue leads first, across zones", async () => {
    const campaignId = await insertCampaign(db, orgId, { maxConcurrentCalls: 2 });
    const old = await insertLead(db, orgId, campaignId, {
      timezone: "America/Los_Angeles",
      nextAttemptAt: new Date(NOW.getTime() - 5 * HOUR),
    });
    await insertLead(db, orgId, campaignId, { nextAttemptAt: new Date(NOW.getTime() - HOUR) });
    const fresh = await insertLead(db, orgId, campaignId, { timezone: "America/Chicago" });
    const claimed = await claimCalls({ db: db.db, campaignId, now: NOW, account: account() });
    expect(new Set(claimed.map((c) => c.leadId))).toEqual(new Set([old, fresh]));
  });

  it("numbers a call after a reset to pending as attempt 1, while the call serial keeps counting", async () => {
    const campaignId = await insertCampaign(db, orgId, { maxAttemptsPerDay: 3 });
    // A lead called once before (call #1), then reset: attempts back to 0.
    const leadId = await insertLead(db, orgId, campaignId, { attempts: 0 });
    await insertCall(db, {
      orgId,
      campaignId,
      leadId,
      attemptNo: 1,
      createdAt: new Date(NOW.getTime() - 30 * HOUR),
    });
    const [claimed] = await claimCalls({ db: db.db, campaignId, now: NOW, account: account() });
    const [call] = await db.query<{ attempt_no: number; lead_attempt: number }>(
      "select attempt_no, lead_attempt from public.calls where id = $1",
      [claimed?.callId],
    );
    expect(call).toEqual({ attempt_no: 2, lead_attempt: 1 });
  });

  describe("free slots", () => {
    it("stops at the campaign's concurrency, counting its open calls", async () => {
      const campaignId = await insertCampaign(db, orgId, { maxConcurrentCalls: 3 });
      const busy = await insertLead(db, orgId, campaignId, { status: "calling", attempts: 1 });
      await insertCall(db, { orgId, campaignId, leadId: busy, attemptNo: 1, createdAt: NOW, status: "live" });
      for (let i = 0; i < 6; i++) await insertLead(db, orgId, campaignId);
      expect(await claimCalls({ db: db.db, campaignId, now: NOW, account: account() })).toHaveLength(2);
      expect(await claimCalls({ db: db.db, campaignId, now: NOW, account: account() })).toHaveLength(0);
    });

    it("stops at the provider account's cap, shared by campaigns", async () => {
      const shared = account(4);
      const a = await insertCampaign(db, orgId, { maxConcurrentCalls: 3 });
      const b = await insertCampaign(db, orgId, { maxConcurrentCalls: 10 });
      for (let i = 0; i < 5; i++) {
        await insertLead(db, orgId, a);
        await insertLead(db, orgId, b);
      }
      expect(await claimCalls({ db: db.db, campaignId: a, now: NOW, account: shared })).toHaveLength(3);
      expect(await claimCalls({ db: db.db, campaignId: b, now: NOW, account: shared })).toHaveLength(1);
      expect(await claimCalls({ db: db.db, campaignId: b, now: NOW, account: shared })).toHaveLength(0);
      // Another account's calls do not count against this one.
      expect(await claimCalls({ db: db.db, campaignId: b, now: NOW, account: account(2) })).toHaveLength(2);
    });

    it("stops at the daily cap, counted since local midnight in the campaign's zone", async () => {
      const campaignId = await insertCampaign(db, orgId, {
        dailyCallCap: 5,
        defaultTimezone: "America/New_York",
      });
      const past = await insertLead(db, orgId, campaignId, { status: "no_answer", attempts: 3 });
      // 04:30 New York today counts; 23:30 New York yesterday does not.
      await insertCall(db, {
        orgId,
        campaignId,
        leadId: past,
        attemptNo: 1,
        createdAt: new Date("2026-12-02T09:30:00Z"),
      });
      await insertCall(db, {
        orgId,
        campaignId,
        leadId: past,
        attemptNo: 2,
        createdAt: new Date("2026-12-02T09:31:00Z"),
      });
      await insertCall(db, {
        orgId,
        campaignId,
        leadId: past,
        attemptNo: 3,
        createdAt: new Date("2026-12-02T04:30:00Z"),
      });
      for (let i = 0; i < 6; i++) await insertLead(db, orgId, campaignId);
      expect(await claimCalls({ db: db.db, campaignId, now: NOW, account: account() })).toHaveLength(3);
      expect(await claimCalls({ db: db.db, campaignId, now: NOW, account: account() })).toHaveLength(0);
      // The next local day starts at 05:00 UTC.
      const tomorrow = new Date("2026-12-03T15:00:00Z");
      expect(await claimCalls({ db: db.db, campaignId, now: tomorrow, account: account() })).toHaveLength(3);
    });

    it("pauses the campaign with a reason once the spend cap is reached", async () => {
      const campaignId = await insertCampaign(db, orgId, { spendCapCents: 100 });
      const past = await insertLead(db, orgId, campaignId, { status: "no_answer", attempts: 2 });
      await insertCall(db, { orgId, campaignId, leadId: past, attemptNo: 1, createdAt: NOW, costCents: 60 });
      await insertLead(db, orgId, campaignId);
      expect(await claimCalls({ db: db.db, campaignId, now: NOW, account: account() })).toHaveLength(1);
      await insertCall(db, { orgId, campaignId, leadId: past, attemptNo: 2, createdAt: NOW, costCents: 40 });
      await insertLead(db, orgId, campaignId);
      expect(await claimCalls({ db: db.db, campaignId, now: NOW, account: account() })).toEqual([]);
      const [c] = await db.query<{ status: string; paused_reason: string | null }>(
        `select status::text, paused_reason from public.campaigns where id = $1`,
        [campaignId],
      );
      expect(c?.status).toBe("paused");
      expect(c?.paused_reason).toMatch(/spend cap/i);
    });
  });

  it("only ever claims leads whose local time is inside the window (property, DST nights included)", async () => {
    const zones = [
      "America/New_York",
      "America/Phoenix",
      "Pacific/Honolulu",
      "Asia/Kolkata",
      "Europe/London",
      "Australia/Lord_Howe",
    ];
    // Instants around the 2026 US and EU DST changes, and a random spread over the year.
    const dstNights = [
      Date.parse("2026-03-08T06:00:00Z"),
      Date.parse("2026-03-29T00:30:00Z"),
      Date.parse("2026-10-25T00:30:00Z"),
      Date.parse("2026-11-01T05:30:00Z"),
    ];
    const instant = fc.oneof(
      fc
        .constantFrom(...dstNights)
        .chain((t) => fc.integer({ min: -26 * 60, max: 26 * 60 }).map((m) => t + m * 60_000)),
      fc.integer({ min: Date.parse("2026-01-01T00:00:00Z"), max: Date.parse("2026-12-31T00:00:00Z") }),
    );
    const windowArb = fc.oneof(
      fc.record({ startMinute: fc.integer({ min: 0, max: 1380 }), endMinute: fc.constant(1440) }),
      fc
        .integer({ min: 0, max: 1439 })
        .chain((s) => fc.integer({ min: s + 1, max: 1440 }).map((e) => ({ startMinute: s, endMinute: e }))),
    );
    const days = fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 7 });
    const lead = fc.record({
      zone: fc.constantFrom(...zones),
      candidates: fc.oneof(
        fc.constant(null),
        fc.uniqueArray(fc.constantFrom(...zones), { minLength: 1, maxLength: 2 }),
      ),
    });

    await fc.assert(
      fc.asyncProperty(
        instant,
        windowArb,
        days,
        fc.array(lead, { minLength: 1, maxLength: 6 }),
        async (at, win, d, leads) => {
          const now = new Date(Math.floor(at / 60_000) * 60_000);
          const w = { days: d, ...win };
          const campaignId = await insertCampaign(db, orgId, {
            callingDays: d,
            callingStartMinute: win.startMinute,
            callingEndMinute: win.endMinute,
          });
          const byId = new Map<string, string[]>();
          for (const l of leads) {
            const id = await insertLead(db, orgId, campaignId, {
              timezone: l.zone,
              timezoneCandidates: l.candidates,
            });
            byId.set(id, [l.zone, ...(l.candidates ?? [])]);
          }
          const claimed = await claimCalls({ db: db.db, campaignId, now, account: account() });
          const claimedIds = new Set(claimed.map((c) => c.leadId));
          for (const [id, leadZones] of byId) {
            // Claimed exactly when callable: never outside the window, and nothing callable left behind.
            expect(
              claimedIds.has(id),
              `${id} ${leadZones} at ${now.toISOString()} ${JSON.stringify(w)}`,
            ).toBe(isCallableAt(now, leadZones, w));
          }
        },
      ),
      propertyRuns(kind === "pglite" ? 60 : 120),
    );
  });
});
