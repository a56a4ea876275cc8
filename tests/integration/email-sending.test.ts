import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { setDbHandle } from "@/lib/db";
import type { CallOutcome, CallResult } from "@/lib/dialer/call-states";
import { setMailer } from "@/lib/integrations/mail";
import { createOutboxMailer } from "@/lib/integrations/mail/outbox/outbox-mailer";
import { createResendMailer } from "@/lib/integrations/mail/resend/resend-mailer";
import { setQueue } from "@/lib/integrations/queue";
import { InProcessQueue } from "@/lib/integrations/queue/in-process/in-process-queue";
import type { CallReport } from "@/lib/integrations/voice/types";
import { recordCallReport } from "@/lib/services/dialer/record-call-report";
import { queueFollowUp } from "@/lib/services/email/queue-follow-up";
import { queueReminders } from "@/lib/services/email/queue-reminders";
import { sendEmail } from "@/lib/services/email/send-email";
import { handleJob } from "@/lib/services/jobs/handle-job";
import { type ResendFake, rateLimited, startResendFake } from "../fakes/resend-fake";
import { insertCampaign, insertClaimedCall, recordingQueue } from "../helpers/dialer-fixtures";
import { createOrgWithMembers } from "../helpers/fixtures";
import { createTestDb, type TestDb, testDbKinds } from "../helpers/test-db";

// Thursday 10:00 in New York: inside the test campaigns' calling window.
const NOW = new Date("2026-12-03T15:00:00Z");
const API_KEY = "re_test_key";

type EmailRow = {
  id: string;
  kind: string;
  status: string;
  reason: string | null;
  dedupe_key: string;
  to_address: string | null;
  subject: string;
  text: string;
  html: string;
  transport: string;
  provider_message_id: string | null;
  unsubscribe_token: string;
  appointment_id: string | null;
};

describe.each(testDbKinds())("follow-up emails (%s)", (kind) => {
  let db: TestDb;
  let orgId: string;
  let orgName: string;
  let campaignId: string;
  let fake: ResendFake;
  let queue: InProcessQueue;

  const newQueue = () =>
    new InProcessQueue({
      retryBaseMs: 20,
      maxAttempts: 3,
      handler: async (job) => {
        await handleJob({ job, db: db.db, now: NOW, queue });
      },
    });

  beforeAll(async () => {
    db = await createTestDb(kind);
    setDbHandle(db);
    const org = await createOrgWithMembers(db, { name: "Acme Solar", members: { owner: "owner" } });
    orgId = org.orgId;
    orgName = org.name;
    campaignId = await insertCampaign(db, orgId);
    fake = await startResendFake(API_KEY);
  });
  afterAll(async () => {
    setDbHandle(undefined);
    setQueue(undefined);
    setMailer(undefined);
    await fake.close();
    await db.destroy();
  });
  beforeEach(() => {
    queue = newQueue();
    setQueue(queue);
    setMailer(createResendMailer({ apiKey: API_KEY, baseUrl: fake.url }));
  });
  afterEach(() => {
    queue.clear();
    expect(fake.violations).toEqual([]);
  });

  /** A claimed call whose lead has `email` (null: none) and a name and company. */
  const callFor = async (email: string | null, over: { campaign?: string } = {}) => {
    const c = await insertClaimedCall(db, { orgId, campaignId: over.campaign ?? campaignId, now: NOW });
    await db.query(
      "update public.leads set email = $2, first_name = 'Dana', last_name = 'Whitaker', company = 'Whitaker Roofing' where id = $1",
      [c.leadId, email],
    );
    return c;
  };
  const report = (callId: string, result: CallResult, outcome?: CallOutcome): CallReport => ({
    provider: "simulator",
    providerCallId: `sim_${callId}`,
    callId,
    event: outcome ? "analyzed" : "ended",
    at: NOW,
    endedAt: NOW,
    result,
    ...(outcome ? { outcome } : {}),
  });
  /** Applies the report through the outcome service and runs every job it leads to. */
  const end = async (callId: string, result: CallResult, outcome?: CallOutcome) => {
    await recordCallReport({ db: db.db, now: NOW, queue, report: report(callId, result, outcome) });
    await queue.drain();
  };
  const emailsOfLead = (leadId: string) =>
    db.query<EmailRow>("select * from public.emails where lead_id = $1 order by created_at", [leadId]);
  const sentTo = (address: string) => fake.sent.filter((s) => s.body.to === address);
  const appointmentFor = async (c: { callId: string; leadId: string }, startAt: Date, uid: string | null) => {
    const [row] = await db.query<{ id: string }>(
      `insert into public.appointments (org_id, lead_id, campaign_id, call_id, source, status, start_at, end_at, timezone,
         title, calcom_booking_uid, created_at)
       values ($1, $2, $3, $4, $5, 'booked', $6, $7, 'America/Chicago', 'Intro call', $8, $9) returning id`,
      [
        orgId,
        c.leadId,
        campaignId,
        c.callId,
        uid ? "calcom" : "builtin",
        startAt.toISOString(),
        new Date(startAt.getTime() + 30 * 60_000).toISOString(),
        uid,
        new Date(NOW.getTime() - 2 * 3_600_000).toISOString(),
      ],
    );
    if (!row) throw new Error("no appointment");
    return row.id;
  };

  it("Resend: a booked call sends one confirmation with the documented payload and Idempotency-Key", async () => {
    const c = await callFor("dana.booked@example.com");
    const appointmentId = await appointmentFor(c, new Date("2026-12-08T16:30:00Z"), "bk_uid_123");
    await end(c.callId, "answered", "booked");

    const [email, ...more] = await emailsOfLead(c.leadId);
    expect(more).toEqual([]);
    expect(email).toMatchObject({
      kind: "confirmation",
      status: "sent",
      transport: "resend",
      appointment_id: appointmentId,
      dedupe_key: `confirmation/${appointmentId}/${c.leadId}`,
    });
    const [sent, ...others] = sentTo("dana.booked@example.com");
    expect(others).toEqual([]);
    expect(sent?.idempotencyKey).toBe(email?.dedupe_key);
    expect(email?.provider_message_id).toBe(sent?.id);
    expect(sent?.body.from).toBe(`${orgName} <no-reply@localhost>`);
    expect(sent?.body.headers).toEqual({
      "List-Unsubscribe": `<http://localhost:3000/unsubscribe/${email?.unsubscribe_token}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    });
    expect(sent?.body.tags).toEqual(
      expect.arrayContaining([
        { name: "email_id", value: email?.id },
        { name: "org_id", value: orgId },
      ]),
    );
    // The meeting in the appointment's zone (10:30 in Chicago) and the Cal.com links.
    expect(sent?.body.text).toContain("10:30");
    expect(sent?.body.text).toContain("Dana");
    expect(sent?.body.html).toContain("https://app.cal.com/reschedule/bk_uid_123");
    expect(sent?.body.html).toContain(`/unsubscribe/${email?.unsubscribe_token}`);
  });

  it("exactly once: duplicate outcome events and redelivered jobs send one email", async () => {
    const c = await callFor("dana.twice@example.com");
    await end(c.callId, "no_answer");
    // The same event again, through a fresh queue (no shared dedupe ids), as after a redeploy.
    queue = newQueue();
    await end(c.callId, "no_answer");
    const [email, ...more] = await emailsOfLead(c.leadId);
    expect(more).toEqual([]);
    expect(email).toMatchObject({ kind: "missed_call", status: "sent" });
    // Redeliveries of both jobs.
    await queueFollowUp({ db: db.db, callId: c.callId, now: NOW, queue });
    await queue.drain();
    await handleJob({
      job: { type: "send-email", emailId: email?.id as string },
      db: db.db,
      now: NOW,
      queue,
    });
    expect(sentTo("dana.twice@example.com")).toHaveLength(1);
    expect(
      fake.requests.filter((r) => r.body && (r.body as { to?: string }).to === "dana.twice@example.com"),
    ).toHaveLength(1);
    expect(await emailsOfLead(c.leadId)).toHaveLength(1);
  });

  it("two racing deliveries of a send reach Resend with one key: one email", async () => {
    const c = await callFor("dana.race@example.com");
    const recording = recordingQueue();
    await recordCallReport({
      db: db.db,
      now: NOW,
      queue: recording,
      report: report(c.callId, "answered", "not_interested"),
    });
    await queueFollowUp({ db: db.db, callId: c.callId, now: NOW, queue: recording });
    const [email] = await emailsOfLead(c.leadId);
    expect(email?.status).toBe("queued");
    await Promise.all([
      sendEmail({ db: db.db, emailId: email?.id as string, now: NOW }),
      sendEmail({ db: db.db, emailId: email?.id as string, now: NOW }),
    ]);
    expect(sentTo("dana.race@example.com")).toHaveLength(1);
    expect((await emailsOfLead(c.leadId))[0]?.status).toBe("sent");
  });

  it("a missed-call note goes once per lead, not after every missed attempt", async () => {
    const first = await callFor("dana.missed@example.com");
    await end(first.callId, "voicemail");
    const [second] = await db.query<{ id: string }>(
      `insert into public.calls (org_id, campaign_id, lead_id, attempt_no, status, provider, provider_account, to_number, deadline_at)
       values ($1, $2, $3, 2, 'dialing', 'simulator', 'simulator:local', $4, $5) returning id`,
      [orgId, campaignId, first.leadId, first.phone, new Date(NOW.getTime() + 3_600_000).toISOString()],
    );
    await end(second?.id as string, "busy");
    expect((await emailsOfLead(first.leadId)).map((e) => e.kind)).toEqual(["missed_call"]);
    expect(sentTo("dana.missed@example.com")).toHaveLength(1);
  });

  describe("suppression: a skipped row with the reason, nothing sent", () => {
    const expectSkipped = async (leadId: string, address: string | null, reason: string) => {
      const [email, ...more] = await emailsOfLead(leadId);
      expect(more).toEqual([]);
      expect(email).toMatchObject({ status: "skipped", reason });
      if (address) expect(sentTo(address)).toEqual([]);
    };

    it("on the do-not-call list", async () => {
      const c = await callFor("dana.dnc@example.com");
      await db.query("insert into public.do_not_call (org_id, phone, source) values ($1, $2, 'manual')", [
        orgId,
        c.phone,
      ]);
      await end(c.callId, "no_answer");
      await expectSkipped(c.leadId, "dana.dnc@example.com", "on the do-not-call list");
    });

    it("no email address", async () => {
      const c = await callFor(null);
      await end(c.callId, "answered", "not_interested");
      await expectSkipped(c.leadId, null, "no email address");
    });

    it.each(["bounced", "unsubscribed", "complained"])("address %s", async (reason) => {
      const address = `Dana.${reason}@Example.com`;
      const c = await callFor(address);
      await db.query("insert into public.email_suppressions (org_id, email, reason) values ($1, $2, $3)", [
        orgId,
        address.toLowerCase(),
        reason,
      ]);
      await end(c.callId, "no_answer");
      await expectSkipped(c.leadId, address, reason);
    });

    it("suppressed after the row was written: the send job re-checks", async () => {
      const c = await callFor("dana.late@example.com");
      const recording = recordingQueue();
      await recordCallReport({
        db: db.db,
        now: NOW,
        queue: recording,
        report: report(c.callId, "no_answer"),
      });
      await queueFollowUp({ db: db.db, callId: c.callId, now: NOW, queue: recording });
      await db.query(
        "insert into public.email_suppressions (org_id, email, reason) values ($1, $2, 'unsubscribed')",
        [orgId, "dana.late@example.com"],
      );
      const [email] = await emailsOfLead(c.leadId);
      expect(await sendEmail({ db: db.db, emailId: email?.id as string, now: NOW })).toEqual({
        status: "skipped",
        sent: false,
      });
      await expectSkipped(c.leadId, "dana.late@example.com", "unsubscribed");
    });

    it("the campaign turned the kind off", async () => {
      const quiet = await insertCampaign(db, orgId);
      await db.query("update public.campaigns set disabled_email_kinds = '{missed_call}' where id = $1", [
        quiet,
      ]);
      const c = await callFor("dana.quiet@example.com", { campaign: quiet });
      await end(c.callId, "no_answer");
      await expectSkipped(c.leadId, "dana.quiet@example.com", "turned off for this campaign");
    });

    it("the organization's template is off", async () => {
      await db.query(
        "insert into public.email_templates (org_id, kind, subject, body, enabled) values ($1, 'not_interested', 'Bye', 'Bye {{first_name}}', false)",
        [orgId],
      );
      try {
        const c = await callFor("dana.off@example.com");
        await end(c.callId, "answered", "not_interested");
        await expectSkipped(c.leadId, "dana.off@example.com", "template turned off");
      } finally {
        await db.query("delete from public.email_templates where org_id = $1 and kind = 'not_interested'", [
          orgId,
        ]);
      }
    });
  });

  it("callback, do-not-call and failed calls earn nothing", async () => {
    for (const [result, outcome] of [
      ["answered", "callback"],
      ["answered", "do_not_call"],
      ["failed", undefined],
    ] as const) {
      const c = await callFor(`dana.${result}.${outcome}@example.com`);
      await end(c.callId, result, outcome);
      expect(await emailsOfLead(c.leadId)).toEqual([]);
    }
  });

  it("an organization template is used for the wording", async () => {
    await db.query(
      "insert into public.email_templates (org_id, kind, subject, body) values ($1, 'missed_call', 'Sorry we missed you, {{first_name}}', 'Hi {{first_name}} at {{company}}.\n\n{{sender_name}}')",
      [orgId],
    );
    try {
      const c = await callFor("dana.custom@example.com");
      await end(c.callId, "no_answer");
      const [sent] = sentTo("dana.custom@example.com");
      expect(sent?.body.subject).toBe("Sorry we missed you, Dana");
      expect(sent?.body.text).toContain("Hi Dana at Whitaker Roofing.");
      expect(sent?.body.text).toContain(orgName);
    } finally {
      await db.query("delete from public.email_templates where org_id = $1 and kind = 'missed_call'", [
        orgId,
      ]);
    }
  });

  it("outbox mode stores the email and never calls Resend", async () => {
    setMailer(createOutboxMailer());
    const before = fake.requests.length;
    const c = await callFor("dana.outbox@example.com");
    await end(c.callId, "answered", "not_interested");
    const [email] = await emailsOfLead(c.leadId);
    expect(email).toMatchObject({
      kind: "not_interested",
      status: "outboxed",
      transport: "outbox",
      provider_message_id: null,
    });
    expect(email?.text).toContain("Dana");
    expect(fake.requests.length).toBe(before);
  });

  it("a 429 leaves the email queued with the reason; the retry sends it once", async () => {
    const c = await callFor("dana.limited@example.com");
    const recording = recordingQueue();
    await recordCallReport({ db: db.db, now: NOW, queue: recording, report: report(c.callId, "no_answer") });
    await queueFollowUp({ db: db.db, callId: c.callId, now: NOW, queue: recording });
    const [email] = await emailsOfLead(c.leadId);
    expect(recording.jobs.find((j) => j.job.type === "send-email")?.options).toMatchObject({
      flowKey: "resend",
      flowParallelism: 1,
      flowRatePerSecond: 2,
    });
    fake.failNext("POST", "/emails", rateLimited(1));
    await expect(sendEmail({ db: db.db, emailId: email?.id as string, now: NOW })).rejects.toMatchObject({
      kind: "rate_limited",
      retryAfterSeconds: 1,
    });
    expect((await emailsOfLead(c.leadId))[0]).toMatchObject({
      status: "queued",
      reason: expect.stringContaining("will retry"),
    });
    expect(await sendEmail({ db: db.db, emailId: email?.id as string, now: NOW })).toEqual({
      status: "sent",
      sent: true,
    });
    expect(sentTo("dana.limited@example.com")).toHaveLength(1);
  });

  it("a 429 through the queue is retried until sent", async () => {
    fake.failNext("POST", "/emails", rateLimited(1));
    const c = await callFor("dana.retried@example.com");
    await end(c.callId, "no_answer");
    expect((await emailsOfLead(c.leadId))[0]).toMatchObject({ status: "sent", reason: null });
    expect(sentTo("dana.retried@example.com")).toHaveLength(1);
  });

  it("a refused address fails the email for good", async () => {
    const c = await callFor("dana.refused@example.com");
    fake.failNext("POST", "/emails", {
      status: 422,
      body: { statusCode: 422, name: "validation_error", message: "Invalid `to` field." },
    });
    await end(c.callId, "no_answer");
    expect((await emailsOfLead(c.leadId))[0]).toMatchObject({
      status: "failed",
      reason: expect.stringContaining("Invalid `to` field"),
    });
    expect(sentTo("dana.refused@example.com")).toEqual([]);
  });

  it("a reminder is queued once for a meeting within 24 hours", async () => {
    const c = await callFor("dana.reminder@example.com");
    const appointmentId = await appointmentFor(c, new Date(NOW.getTime() + 5 * 3_600_000), null);
    const recording = recordingQueue();
    const first = await queueReminders({ db: db.db, now: NOW, queue: recording });
    const second = await queueReminders({
      db: db.db,
      now: new Date(NOW.getTime() + 60_000),
      queue: recording,
    });
    expect(first.reminders).toBeGreaterThanOrEqual(1);
    expect(second.reminders).toBe(0);
    const reminders = (await emailsOfLead(c.leadId)).filter((e) => e.kind === "reminder");
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatchObject({
      status: "queued",
      dedupe_key: `reminder/${appointmentId}/${c.leadId}`,
    });
    const sends = recording.jobs.filter(
      (j) => j.job.type === "send-email" && j.job.emailId === reminders[0]?.id,
    );
    expect(sends).toHaveLength(1);
  });

  it("a booked call whose appointment lands later is confirmed by the tick's sweep, once", async () => {
    const c = await callFor("dana.late.booking@example.com");
    await end(c.callId, "answered", "booked");
    expect(await emailsOfLead(c.leadId)).toEqual([]);
    const appointmentId = await appointmentFor(c, new Date(NOW.getTime() + 3 * 24 * 3_600_000), null);
    const first = await queueReminders({ db: db.db, now: NOW, queue });
    await queue.drain();
    const second = await queueReminders({ db: db.db, now: NOW, queue });
    await queue.drain();
    expect([first.confirmations, second.confirmations]).toEqual([1, 0]);
    // A redelivered follow-up of the call now finds the appointment and the same row.
    await queueFollowUp({ db: db.db, callId: c.callId, now: NOW, queue });
    await queue.drain();
    const [email, ...more] = await emailsOfLead(c.leadId);
    expect(more).toEqual([]);
    expect(email).toMatchObject({
      kind: "confirmation",
      status: "sent",
      dedupe_key: `confirmation/${appointmentId}/${c.leadId}`,
    });
    expect(sentTo("dana.late.booking@example.com")).toHaveLength(1);
  });
});
