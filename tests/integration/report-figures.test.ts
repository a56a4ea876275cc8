import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withUser } from "@/lib/db/with-user";
import { reportQuerySchema } from "@/lib/reports/periods";
import type { Actor } from "@/lib/services/organizations/roles";
import { getReport } from "@/lib/services/reports/get-report";
import { insertCampaign, insertLead } from "../helpers/dialer-fixtures";
import { createOrgWithMembers, type TestOrg } from "../helpers/fixtures";
import { createTestDb, type TestDb, testDbKinds } from "../helpers/test-db";

/*
 * Every figure of the dashboard and the Results tab from calls and emails written by hand, with
 * the expected values worked out by hand in the comments: calls with no cost, simulated calls, a
 * call in flight, leads in Auckland on either side of their midnight, and the previous period.
 */

// Thursday 2026-12-03 10:00 in New York. "Today" for a New York viewer is [05:00Z, 15:00Z); the
// previous period is the 10 hours before: [2026-12-02 19:00Z, 05:00Z).
const NOW = new Date("2026-12-03T15:00:00Z");

describe.each(testDbKinds())("report figures (%s)", (kind) => {
  let db: TestDb;
  let org: TestOrg<"member">;
  let campaignId: string;
  let actor: Actor;

  beforeAll(async () => {
    db = await createTestDb(kind);
    org = await createOrgWithMembers(db, { members: { member: "owner" } });
    actor = {
      userId: org.members.member.id,
      email: org.members.member.email,
      orgId: org.orgId,
      role: "owner",
    };
    campaignId = await insertCampaign(db, org.orgId);
    const call = async (c: {
      at: string;
      zone?: string;
      provider?: "simulator" | "retell";
      status?: "live" | "ended";
      result?: string | null;
      outcome?: string | null;
      duration?: number | null;
      cost?: number | null;
      attemptNo?: number;
    }) => {
      const leadId = await insertLead(db, org.orgId, campaignId, { timezone: c.zone ?? "America/New_York" });
      await db.query(
        `insert into public.calls (org_id, campaign_id, lead_id, attempt_no, status, provider, provider_account, to_number,
           result, outcome, duration_seconds, cost_cents, queued_at, deadline_at, created_at)
         values ($1, $2, $3, $4, $5, $6, 'test', '+12125550199', $7, $8, $9, $10, $11, $11, $11)`,
        [
          org.orgId,
          campaignId,
          leadId,
          c.attemptNo ?? 1,
          c.status ?? "ended",
          c.provider ?? "retell",
          c.result ?? null,
          c.outcome ?? null,
          c.duration ?? null,
          c.cost ?? null,
          c.at,
        ],
      );
      return leadId;
    };
    // Today.
    const first = await call({
      at: "2026-12-03T13:10:00Z", // 08:10 Thu in New York
      provider: "simulator",
      result: "answered",
      outcome: "booked",
      duration: 300,
      cost: 90,
    });
    await call({
      at: "2026-12-03T10:40:00Z", // 23:40 Thu in Auckland
      zone: "Pacific/Auckland",
      result: "answered",
      outcome: "not_interested",
      duration: 120,
      cost: null, // no cost reported
    });
    await call({
      at: "2026-12-03T11:10:00Z", // 00:10 Fri in Auckland
      zone: "Pacific/Auckland",
      result: "voicemail",
      duration: 25,
      cost: 5,
    });
    await call({ at: "2026-12-03T12:00:00Z", status: "live" }); // 07:00, still in flight
    await call({ at: "2026-12-03T12:30:00Z", result: "no_answer", cost: 2, attemptNo: 2 }); // 07:30
    await call({ at: "2026-12-03T14:59:00Z", provider: "simulator", result: "busy", cost: 1 }); // 09:59
    // Outside: at now (the period ends before it), and in the previous period.
    await call({ at: "2026-12-03T15:00:00Z", result: "answered", outcome: "booked", duration: 60, cost: 9 });
    await call({
      at: "2026-12-02T20:00:00Z",
      result: "answered",
      outcome: "booked",
      duration: 200,
      cost: 50,
    });
    await call({ at: "2026-12-03T04:59:00Z", result: "no_answer", cost: 1 });
    // Follow-ups today: delivered, bounced, to the outbox; a test send is not a follow-up.
    const email = (kind: string, status: string, at: string) =>
      db.query(
        `insert into public.emails (org_id, lead_id, campaign_id, kind, dedupe_key, transport, status, from_address,
           subject, html, text, unsubscribe_token, created_at)
         values ($1, $2, $3, $4, gen_random_uuid()::text, 'resend', $5, 'a@example.test', 's', 'h', 't',
           gen_random_uuid()::text, $6)`,
        [org.orgId, first, campaignId, kind, status, at],
      );
    await email("confirmation", "delivered", "2026-12-03T13:15:00Z");
    await email("missed_call", "bounced", "2026-12-03T11:15:00Z");
    await email("not_interested", "outboxed", "2026-12-03T10:45:00Z");
    await email("test", "delivered", "2026-12-03T10:45:00Z");
  });
  afterAll(async () => {
    await db.destroy();
  });

  const report = (view: "dashboard" | "campaign", zone = "America/New_York", period = "today") =>
    withUser(
      org.members.member.claims,
      (tx) =>
        getReport({
          tx,
          actor,
          query: reportQuerySchema.parse({
            period,
            campaignId: view === "campaign" ? campaignId : undefined,
          }),
          now: NOW,
          zone,
          view,
        }),
      db.db,
    );

  it("computes each figure, and the same for the previous period of the same length", async () => {
    const r = await report("dashboard");
    expect(r.period.start.toISOString()).toBe("2026-12-03T05:00:00.000Z");
    expect(r.period.prevStart.toISOString()).toBe("2026-12-02T19:00:00.000Z");
    expect(r.figures).toEqual({
      placed: 6,
      connectedRate: 2 / 5, // 2 answered of 5 ended (one still in flight)
      voicemailRate: 1 / 5,
      avgTalkSeconds: (300 + 120) / 2,
      booked: 1,
      bookingRate: 1 / 2,
      spendCents: 90 + 5 + 2 + 1,
      costPerMeetingCents: 98,
      costPerConnectedMinuteCents: 98 / 7, // 420 talk seconds = 7 minutes
      emailsSent: 3,
      emailsDelivered: 1,
      emailsBounced: 1,
    });
    expect(r.caveats).toEqual({ simulated: 2, inFlight: 1, uncosted: 1, outboxed: 1 });
    expect(r.previous).toEqual({
      placed: 2,
      connectedRate: 1 / 2,
      voicemailRate: 0,
      avgTalkSeconds: 200,
      booked: 1,
      bookingRate: 1,
      spendCents: 51,
      costPerMeetingCents: 51,
      costPerConnectedMinuteCents: 51 / (200 / 60),
      emailsSent: 0,
      emailsDelivered: 0,
      emailsBounced: 0,
    });
    expect(r.days.map((d) => [d.day, d.counts.placed, d.counts.answered, d.counts.in_flight])).toEqual([
      ["2026-12-03", 6, 2, 1],
    ]);
    expect(r.campaigns?.map((c) => [c.figures.placed, c.figures.booked, c.caveats.simulated])).toEqual([
      [6, 1, 2],
    ]);
    expect(r.attempts).toBeNull();
  });

  it("the heatmap counts in each lead's own time: Auckland's calls fall on Thursday 23:00 and Friday 00:00", async () => {
    const r = await report("dashboard");
    expect(r.heatmap).toEqual([
      { dow: 4, hour: 7, placed: 2, ended: 1, answered: 0 },
      { dow: 4, hour: 8, placed: 1, ended: 1, answered: 1 },
      { dow: 4, hour: 9, placed: 1, ended: 1, answered: 0 },
      { dow: 4, hour: 23, placed: 1, ended: 1, answered: 1 },
      { dow: 5, hour: 0, placed: 1, ended: 1, answered: 0 },
    ]);
  });

  it("the Results tab: the campaign's figures and its connect rate by attempt", async () => {
    const r = await report("campaign");
    expect(r.figures.placed).toBe(6);
    expect(r.campaigns).toBeNull();
    expect(r.attempts).toEqual([
      { attemptNo: 1, placed: 5, ended: 4, answered: 2, booked: 1 },
      { attemptNo: 2, placed: 1, ended: 1, answered: 0, booked: 0 },
    ]);
  });

  it("a viewer in Auckland has another day: there 'today' began at 11:00Z and holds only the Friday call", async () => {
    const r = await report("dashboard", "Pacific/Auckland");
    expect(r.period.start.toISOString()).toBe("2026-12-03T11:00:00.000Z");
    // 11:10 voicemail, 12:00 in flight, 12:30 no answer, 13:10 booked, 14:59 busy.
    expect(r.figures.placed).toBe(5);
    expect(r.days.map((d) => d.day)).toEqual(["2026-12-04"]);
  });
});
