import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/env";
import { resetEncryptionKeyCache } from "@/lib/crypto/encryption-key";
import { setDbHandle } from "@/lib/db";
import { withUser } from "@/lib/db/with-user";
import { createBuiltinCalendar } from "@/lib/integrations/calendar/builtin/builtin-calendar";
import { createCalcomCalendar } from "@/lib/integrations/calendar/calcom/calcom-calendar";
import { CalendarError } from "@/lib/integrations/calendar/types";
import { saveProviderCredentialsSchema } from "@/lib/schemas/provider-credentials";
import { type CalendarFor, calendarFor } from "@/lib/services/calendar/calendar-for";
import { saveProviderCredentials } from "@/lib/services/credentials/save-provider-credentials";
import { claimCalls } from "@/lib/services/dialer/claim-calls";
import { recordCallReport } from "@/lib/services/dialer/record-call-report";
import { createRunTool, runTool } from "@/lib/services/tools/run-tool";
import type { ToolRequest } from "@/lib/services/tools/types";
import { type CalcomFake, startCalcomFake } from "../fakes/calcom-fake";
import { insertCampaign, insertClaimedCall, insertLead, recordingQueue } from "../helpers/dialer-fixtures";
import { createOrgWithMembers } from "../helpers/fixtures";
import { createTestDb, type TestDb, testDbKinds } from "../helpers/test-db";

// Thursday 2026-12-03, 10:00 in New York, 9:00 in Chicago.
const NOW = new Date("2026-12-03T15:00:00Z");
const CHICAGO = "America/Chicago";
const CALCOM_ENV = [
  "CALCOM_API_KEY",
  "CALCOM_BASE_URL",
  "CALCOM_EVENT_TYPE_ID",
  "CALCOM_WEBHOOK_SECRET",
] as const;

function setCalcomEnv(values: Partial<Record<(typeof CALCOM_ENV)[number], string>>) {
  for (const name of CALCOM_ENV) delete process.env[name];
  Object.assign(process.env, values);
  resetEnvCache();
}

describe.each(testDbKinds())("in-call tools (%s)", (kind) => {
  let db: TestDb;
  let calcom: CalcomFake;
  const saved = { ...process.env };

  beforeAll(async () => {
    process.env.ENCRYPTION_KEY = randomBytes(32).toString("base64");
    resetEncryptionKeyCache();
    setCalcomEnv({});
    db = await createTestDb(kind);
    setDbHandle(db);
    calcom = await startCalcomFake();
  });
  afterEach(() => setCalcomEnv({}));
  afterAll(async () => {
    process.env = saved;
    resetEnvCache();
    resetEncryptionKeyCache();
    setDbHandle(undefined);
    await calcom.close();
    await db.destroy();
  });

  /** A fresh organization (New York, Mon-Fri 9:00-17:00, 30-minute meetings) with a live call to a Chicago lead. */
  async function setup() {
    const { orgId, members } = await createOrgWithMembers(db, { members: { owner: "owner" } });
    await db.query(
      `update public.organizations set default_timezone = 'America/New_York', appointment_minutes = 30,
         business_hours = '{"days":[1,2,3,4,5],"startMinute":540,"endMinute":1020}'::jsonb where id = $1`,
      [orgId],
    );
    const campaignId = await insertCampaign(db, orgId);
    const call = await insertClaimedCall(db, {
      orgId,
      campaignId,
      now: NOW,
      status: "live",
      timezone: CHICAGO,
    });
    return { orgId, campaignId, owner: members.owner, ...call };
  }
  type Setup = Awaited<ReturnType<typeof setup>>;

  const tool = (
    c: { callId: string },
    name: string,
    args: Record<string, unknown> = {},
    over: Partial<ToolRequest> = {},
  ) =>
    runTool({
      db: db.db,
      now: NOW,
      provider: "simulator",
      providerCallId: `sim_${c.callId}`,
      callId: c.callId,
      name,
      args,
      ...over,
    });

  const appointments = (orgId: string) =>
    db.query<{
      lead_id: string;
      call_id: string;
      campaign_id: string;
      source: string;
      status: string;
      start_at: Date;
      end_at: Date;
      timezone: string;
      title: string;
      notes: string | null;
      calcom_booking_uid: string | null;
      calcom_event_type_id: number | null;
    }>("select * from public.appointments where org_id = $1 order by start_at", [orgId]);
  const callRow = async (callId: string) =>
    (
      await db.query<{ outcome: string | null; callback_at: Date | null }>(
        "select outcome, callback_at from public.calls where id = $1",
        [callId],
      )
    )[0]!;
  const leadRow = async (leadId: string) =>
    (
      await db.query<{ status: string; next_attempt_at: Date | null }>(
        "select status, next_attempt_at from public.leads where id = $1",
        [leadId],
      )
    )[0]!;
  const iso = (v: Date | null) => v?.toISOString() ?? null;

  describe("built-in calendar", () => {
    it("is what an organization without a Cal.com key gets, and a key without an event type", async () => {
      const s = await setup();
      expect((await calendarFor(db.db, s.orgId, NOW)).name).toBe("builtin");
      setCalcomEnv({ CALCOM_API_KEY: calcom.apiKey, CALCOM_BASE_URL: calcom.url });
      expect((await calendarFor(db.db, s.orgId, NOW)).name).toBe("builtin");
    });

    it("check_availability reads business hours in the lead's zone", async () => {
      const s = await setup();
      // Friday: New York 9:00-17:00 is Chicago 8:00-16:00.
      expect(await tool(s, "check_availability", { date: "2026-12-04" })).toEqual({
        ok: true,
        result:
          "Free times: Friday Dec 4 (2026-12-04): 8:00 AM, 8:30 AM, 9:00 AM, 9:30 AM, 10:00 AM, 10:30 AM (America/Chicago)",
      });
      // Without a date: from now (Thursday 9:00 Chicago), three a day; Saturday is closed.
      expect(await tool(s, "check_availability")).toEqual({
        ok: true,
        result:
          "Free times: Thursday Dec 3 (2026-12-03): 9:00 AM, 9:30 AM, 10:00 AM; Friday Dec 4 (2026-12-04): 8:00 AM, 8:30 AM, 9:00 AM (America/Chicago)",
      });
      const weekend = await tool(s, "check_availability", { date: "2026-12-05" });
      expect(weekend).toEqual({
        ok: true,
        result:
          "No free times on Saturday Dec 5. Next free times: Monday Dec 7 (2026-12-07): 8:00 AM, 8:30 AM, 9:00 AM; Tuesday Dec 8 (2026-12-08): 8:00 AM, 8:30 AM, 9:00 AM (America/Chicago)",
      });
    });

    it("book_appointment records the appointment once, and a retry returns the same booking", async () => {
      const s = await setup();
      const first = await tool(s, "book_appointment", { start: "2026-12-04T08:30", notes: "Wants a demo" });
      expect(first).toEqual({ ok: true, result: "Booked: Friday Dec 4 at 8:30 AM (America/Chicago)." });
      const again = await tool(s, "book_appointment", { start: "2026-12-04T10:00" });
      expect(again).toEqual(first);
      const rows = await appointments(s.orgId);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        lead_id: s.leadId,
        call_id: s.callId,
        campaign_id: s.campaignId,
        source: "builtin",
        status: "booked",
        timezone: CHICAGO,
        notes: "Wants a demo",
        calcom_booking_uid: null,
      });
      expect([iso(rows[0]!.start_at), iso(rows[0]!.end_at)]).toEqual([
        "2026-12-04T14:30:00.000Z",
        "2026-12-04T15:00:00.000Z",
      ]);
      // The call carries the outcome; the lead's status is the outcome service's business.
      expect((await callRow(s.callId)).outcome).toBe("booked");
      expect((await leadRow(s.leadId)).status).toBe("calling");
      // The booked time is no longer offered.
      const free = await tool(s, "check_availability", { date: "2026-12-04" });
      expect(free.ok && free.result).toContain("8:00 AM, 9:00 AM");
    });

    it("a taken time is refused with other times, and a time outside business hours too", async () => {
      const s = await setup();
      const other = await insertClaimedCall(db, {
        orgId: s.orgId,
        campaignId: s.campaignId,
        now: NOW,
        status: "live",
        timezone: CHICAGO,
      });
      expect((await tool(other, "book_appointment", { start: "2026-12-04T14:30:00Z" })).ok).toBe(true);
      expect(await tool(s, "book_appointment", { start: "2026-12-04T08:30-06:00" })).toEqual({
        ok: false,
        error:
          "That time is no longer free. Free times: Friday Dec 4 (2026-12-04): 9:00 AM, 9:30 AM, 10:00 AM; Monday Dec 7 (2026-12-07): 8:00 AM, 8:30 AM, 9:00 AM (America/Chicago)",
      });
      const saturday = await tool(s, "book_appointment", { start: "2026-12-05T10:00" });
      expect(saturday.ok).toBe(false);
      expect(!saturday.ok && saturday.error).toMatch(
        /^That is not a bookable time.*Free times: Monday Dec 7/,
      );
      const past = await tool(s, "book_appointment", { start: "2026-12-03T08:00" });
      expect(!past.ok && past.error).toMatch(/^That time has already passed\./);
      expect(await appointments(s.orgId)).toHaveLength(1);
    });

    it("two calls booking the same time at once: exactly one gets it", async () => {
      const s = await setup();
      const calls = [s];
      for (let i = 0; i < 3; i++)
        calls.push({
          ...s,
          ...(await insertClaimedCall(db, {
            orgId: s.orgId,
            campaignId: s.campaignId,
            now: NOW,
            status: "live",
            timezone: CHICAGO,
          })),
        });
      // Each booking waits at the calendar until all have arrived (or 300 ms): without the lock
      // all four would pass the free-time check before any of them wrote its row.
      let waiting: (() => void)[] = [];
      const racing: CalendarFor = async (tx, orgId, now) => {
        const calendar = createBuiltinCalendar({ db: tx, orgId, now });
        return {
          ...calendar,
          async book(input) {
            await new Promise<void>((resolve) => {
              waiting.push(resolve);
              if (waiting.length >= calls.length) {
                for (const r of waiting) r();
                waiting = [];
              } else setTimeout(resolve, 300);
            });
            return calendar.book(input);
          },
        };
      };
      const run = createRunTool({ calendarFor: racing });
      const results = await Promise.all(
        calls.map((c) =>
          run({
            db: db.db,
            now: NOW,
            provider: "simulator",
            providerCallId: `sim_${c.callId}`,
            callId: c.callId,
            name: "book_appointment",
            args: { start: "2026-12-07T09:00" },
          }),
        ),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(await appointments(s.orgId)).toHaveLength(1);
    });
  });

  describe("Cal.com", () => {
    // A real provider's call: a simulated one never books at Cal.com (see the last test here).
    const setupRetell = async () => {
      const r = await setup();
      await db.query("update public.calls set provider = 'retell' where id = $1", [r.callId]);
      return r;
    };
    const calTool = (c: { callId: string }, name: string, args: Record<string, unknown> = {}) =>
      tool(c, name, args, { provider: "retell", providerCallId: `call_${c.callId}` });
    let s: Setup;
    // Offered Friday 9:00, 9:30, 10:00 New York and Monday 9:00.
    const offered = [
      "2026-12-04T14:00:00Z",
      "2026-12-04T14:30:00Z",
      "2026-12-04T15:00:00Z",
      "2026-12-07T14:00:00Z",
    ].map((t) => new Date(t));

    beforeAll(() => calcom.offer(offered));
    const withCalcomEnv = () =>
      setCalcomEnv({
        CALCOM_API_KEY: calcom.apiKey,
        CALCOM_BASE_URL: calcom.url,
        CALCOM_EVENT_TYPE_ID: String(calcom.eventTypeId),
      });

    it("check_availability lists Cal.com's free times in the lead's zone", async () => {
      s = await setupRetell();
      withCalcomEnv();
      expect((await calendarFor(db.db, s.orgId, NOW)).name).toBe("calcom");
      expect(await calTool(s, "check_availability", { date: "2026-12-04" })).toEqual({
        ok: true,
        result: "Free times: Friday Dec 4 (2026-12-04): 8:00 AM, 8:30 AM, 9:00 AM (America/Chicago)",
      });
      const get = calcom.requests.find((r) => r.method === "GET");
      expect(get?.query.get("timeZone")).toBe(CHICAGO);
      expect(get?.query.get("format")).toBe("range");
      expect(calcom.violations).toEqual([]);
    });

    it("an organization's own Cal.com key and event type are used without any in the environment", async () => {
      s = await setupRetell();
      setCalcomEnv({ CALCOM_BASE_URL: calcom.url });
      const actor = { userId: s.owner.id, email: s.owner.email, orgId: s.orgId, role: "owner" as const };
      await withUser(
        s.owner.claims,
        (tx) =>
          saveProviderCredentials({
            tx,
            actor,
            input: saveProviderCredentialsSchema.parse({
              provider: "calcom",
              apiKey: calcom.apiKey,
              eventTypeId: String(calcom.eventTypeId),
            }),
          }),
        db.db,
      );
      expect((await calendarFor(db.db, s.orgId, NOW)).name).toBe("calcom");
      const before = calcom.requests.length;
      expect(await calTool(s, "check_availability", { date: "2026-12-07" })).toEqual({
        ok: true,
        result: "Free times: Monday Dec 7 (2026-12-07): 8:00 AM (America/Chicago)",
      });
      expect(calcom.requests.length).toBe(before + 1);
      expect(calcom.violations).toEqual([]);
    });

    it("book_appointment books at Cal.com once, even when retried, and records the uid", async () => {
      s = await setupRetell();
      withCalcomEnv();
      const before = calcom.bookings.length;
      const first = await calTool(s, "book_appointment", { start: "2026-12-04T08:30" });
      expect(first).toEqual({ ok: true, result: "Booked: Friday Dec 4 at 8:30 AM (America/Chicago)." });
      expect(await calTool(s, "book_appointment", { start: "2026-12-04T08:30" })).toEqual(first);
      expect(calcom.bookings.length - before).toBe(1);
      const booking = calcom.bookings[calcom.bookings.length - 1]!;
      // The lead has no email: Cal.com gets the phone number.
      expect(booking.body.attendee).toEqual({ name: "Ada", phoneNumber: s.phone, timeZone: CHICAGO });
      expect(booking.body.metadata).toEqual({
        orgId: s.orgId,
        campaignId: s.campaignId,
        leadId: s.leadId,
        callId: s.callId,
      });
      const rows = await appointments(s.orgId);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        source: "calcom",
        status: "booked",
        calcom_booking_uid: booking.uid,
        calcom_event_type_id: calcom.eventTypeId,
        call_id: s.callId,
      });
      expect(iso(rows[0]!.start_at)).toBe("2026-12-04T14:30:00.000Z");
      expect(calcom.violations).toEqual([]);
    });

    it("a time taken at Cal.com is refused with the times still free", async () => {
      s = await setupRetell();
      withCalcomEnv();
      await db.query("update public.leads set email = 'ada@example.com' where id = $1", [s.leadId]);
      calcom.takeByOthers(new Date("2026-12-04T15:00:00Z"));
      expect(
        await calTool(s, "book_appointment", { start: "2026-12-04T09:00", name: "Ada Lovelace" }),
      ).toEqual({
        ok: false,
        error:
          "That time is no longer free. Free times: Monday Dec 7 (2026-12-07): 8:00 AM (America/Chicago)",
      });
      expect(await appointments(s.orgId)).toHaveLength(0);
      const refused = calcom.requests.filter((r) => r.method === "POST").at(-1)!;
      expect((refused.body as { attendee: unknown }).attendee).toEqual({
        name: "Ada Lovelace",
        email: "ada@example.com",
        timeZone: CHICAGO,
      });
    });

    it("a booking that needs the host's confirmation is recorded as pending", async () => {
      s = await setupRetell();
      withCalcomEnv();
      calcom.requiresConfirmation = true;
      try {
        expect(await calTool(s, "book_appointment", { start: "2026-12-07T08:00" })).toEqual({
          ok: true,
          result: "Requested (the host still has to confirm): Monday Dec 7 at 8:00 AM (America/Chicago).",
        });
      } finally {
        calcom.requiresConfirmation = false;
      }
      expect((await appointments(s.orgId))[0]?.status).toBe("pending");
    });

    it("an outage at Cal.com is a clear error and records nothing", async () => {
      s = await setupRetell();
      withCalcomEnv();
      calcom.failNext("POST", "/v2/bookings", { status: 503, body: { status: "error" } });
      expect(await calTool(s, "book_appointment", { start: "2026-12-07T08:00" })).toEqual({
        ok: false,
        error: "The calendar cannot be reached right now; offer to have someone follow up to book.",
      });
      expect(await appointments(s.orgId)).toHaveLength(0);
    });

    it("the adapter maps a bad key to auth, enforces metadata limits, and cancels", async () => {
      const bad = createCalcomCalendar({
        apiKey: "cal_wrong",
        baseUrl: calcom.url,
        eventTypeId: calcom.eventTypeId,
      });
      const refusal = await bad
        .availability({ from: NOW, to: new Date("2026-12-10T00:00:00Z"), timeZone: CHICAGO })
        .catch((e: unknown) => e);
      expect(refusal).toBeInstanceOf(CalendarError);
      expect((refusal as CalendarError).kind).toBe("auth");
      calcom.violations.length = 0;

      const good = createCalcomCalendar({
        apiKey: calcom.apiKey,
        baseUrl: calcom.url,
        eventTypeId: calcom.eventTypeId,
      });
      const tooMany = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"]));
      const input = {
        start: new Date("2026-12-07T14:00:00Z"),
        timeZone: CHICAGO,
        attendee: { name: "Ada", email: "ada@example.com", phone: null },
        title: "Intro",
        notes: null,
      };
      const limits = await good.book({ ...input, metadata: tooMany }).catch((e: unknown) => e);
      expect((limits as CalendarError).kind).toBe("invalid");
      const long = await good
        .book({ ...input, metadata: { note: "x".repeat(501) } })
        .catch((e: unknown) => e);
      expect((long as CalendarError).kind).toBe("invalid");
      const posts = calcom.requests.filter((r) => r.method === "POST").length;
      calcom.offer([new Date("2026-12-08T14:00:00Z")]);
      const booked = await good.book({ ...input, start: new Date("2026-12-08T14:00:00Z"), metadata: {} });
      expect(calcom.requests.filter((r) => r.method === "POST").length).toBe(posts + 1);
      await good.cancel(booked.uid!, "Lead changed their mind");
      expect(calcom.bookings.find((b) => b.uid === booked.uid)?.status).toBe("cancelled");
      expect(calcom.violations).toEqual([]);
    });

    it("a simulated call never books at Cal.com: it uses the built-in calendar even when Cal.com is set", async () => {
      s = await setup();
      withCalcomEnv();
      const before = calcom.requests.length;
      expect((await tool(s, "check_availability", { date: "2026-12-04" })).ok).toBe(true);
      expect((await tool(s, "book_appointment", { start: "2026-12-04T08:30" })).ok).toBe(true);
      expect(calcom.requests.length).toBe(before);
      expect(await appointments(s.orgId)).toEqual([
        expect.objectContaining({ source: "builtin", calcom_booking_uid: null }),
      ]);
    });
  });

  describe("schedule_callback", () => {
    it("stores the time on the call, and the ended call schedules the lead for it", async () => {
      const s = await setup();
      expect(await tool(s, "schedule_callback", { at: "2026-12-04T14:00", reason: "Driving" })).toEqual({
        ok: true,
        result: "Callback scheduled for Friday Dec 4 at 2:00 PM (America/Chicago).",
      });
      expect(await callRow(s.callId)).toMatchObject({ outcome: "callback" });
      expect(iso((await callRow(s.callId)).callback_at)).toBe("2026-12-04T20:00:00.000Z");
      const end = new Date(NOW.getTime() + 5 * 60_000);
      const report = {
        provider: "simulator" as const,
        providerCallId: `sim_${s.callId}`,
        callId: s.callId,
        at: end,
        endedAt: end,
        result: "answered" as const,
        providerReason: "agent_hangup",
      };
      await recordCallReport({
        db: db.db,
        now: end,
        queue: recordingQueue(),
        report: { ...report, event: "ended" },
      });
      // The analysis agrees but names no time: the time the lead asked for still holds.
      await recordCallReport({
        db: db.db,
        now: end,
        queue: recordingQueue(),
        report: { ...report, event: "analyzed", outcome: "callback" },
      });
      const lead = await leadRow(s.leadId);
      expect(lead.status).toBe("callback");
      expect(iso(lead.next_attempt_at)).toBe("2026-12-04T20:00:00.000Z");
    });

    it("a time outside calling hours moves to the next allowed time; a past time is refused", async () => {
      const s = await setup();
      // The campaign calls 8:00-21:00 in the lead's zone.
      expect(await tool(s, "schedule_callback", { at: "2026-12-04T22:30" })).toEqual({
        ok: true,
        result:
          "Friday Dec 4 at 10:30 PM (America/Chicago) is outside the hours we may call; callback scheduled for the next allowed time, Saturday Dec 5 at 8:00 AM (America/Chicago).",
      });
      expect(iso((await callRow(s.callId)).callback_at)).toBe("2026-12-05T14:00:00.000Z");
      expect(await tool(s, "schedule_callback", { at: "2026-12-03T14:00:00Z" })).toEqual({
        ok: false,
        error: "That time has already passed; ask for a later time.",
      });
      expect(iso((await callRow(s.callId)).callback_at)).toBe("2026-12-05T14:00:00.000Z");
    });
  });

  describe("mark_do_not_call", () => {
    it("lists the number at once, marks its leads, and the lead is never claimed again", async () => {
      const s = await setup();
      const otherCampaign = await insertCampaign(db, s.orgId);
      const sameNumber = await insertLead(db, s.orgId, otherCampaign, { phone: s.phone });
      const done = {
        ok: true,
        result: "Done: this number is on the do-not-call list and will not be called again.",
      };
      expect(await tool(s, "mark_do_not_call", { reason: "Asked to stop" })).toEqual(done);
      expect(await tool(s, "mark_do_not_call")).toEqual(done);
      const dnc = await db.query<{ source: string; reason: string }>(
        "select source, reason from public.do_not_call where org_id = $1 and phone = $2",
        [s.orgId, s.phone],
      );
      expect(dnc).toEqual([{ source: "call", reason: "Asked to stop" }]);
      expect((await leadRow(sameNumber)).status).toBe("do_not_call");
      expect((await callRow(s.callId)).outcome).toBe("do_not_call");
      // A callback asked for afterwards cannot undo it.
      expect((await tool(s, "schedule_callback", { at: "2026-12-04T14:00" })).ok).toBe(false);

      const end = new Date(NOW.getTime() + 5 * 60_000);
      await recordCallReport({
        db: db.db,
        now: end,
        queue: recordingQueue(),
        report: {
          provider: "simulator",
          providerCallId: `sim_${s.callId}`,
          callId: s.callId,
          event: "ended",
          at: end,
          endedAt: end,
          result: "answered",
        },
      });
      expect(await leadRow(s.leadId)).toEqual({ status: "do_not_call", next_attempt_at: null });
      const later = new Date("2026-12-04T15:00:00Z");
      for (const campaignId of [s.campaignId, otherCampaign]) {
        const claimed = await claimCalls({
          db: db.db,
          campaignId,
          now: later,
          account: { key: "simulator:t", cap: 10 },
        });
        expect(claimed.map((c) => c.leadId)).not.toContain(s.leadId);
        expect(claimed.map((c) => c.leadId)).not.toContain(sameNumber);
      }
    });
  });

  describe("requests", () => {
    it("unknown calls, unknown tools and bad arguments get errors, not crashes", async () => {
      const s = await setup();
      expect(await tool(s, "check_availability", {}, { callId: null, providerCallId: "nobody" })).toEqual({
        ok: false,
        error: "Unknown call",
      });
      // The same call id from another provider is not this call.
      expect(await tool(s, "check_availability", {}, { provider: "retell" })).toEqual({
        ok: false,
        error: "Unknown call",
      });
      const unknown = await tool(s, "transfer_call");
      expect(unknown.ok).toBe(false);
      expect(await tool(s, "book_appointment", { start: 42 })).toEqual({
        ok: false,
        error: "Bad arguments: start: Invalid input: expected string, received number",
      });
      expect(await tool(s, "book_appointment", { start: "next tuesday" })).toEqual({
        ok: false,
        error: "start must be an ISO time with offset or YYYY-MM-DDTHH:mm in America/Chicago",
      });
      expect((await tool(s, "check_availability", { date: "2026-02-30" })).ok).toBe(false);
      // Found by the provider's call id when the provider did not echo ours.
      await db.query("update public.calls set provider_call_id = $1 where id = $2", [
        `sim_${s.callId}`,
        s.callId,
      ]);
      expect((await tool(s, "check_availability", {}, { callId: null })).ok).toBe(true);
    });
  });
});
