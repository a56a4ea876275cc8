import { createHash, createHmac, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/calcom/route";
import { resetEnvCache } from "@/env";
import { resetEncryptionKeyCache } from "@/lib/crypto/encryption-key";
import { setDbHandle } from "@/lib/db";
import { withUser } from "@/lib/db/with-user";
import { setQueue } from "@/lib/integrations/queue";
import { saveProviderCredentialsSchema } from "@/lib/schemas/provider-credentials";
import { reverifyAppointment } from "@/lib/services/calendar/reverify-appointment";
import { saveProviderCredentials } from "@/lib/services/credentials/save-provider-credentials";
import { handleJob } from "@/lib/services/jobs/handle-job";
import { type CalcomDelivery, type CalcomFake, startCalcomFake } from "../fakes/calcom-fake";
import { insertCampaign, insertClaimedCall, insertLead, recordingQueue } from "../helpers/dialer-fixtures";
import { createOrgWithMembers } from "../helpers/fixtures";
import { createTestDb, type TestDb, testDbKinds } from "../helpers/test-db";

const NOW = new Date("2026-12-03T15:00:00Z");
const MONDAY_10 = new Date("2026-12-07T15:00:00Z");
const TUESDAY_11 = new Date("2026-12-08T16:00:00Z");
const SECRET = "whsec_calcom_test_secret";

type Appointment = {
  id: string;
  lead_id: string;
  call_id: string | null;
  campaign_id: string | null;
  source: string;
  status: string;
  start_at: Date;
  end_at: Date;
  calcom_booking_uid: string | null;
  rescheduled_to_id: string | null;
  cancellation_reason: string | null;
};

describe.each(testDbKinds())("Cal.com sync (%s)", (kind) => {
  let db: TestDb;
  let calcom: CalcomFake;
  const saved = { ...process.env };

  beforeAll(async () => {
    process.env.ENCRYPTION_KEY = randomBytes(32).toString("base64");
    for (const name of ["CALCOM_API_KEY", "CALCOM_EVENT_TYPE_ID", "CALCOM_WEBHOOK_SECRET"])
      delete process.env[name];
    resetEncryptionKeyCache();
    db = await createTestDb(kind);
    setDbHandle(db);
    setQueue(recordingQueue());
    calcom = await startCalcomFake();
    process.env.CALCOM_BASE_URL = calcom.url;
    resetEnvCache();
  });
  afterAll(async () => {
    process.env = saved;
    resetEnvCache();
    resetEncryptionKeyCache();
    setDbHandle(undefined);
    setQueue(undefined);
    await calcom.close();
    await db.destroy();
  });

  /** An organization with its own Cal.com key and webhook secret, an active campaign (3 attempts). */
  async function setup(secret = SECRET) {
    const { orgId, members } = await createOrgWithMembers(db, { members: { owner: "owner" } });
    const owner = members.owner;
    const actor = { userId: owner.id, email: owner.email, orgId, role: "owner" as const };
    await withUser(
      owner.claims,
      (tx) =>
        saveProviderCredentials({
          tx,
          actor,
          input: saveProviderCredentialsSchema.parse({
            provider: "calcom",
            apiKey: calcom.apiKey,
            webhookSecret: secret,
            eventTypeId: String(calcom.eventTypeId),
          }),
        }),
      db.db,
    );
    const campaignId = await insertCampaign(db, orgId);
    return { orgId, campaignId };
  }
  type Org = Awaited<ReturnType<typeof setup>>;

  /** A call of ours that booked through Cal.com: the booking carries our ids, our row its uid. */
  async function ourBooking(org: Org, { pending = false }: { pending?: boolean } = {}) {
    const call = await insertClaimedCall(db, { orgId: org.orgId, campaignId: org.campaignId, now: NOW });
    await db.query("update public.leads set status = 'booked', email = 'ada@example.com' where id = $1", [
      call.leadId,
    ]);
    const booking = calcom.bookOutside({ start: MONDAY_10, name: "Ada", email: "ada@example.com" });
    booking.body.metadata = {
      orgId: org.orgId,
      campaignId: org.campaignId,
      leadId: call.leadId,
      callId: call.callId,
    };
    if (pending) booking.status = "pending";
    const [row] = await db.query<{ id: string }>(
      `insert into public.appointments (org_id, lead_id, campaign_id, call_id, source, status, start_at, end_at,
         timezone, title, calcom_booking_uid, calcom_event_type_id)
       values ($1, $2, $3, $4, 'calcom', $5, $6, $7, 'America/New_York', 'Intro: Ada', $8, $9) returning id`,
      [
        org.orgId,
        call.leadId,
        org.campaignId,
        call.callId,
        pending ? "pending" : "booked",
        booking.start.toISOString(),
        booking.end.toISOString(),
        booking.uid,
        calcom.eventTypeId,
      ],
    );
    return { ...call, booking, appointmentId: row!.id };
  }

  async function deliver(d: CalcomDelivery, org?: string, mutate?: (h: Record<string, string>) => void) {
    const headers = { ...d.headers };
    mutate?.(headers);
    const url = `http://localhost/api/webhooks/calcom${org ? `?org=${org}` : ""}`;
    const res = await POST(new Request(url, { method: "POST", headers, body: d.body }));
    return {
      status: res.status,
      body: (await res.json()) as { ok?: boolean; duplicate?: boolean; error?: string },
    };
  }

  const appointments = (orgId: string) =>
    db.query<Appointment>("select * from public.appointments where org_id = $1 order by created_at, id", [
      orgId,
    ]);
  const byUid = async (orgId: string, uid: string) =>
    (await appointments(orgId)).find((a) => a.calcom_booking_uid === uid);
  const appointmentCount = async (orgId: string) =>
    (
      await db.query<{ n: number }>("select count(*)::int as n from public.appointments where org_id = $1", [
        orgId,
      ])
    )[0]?.n;
  const events = (orgId: string | null) =>
    db.query<{ type: string; event_key: string; org_id: string | null; error: string | null }>(
      orgId
        ? "select type, event_key, org_id, error from public.webhook_events where provider = 'calcom' and org_id = $1"
        : "select type, event_key, org_id, error from public.webhook_events where provider = 'calcom'",
      orgId ? [orgId] : [],
    );
  const leadStatus = async (leadId: string) =>
    (await db.query<{ status: string }>("select status from public.leads where id = $1", [leadId]))[0]!
      .status;
  const iso = (v: Date) => v.toISOString();

  describe("signature", () => {
    it("rejects a tampered body, a wrong secret, no-secret-provided and a missing header, writing nothing", async () => {
      const org = await setup();
      const ours = await ourBooking(org);
      calcom.cancelInCalcom(ours.booking.uid, "Changed my mind");
      const good = calcom.delivery("BOOKING_CANCELLED", ours.booking.uid, { secret: SECRET });
      const before = (await events(null)).length;

      const tampered = { ...good, body: good.body.replace("Changed my mind", "Changed my mind!") };
      expect((await deliver(tampered, org.orgId)).status).toBe(401);
      const wrong = calcom.delivery("BOOKING_CANCELLED", ours.booking.uid, { secret: "not-the-secret" });
      expect((await deliver(wrong, org.orgId)).status).toBe(401);
      expect((await deliver(wrong)).status).toBe(401);
      const none = calcom.delivery("BOOKING_CANCELLED", ours.booking.uid, { secret: null });
      expect(none.headers["x-cal-signature-256"]).toBe("no-secret-provided");
      expect((await deliver(none, org.orgId)).status).toBe(401);
      const missing = await deliver(good, org.orgId, (h) => {
        delete h["x-cal-signature-256"];
      });
      expect(missing.status).toBe(401);
      expect((await deliver(good, "not-a-uuid")).status).toBe(401);

      expect((await events(null)).length).toBe(before);
      expect((await byUid(org.orgId, ours.booking.uid))?.status).toBe("booked");
      expect(await leadStatus(ours.leadId)).toBe("booked");
      // The real delivery goes through: the checks above refused it only for what was wrong.
      expect((await deliver(good, org.orgId)).status).toBe(200);
      expect((await byUid(org.orgId, ours.booking.uid))?.status).toBe("cancelled");
    });

    it("an organization's secret speaks only for that organization", async () => {
      const a = await setup("secret-of-a");
      const b = await setup("secret-of-b");
      const booking = calcom.bookOutside({ start: MONDAY_10, name: "Bo", email: "bo@example.com" });
      const signedByA = calcom.delivery("BOOKING_CREATED", booking.uid, { secret: "secret-of-a" });
      expect((await deliver(signedByA, b.orgId)).status).toBe(401);
      expect(await events(b.orgId)).toEqual([]);
      expect((await deliver(signedByA, a.orgId)).status).toBe(200);
    });

    it("a signed body that is not a Cal.com webhook is 422, kept once for inspection and applied to nothing", async () => {
      const org = await setup();
      const body = JSON.stringify({ hello: "world" });
      const headers = {
        "content-type": "application/json",
        "x-cal-signature-256": createHmac("sha256", SECRET).update(body).digest("hex"),
      };
      const before = await appointmentCount(org.orgId);
      const res = await deliver({ body, headers }, org.orgId);
      expect(res.status).toBe(422);
      expect(res.body.error).toMatch(/^Not a Cal.com webhook body/);
      // A redelivery of the same body is refused again and kept once.
      expect((await deliver({ body, headers }, org.orgId)).status).toBe(422);
      expect(await events(org.orgId)).toEqual([
        {
          type: "rejected",
          event_key: `org:${org.orgId}:rejected:${createHash("sha256").update(body).digest("hex")}`,
          org_id: org.orgId,
          error: expect.stringMatching(/^Not a Cal.com webhook body/),
        },
      ]);
      expect(await appointmentCount(org.orgId)).toBe(before);
    });

    it("falls back to CALCOM_WEBHOOK_SECRET from the environment", async () => {
      const org = await setup();
      const ours = await ourBooking(org);
      const envSigned = calcom.delivery("BOOKING_CREATED", ours.booking.uid, { secret: "env-secret" });
      expect((await deliver(envSigned)).status).toBe(401);
      process.env.CALCOM_WEBHOOK_SECRET = "env-secret";
      resetEnvCache();
      try {
        // No ?org=: the organization comes from our metadata in the booking.
        expect((await deliver(envSigned)).status).toBe(200);
        expect((await events(org.orgId)).map((e) => e.type)).toEqual(["BOOKING_CREATED"]);
      } finally {
        delete process.env.CALCOM_WEBHOOK_SECRET;
        resetEnvCache();
      }
    });
  });

  describe("BOOKING_CREATED", () => {
    it("confirms our own pending booking and keeps the lead booked", async () => {
      const org = await setup();
      const ours = await ourBooking(org, { pending: true });
      calcom.bookings.find((b) => b.uid === ours.booking.uid)!.status = "accepted";
      const res = await deliver(calcom.delivery("BOOKING_CREATED", ours.booking.uid, { secret: SECRET }));
      expect(res).toEqual({ status: 200, body: { ok: true } });
      const rows = await appointments(org.orgId);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ id: ours.appointmentId, status: "booked", call_id: ours.callId });
      expect(await leadStatus(ours.leadId)).toBe("booked");
    });

    it("links a booking made in Cal.com to the most recent lead with that email", async () => {
      const org = await setup();
      const older = await insertLead(db, org.orgId, org.campaignId);
      const newer = await insertLead(db, org.orgId, org.campaignId, { status: "no_answer", attempts: 1 });
      await db.query("update public.leads set email = 'Grace@Example.com', created_at = $2 where id = $1", [
        older,
        new Date(NOW.getTime() - 86_400_000).toISOString(),
      ]);
      await db.query("update public.leads set email = 'grace@example.com', created_at = $2 where id = $1", [
        newer,
        NOW.toISOString(),
      ]);
      const booking = calcom.bookOutside({
        start: TUESDAY_11,
        name: "Grace",
        email: "GRACE@example.com",
        timeZone: "Europe/London",
      });
      expect(
        (await deliver(calcom.delivery("BOOKING_CREATED", booking.uid, { secret: SECRET }), org.orgId))
          .status,
      ).toBe(200);
      const [row] = await appointments(org.orgId);
      expect(row).toMatchObject({
        lead_id: newer,
        campaign_id: org.campaignId,
        call_id: null,
        source: "calcom",
        status: "booked",
        calcom_booking_uid: booking.uid,
      });
      expect(iso(row!.start_at)).toBe(TUESDAY_11.toISOString());
      expect(await leadStatus(newer)).toBe("booked");
      expect(await leadStatus(older)).toBe("pending");
    });

    it("a booking awaiting the host's confirmation is pending until BOOKING_CREATED confirms it", async () => {
      const org = await setup();
      const lead = await insertLead(db, org.orgId, org.campaignId);
      await db.query("update public.leads set email = 'wait@example.com' where id = $1", [lead]);
      const booking = calcom.bookOutside({ start: TUESDAY_11, name: "Wait", email: "wait@example.com" });
      booking.status = "pending";
      await deliver(calcom.delivery("BOOKING_REQUESTED", booking.uid, { secret: SECRET }), org.orgId);
      expect((await byUid(org.orgId, booking.uid))?.status).toBe("pending");
      booking.status = "accepted";
      await deliver(calcom.delivery("BOOKING_CREATED", booking.uid, { secret: SECRET }), org.orgId);
      expect((await byUid(org.orgId, booking.uid))?.status).toBe("booked");
      expect(await appointments(org.orgId)).toHaveLength(1);
    });

    it("links by phone number, read as E.164", async () => {
      const org = await setup();
      const lead = await insertLead(db, org.orgId, org.campaignId, { phone: "+16465550123" });
      const booking = calcom.bookOutside({
        start: TUESDAY_11,
        name: "Lin",
        phoneNumber: "+1 (646) 555-0123",
      });
      expect(
        (await deliver(calcom.delivery("BOOKING_CREATED", booking.uid, { secret: SECRET }), org.orgId))
          .status,
      ).toBe(200);
      expect((await appointments(org.orgId)).map((a) => a.lead_id)).toEqual([lead]);
      expect(await leadStatus(lead)).toBe("booked");
    });

    it("stores a booking by someone we do not know, without an appointment", async () => {
      const org = await setup();
      await insertLead(db, org.orgId, org.campaignId);
      const booking = calcom.bookOutside({ start: TUESDAY_11, name: "Stranger", email: "who@example.com" });
      expect(
        (await deliver(calcom.delivery("BOOKING_CREATED", booking.uid, { secret: SECRET }), org.orgId))
          .status,
      ).toBe(200);
      expect(await appointments(org.orgId)).toEqual([]);
      expect(await events(org.orgId)).toEqual([
        expect.objectContaining({ type: "BOOKING_CREATED", org_id: org.orgId, error: null }),
      ]);
    });

    it("a booking that fails to apply is queued and applied by the apply-webhook-event job", async () => {
      const org = await setup();
      const leadId = await insertLead(db, org.orgId, org.campaignId);
      await db.query("update public.leads set email = 'late@example.com' where id = $1", [leadId]);
      const booking = calcom.bookOutside({ start: TUESDAY_11, name: "Late", email: "late@example.com" });
      const queue = recordingQueue();
      setQueue(queue);
      // A real database failure while the appointment is written.
      await db.query(`create or replace function public.test_refuse_appointment() returns trigger language plpgsql as $$
        begin if new.calcom_booking_uid = '${booking.uid}' then raise exception 'refused for the test'; end if; return new; end $$`);
      await db.query(
        "create trigger test_refuse_appointment before insert on public.appointments for each row execute function public.test_refuse_appointment()",
      );
      try {
        const res = await deliver(
          calcom.delivery("BOOKING_CREATED", booking.uid, { secret: SECRET }),
          org.orgId,
        );
        expect(res.status).toBe(500);
        expect(await appointments(org.orgId)).toEqual([]);
      } finally {
        await db.query("drop trigger test_refuse_appointment on public.appointments");
        await db.query("drop function public.test_refuse_appointment()");
        setQueue(recordingQueue());
      }
      const job = queue.jobs.find((j) => j.job.type === "apply-webhook-event");
      expect(job).toBeDefined();
      expect(await handleJob({ job: job!.job, db: db.db, now: NOW, queue })).toEqual({ applied: true });
      expect(await appointments(org.orgId)).toEqual([
        expect.objectContaining({ lead_id: leadId, calcom_booking_uid: booking.uid, status: "booked" }),
      ]);
      expect(await events(org.orgId)).toEqual([
        expect.objectContaining({ type: "BOOKING_CREATED", error: null }),
      ]);
    });

    it("a duplicate delivery is acknowledged and changes nothing", async () => {
      const org = await setup();
      const lead = await insertLead(db, org.orgId, org.campaignId);
      await db.query("update public.leads set email = 'dup@example.com' where id = $1", [lead]);
      const booking = calcom.bookOutside({ start: TUESDAY_11, name: "Dup", email: "dup@example.com" });
      const d = calcom.delivery("BOOKING_CREATED", booking.uid, { secret: SECRET });
      expect((await deliver(d, org.orgId)).body).toEqual({ ok: true });
      expect((await deliver(d, org.orgId)).body).toEqual({ ok: true, duplicate: true });
      expect(await appointments(org.orgId)).toHaveLength(1);
      expect(await events(org.orgId)).toHaveLength(1);
    });
  });

  describe("BOOKING_RESCHEDULED and BOOKING_CANCELLED", () => {
    it("a reschedule gets a new uid: the old row is rescheduled and points at a new booked row", async () => {
      const org = await setup();
      const ours = await ourBooking(org);
      const next = calcom.rescheduleInCalcom(ours.booking.uid, TUESDAY_11);
      expect(next.uid).not.toBe(ours.booking.uid);
      expect(
        (await deliver(calcom.delivery("BOOKING_RESCHEDULED", next.uid, { secret: SECRET }))).status,
      ).toBe(200);
      const old = await byUid(org.orgId, ours.booking.uid);
      const fresh = await byUid(org.orgId, next.uid);
      expect(old).toMatchObject({
        id: ours.appointmentId,
        status: "rescheduled",
        rescheduled_to_id: fresh?.id,
      });
      expect(fresh).toMatchObject({
        status: "booked",
        lead_id: ours.leadId,
        call_id: ours.callId,
        campaign_id: org.campaignId,
        rescheduled_to_id: null,
      });
      expect(iso(fresh!.start_at)).toBe(TUESDAY_11.toISOString());
      expect(iso(old!.start_at)).toBe(MONDAY_10.toISOString());
      expect(await leadStatus(ours.leadId)).toBe("booked");

      // Rescheduled again: the chain grows, the first link is kept.
      const third = calcom.rescheduleInCalcom(next.uid, MONDAY_10);
      expect(
        (await deliver(calcom.delivery("BOOKING_RESCHEDULED", third.uid, { secret: SECRET }))).status,
      ).toBe(200);
      const rows = await appointments(org.orgId);
      const thirdRow = rows.find((r) => r.calcom_booking_uid === third.uid)!;
      expect(rows.map((r) => [r.status, r.rescheduled_to_id])).toEqual([
        ["rescheduled", fresh!.id],
        ["rescheduled", thirdRow.id],
        ["booked", null],
      ]);
    });

    it("a reschedule read from the older field names (rescheduledFromUid, fromReschedule) works too", async () => {
      const org = await setup();
      const ours = await ourBooking(org);
      const next = calcom.rescheduleInCalcom(ours.booking.uid, TUESDAY_11);
      const d = calcom.delivery("BOOKING_RESCHEDULED", next.uid, {
        secret: SECRET,
        payload: { rescheduleUid: null, fromReschedule: ours.booking.uid },
      });
      expect((await deliver(d)).status).toBe(200);
      expect((await byUid(org.orgId, ours.booking.uid))?.status).toBe("rescheduled");
      expect((await byUid(org.orgId, next.uid))?.status).toBe("booked");
    });

    it("a cancellation cancels with the reason; the lead goes back to pending while it has attempts left", async () => {
      const org = await setup();
      const ours = await ourBooking(org);
      calcom.cancelInCalcom(ours.booking.uid, "Found another vendor");
      expect(
        (await deliver(calcom.delivery("BOOKING_CANCELLED", ours.booking.uid, { secret: SECRET }))).status,
      ).toBe(200);
      expect(await byUid(org.orgId, ours.booking.uid)).toMatchObject({
        status: "cancelled",
        cancellation_reason: "Found another vendor",
      });
      expect(await leadStatus(ours.leadId)).toBe("pending");
    });

    it("a lead out of attempts stays booked when its meeting is cancelled", async () => {
      const org = await setup();
      const ours = await ourBooking(org);
      await db.query("update public.leads set attempts = 3 where id = $1", [ours.leadId]);
      calcom.cancelInCalcom(ours.booking.uid, null);
      await deliver(calcom.delivery("BOOKING_CANCELLED", ours.booking.uid, { secret: SECRET }));
      expect((await byUid(org.orgId, ours.booking.uid))?.status).toBe("cancelled");
      expect(await leadStatus(ours.leadId)).toBe("booked");
    });
  });

  describe("out of order", () => {
    it("a late BOOKING_CREATED does not reopen a cancelled booking", async () => {
      const org = await setup();
      const ours = await ourBooking(org);
      const created = calcom.delivery("BOOKING_CREATED", ours.booking.uid, {
        secret: SECRET,
        createdAt: NOW,
      });
      calcom.cancelInCalcom(ours.booking.uid, "No longer needed");
      await deliver(calcom.delivery("BOOKING_CANCELLED", ours.booking.uid, { secret: SECRET }));
      expect((await deliver(created)).status).toBe(200);
      expect((await byUid(org.orgId, ours.booking.uid))?.status).toBe("cancelled");
    });

    it("a cancellation before the creation of an outside booking leaves it cancelled", async () => {
      const org = await setup();
      const lead = await insertLead(db, org.orgId, org.campaignId);
      await db.query("update public.leads set email = 'late@example.com' where id = $1", [lead]);
      const booking = calcom.bookOutside({ start: TUESDAY_11, name: "Late", email: "late@example.com" });
      const created = calcom.delivery("BOOKING_CREATED", booking.uid, { secret: SECRET, createdAt: NOW });
      calcom.cancelInCalcom(booking.uid, "Oops");
      await deliver(calcom.delivery("BOOKING_CANCELLED", booking.uid, { secret: SECRET }), org.orgId);
      expect(await appointments(org.orgId)).toEqual([]);
      await deliver(created, org.orgId);
      expect(await appointments(org.orgId)).toEqual([
        expect.objectContaining({ status: "cancelled", cancellation_reason: "Oops", lead_id: lead }),
      ]);
      expect(await leadStatus(lead)).toBe("pending");
    });

    it("a reschedule before the old booking's creation still builds the chain", async () => {
      const org = await setup();
      const lead = await insertLead(db, org.orgId, org.campaignId);
      await db.query("update public.leads set email = 'swap@example.com' where id = $1", [lead]);
      const first = calcom.bookOutside({ start: MONDAY_10, name: "Swap", email: "swap@example.com" });
      const created = calcom.delivery("BOOKING_CREATED", first.uid, { secret: SECRET, createdAt: NOW });
      const next = calcom.rescheduleInCalcom(first.uid, TUESDAY_11);
      await deliver(calcom.delivery("BOOKING_RESCHEDULED", next.uid, { secret: SECRET }), org.orgId);
      await deliver(created, org.orgId);
      const fresh = await byUid(org.orgId, next.uid);
      expect(fresh?.status).toBe("booked");
      expect(await byUid(org.orgId, first.uid)).toMatchObject({
        status: "rescheduled",
        rescheduled_to_id: fresh?.id,
      });
      expect(await leadStatus(lead)).toBe("booked");
    });
  });

  describe("re-verify", () => {
    it("repairs a wrong local status from Cal.com, and then finds nothing to repair", async () => {
      const org = await setup();
      const ours = await ourBooking(org);
      calcom.cancelInCalcom(ours.booking.uid, "Host unavailable");
      const first = await reverifyAppointment({
        db: db.db,
        orgId: org.orgId,
        appointmentId: ours.appointmentId,
        now: NOW,
      });
      expect(first.verifiable).toBe(true);
      expect(first.changes).toEqual([`${ours.booking.uid}: status booked -> cancelled`]);
      expect(await byUid(org.orgId, ours.booking.uid)).toMatchObject({
        status: "cancelled",
        cancellation_reason: "Host unavailable",
      });
      expect(await leadStatus(ours.leadId)).toBe("pending");
      const again = await reverifyAppointment({
        db: db.db,
        orgId: org.orgId,
        appointmentId: ours.appointmentId,
        now: NOW,
      });
      expect(again).toEqual({ verifiable: true, message: "Matches Cal.com.", changes: [] });
      expect(calcom.violations).toEqual([]);
    });

    it("repairs a missed reschedule: the old row is rescheduled and the new booking added", async () => {
      const org = await setup();
      const ours = await ourBooking(org);
      const next = calcom.rescheduleInCalcom(ours.booking.uid, TUESDAY_11);
      const result = await reverifyAppointment({
        db: db.db,
        orgId: org.orgId,
        appointmentId: ours.appointmentId,
        now: NOW,
      });
      expect(result.changes).toContain(`${ours.booking.uid}: status booked -> rescheduled`);
      const fresh = await byUid(org.orgId, next.uid);
      expect(fresh).toMatchObject({ status: "booked", lead_id: ours.leadId, call_id: ours.callId });
      expect(iso(fresh!.start_at)).toBe(TUESDAY_11.toISOString());
      expect(await byUid(org.orgId, ours.booking.uid)).toMatchObject({
        status: "rescheduled",
        rescheduled_to_id: fresh?.id,
      });
      expect(calcom.requests.filter((r) => r.method === "GET").map((r) => r.path)).toEqual(
        expect.arrayContaining([`/v2/bookings/${ours.booking.uid}`, `/v2/bookings/${next.uid}`]),
      );
      expect(calcom.violations).toEqual([]);
    });

    it("keeps a chain the webhook recorded when Cal.com reports the old booking only as cancelled", async () => {
      const org = await setup();
      const ours = await ourBooking(org);
      const next = calcom.rescheduleInCalcom(ours.booking.uid, TUESDAY_11);
      await deliver(calcom.delivery("BOOKING_RESCHEDULED", next.uid, { secret: SECRET }));
      // An older API version: the old booking is cancelled, its successor unnamed.
      calcom.bookings.find((b) => b.uid === ours.booking.uid)!.rescheduledToUid = null;
      const result = await reverifyAppointment({
        db: db.db,
        orgId: org.orgId,
        appointmentId: ours.appointmentId,
        now: NOW,
      });
      expect(result.changes).toEqual([]);
      const fresh = await byUid(org.orgId, next.uid);
      expect(await byUid(org.orgId, ours.booking.uid)).toMatchObject({
        status: "rescheduled",
        rescheduled_to_id: fresh?.id,
      });
      expect(fresh?.status).toBe("booked");
    });

    it("says there is nothing to verify for a built-in appointment, and refuses another organization's", async () => {
      const org = await setup();
      const other = await setup();
      const lead = await insertLead(db, org.orgId, org.campaignId);
      const [row] = await db.query<{ id: string }>(
        `insert into public.appointments (org_id, lead_id, campaign_id, source, status, start_at, end_at, timezone, title)
         values ($1, $2, $3, 'builtin', 'booked', $4, $5, 'America/New_York', 'Intro') returning id`,
        [org.orgId, lead, org.campaignId, MONDAY_10.toISOString(), TUESDAY_11.toISOString()],
      );
      const before = calcom.requests.length;
      expect(
        await reverifyAppointment({ db: db.db, orgId: org.orgId, appointmentId: row!.id, now: NOW }),
      ).toMatchObject({
        verifiable: false,
        changes: [],
      });
      await expect(
        reverifyAppointment({ db: db.db, orgId: other.orgId, appointmentId: row!.id, now: NOW }),
      ).rejects.toMatchObject({ code: "not_found" });
      expect(calcom.requests.length).toBe(before);
    });
  });
});
