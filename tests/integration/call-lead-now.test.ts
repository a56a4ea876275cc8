import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withUser } from "@/lib/db/with-user";
import { callLeadNow } from "@/lib/services/calls/call-lead-now";
import type { Actor } from "@/lib/services/organizations/roles";
import { insertCampaign, insertLead, nextPhone } from "../helpers/dialer-fixtures";
import { appErrorOf, createOrgWithMembers, type TestOrg } from "../helpers/fixtures";
import { createTestDb, type TestDb, testDbKinds } from "../helpers/test-db";

// The demo-like campaign calls every day 08:00-21:00 in the lead's zone (insertCampaign's default).
const NOON_NY = new Date("2026-12-02T17:00:00Z");
const TEN_PM_NY = new Date("2026-12-03T03:00:00Z");
const NEXT_MORNING_NY = new Date("2026-12-03T13:00:00Z");

describe.each(testDbKinds())("call now on a lead on %s", (kind) => {
  let db: TestDb;
  let org: TestOrg<"owner" | "member">;
  let other: TestOrg<"owner">;
  let campaignId: string;

  const member = (): Actor => ({
    userId: org.members.member.id,
    email: org.members.member.email,
    orgId: org.orgId,
    role: "member",
  });
  const callNow = (leadId: string, now: Date, acceptNextTime = false) =>
    withUser(
      org.members.member.claims,
      (tx) => callLeadNow({ tx, actor: member(), input: { leadId, acceptNextTime }, now }),
      db.db,
    );
  const leadRow = async (id: string) => {
    const [row] = await db.query<{ status: string; next_attempt_at: Date | null }>(
      "select status::text as status, next_attempt_at from public.leads where id = $1",
      [id],
    );
    return row;
  };
  const callNowAudits = async (leadId: string) =>
    db.query<{ actor_id: string; data: Record<string, unknown> }>(
      "select actor_id, data from public.audit_log where org_id = $1 and action = 'leads.call_now' and target_id = $2",
      [org.orgId, leadId],
    );

  beforeAll(async () => {
    db = await createTestDb(kind);
    org = await createOrgWithMembers(db, { members: { owner: "owner", member: "member" } });
    other = await createOrgWithMembers(db, { members: { owner: "owner" } });
    campaignId = await insertCampaign(db, org.orgId);
  });
  afterAll(() => db?.destroy());

  it("inside the lead's window: due now, kept context, audited, for a member", async () => {
    const leadId = await insertLead(db, org.orgId, campaignId, {
      phone: nextPhone(),
      status: "no_answer",
      nextAttemptAt: new Date("2026-12-05T15:00:00Z"),
      nextCallContext: { topic: "pricing" },
    });
    const result = await callNow(leadId, NOON_NY);
    expect(result.status).toBe("calling");
    expect(result.call).toMatchObject({ moved: false, written: true });
    expect(await leadRow(leadId)).toEqual({ status: "pending", next_attempt_at: NOON_NY });
    const [context] = await db.query<{ next_call_context: Record<string, string> }>(
      "select next_call_context from public.leads where id = $1",
      [leadId],
    );
    expect(context?.next_call_context).toEqual({ topic: "pricing" });
    expect(await callNowAudits(leadId)).toEqual([
      {
        actor_id: org.members.member.id,
        data: { campaignId, scheduledAt: NOON_NY.toISOString(), moved: false },
      },
    ]);
  });

  it("outside the window: offers the next allowed time and writes nothing until it is accepted", async () => {
    const leadId = await insertLead(db, org.orgId, campaignId, { phone: nextPhone(), status: "pending" });
    const before = await leadRow(leadId);
    const offer = await callNow(leadId, TEN_PM_NY);
    expect(offer.status).toBe("outside_window");
    expect(offer.call).toMatchObject({ moved: true, written: false, scheduledAt: NEXT_MORNING_NY });
    expect(offer.call.reason).toMatch(/outside calling hours in America\/New_York \(local 22:00\)/);
    expect(await leadRow(leadId)).toEqual(before);
    expect(await callNowAudits(leadId)).toEqual([]);

    const accepted = await callNow(leadId, TEN_PM_NY, true);
    expect(accepted.status).toBe("scheduled");
    expect(await leadRow(leadId)).toEqual({ status: "pending", next_attempt_at: NEXT_MORNING_NY });
    expect((await callNowAudits(leadId)).map((a) => a.data.moved)).toEqual([true]);
  });

  it("refuses a lead on the do-not-call list, a booked lead, one without consent where required, and a paused campaign", async () => {
    const listed = nextPhone();
    const onList = await insertLead(db, org.orgId, campaignId, { phone: listed });
    await db.query("insert into public.do_not_call (org_id, phone, source) values ($1, $2, 'manual')", [
      org.orgId,
      listed,
    ]);
    expect((await appErrorOf(callNow(onList, NOON_NY))).message).toMatch(/do-not-call/);

    const booked = await insertLead(db, org.orgId, campaignId, { phone: nextPhone(), status: "booked" });
    expect((await appErrorOf(callNow(booked, NOON_NY))).message).toMatch(/already booked/);

    const consentCampaign = await insertCampaign(db, org.orgId, { requireConsent: true });
    const noConsent = await insertLead(db, org.orgId, consentCampaign, { phone: nextPhone(), consent: null });
    expect((await appErrorOf(callNow(noConsent, NOON_NY))).message).toMatch(/consent/);
    const consented = await insertLead(db, org.orgId, consentCampaign, { phone: nextPhone(), consent: true });
    expect((await callNow(consented, NOON_NY)).status).toBe("calling");

    const paused = await insertCampaign(db, org.orgId, { status: "paused" });
    const inPaused = await insertLead(db, org.orgId, paused, { phone: nextPhone() });
    const error = await appErrorOf(callNow(inPaused, NOON_NY));
    expect(error.code).toBe("conflict");
    expect(error.message).toMatch(/paused: resume it/);
    // None of the refusals wrote anything.
    for (const id of [onList, booked, noConsent, inPaused]) expect(await callNowAudits(id)).toEqual([]);
  });

  it("does not reach another organization's lead", async () => {
    const theirs = await insertLead(db, other.orgId, await insertCampaign(db, other.orgId), {
      phone: nextPhone(),
    });
    expect((await appErrorOf(callNow(theirs, NOON_NY))).code).toBe("not_found");
  });
});
