import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { withUser } from "@/lib/db/with-user";
import { getEmail } from "@/lib/services/email/get-email";
import { type EmailListQuery, emailListQuerySchema, listEmails } from "@/lib/services/email/list-emails";
import type { Actor } from "@/lib/services/organizations/roles";
import { insertCampaign, insertClaimedCall, insertLead } from "../helpers/dialer-fixtures";
import { createOrgWithMembers, type TestOrg, type TestUser } from "../helpers/fixtures";
import { createTestDb, type TestDb, testDbKinds } from "../helpers/test-db";

type Org = TestOrg<"owner" | "member">;

function actorOf(user: TestUser, orgId: string): Actor {
  return { userId: user.id, email: user.email, orgId, role: "member" };
}

type EmailSeed = {
  orgId: string;
  leadId?: string | null;
  callId?: string | null;
  campaignId?: string | null;
  appointmentId?: string | null;
  kind: string;
  status: string;
  transport?: "resend" | "outbox";
  to?: string | null;
  subject: string;
  reason?: string | null;
  createdAt: string;
};

/** An email row as the trusted send path writes it (owner connection: the outbox only reads). */
async function insertEmail(handle: DbHandle, e: EmailSeed): Promise<string> {
  const [row] = await handle.query<{ id: string }>(
    `insert into public.emails (org_id, lead_id, call_id, campaign_id, appointment_id, kind, dedupe_key, transport, status,
       reason, to_address, from_address, subject, html, text, unsubscribe_token, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'Acme <hello@acme.test>', $12, $13, $14, $15, $16)
     returning id`,
    [
      e.orgId,
      e.leadId ?? null,
      e.callId ?? null,
      e.campaignId ?? null,
      e.appointmentId ?? null,
      e.kind,
      `${e.kind}/${randomBytes(6).toString("hex")}`,
      e.transport ?? "outbox",
      e.status,
      e.reason ?? null,
      e.to === undefined ? "ada@example.test" : e.to,
      e.subject,
      `<p>${e.subject}</p>`,
      e.subject,
      randomBytes(16).toString("base64url"),
      e.createdAt,
    ],
  );
  if (!row) throw new Error("email insert returned nothing");
  return row.id;
}

describe.each(testDbKinds())("outbox on %s", (kind) => {
  let db: TestDb;
  let orgA: Org;
  let orgB: Org;
  let leadA: string;
  let leadGrace: string;
  let callA: string;
  let campaignA: string;
  let appointmentA: string;
  let confirmationA: string;
  let skippedA: string;
  let orgBEmail: string;

  const list = (user: TestUser, orgId: string, raw: Record<string, unknown> = {}) =>
    withUser(
      user.claims,
      (tx) => listEmails({ tx, actor: actorOf(user, orgId), query: emailListQuerySchema.parse(raw) }),
      db.db,
    );
  const read = (user: TestUser, orgId: string, emailId: string) =>
    withUser(user.claims, (tx) => getEmail({ tx, actor: actorOf(user, orgId), emailId }), db.db);

  beforeAll(async () => {
    db = await createTestDb(kind);
    orgA = await createOrgWithMembers(db, { members: { owner: "owner", member: "member" } });
    orgB = await createOrgWithMembers(db, { members: { owner: "owner", member: "member" } });
    campaignA = await insertCampaign(db, orgA.orgId);
    const claimed = await insertClaimedCall(db, {
      orgId: orgA.orgId,
      campaignId: campaignA,
      timezone: "America/Phoenix",
      now: new Date("2026-12-03T15:00:00Z"),
    });
    callA = claimed.callId;
    leadA = claimed.leadId;
    leadGrace = await insertLead(db, orgA.orgId, campaignA, { firstName: "Grace" });
    const [appt] = await db.query<{ id: string }>(
      `insert into public.appointments (org_id, lead_id, campaign_id, call_id, source, start_at, end_at, timezone, title)
       values ($1, $2, $3, $4, 'builtin', '2026-12-01T18:00:00Z', '2026-12-01T18:30:00Z', 'America/Phoenix', 'Demo')
       returning id`,
      [orgA.orgId, leadA, campaignA, callA],
    );
    if (!appt) throw new Error("appointment insert returned nothing");
    appointmentA = appt.id;
    confirmationA = await insertEmail(db, {
      orgId: orgA.orgId,
      leadId: leadA,
      callId: callA,
      campaignId: campaignA,
      appointmentId: appointmentA,
      kind: "confirmation",
      status: "outboxed",
      subject: "Your demo on Tuesday",
      createdAt: "2026-12-01T10:00:00Z",
    });
    skippedA = await insertEmail(db, {
      orgId: orgA.orgId,
      leadId: leadGrace,
      campaignId: campaignA,
      kind: "missed_call",
      status: "skipped",
      to: null,
      reason: "no email address",
      subject: "Sorry we missed you",
      createdAt: "2026-12-01T11:00:00Z",
    });
    // 25 more, one a minute, so the list spans two pages of 25 (27 in all).
    for (let i = 0; i < 25; i++) {
      await insertEmail(db, {
        orgId: orgA.orgId,
        leadId: leadGrace,
        kind: "not_interested",
        status: i % 2 ? "delivered" : "sent",
        transport: "resend",
        to: `grace+${i}@example.test`,
        subject: `Thanks for your time ${i}`,
        createdAt: new Date(Date.parse("2026-12-02T09:00:00Z") + i * 60_000).toISOString(),
      });
    }
    const leadB = await insertLead(db, orgB.orgId, await insertCampaign(db, orgB.orgId));
    orgBEmail = await insertEmail(db, {
      orgId: orgB.orgId,
      leadId: leadB,
      kind: "confirmation",
      status: "outboxed",
      to: "ada@example.test",
      subject: "Your demo on Tuesday",
      createdAt: "2026-12-01T12:00:00Z",
    });
  });
  afterAll(async () => {
    await db.destroy();
  });

  it("lists the organization's emails newest first, a page at a time", async () => {
    const first = await list(orgA.members.member, orgA.orgId);
    expect(first.total).toBe(27);
    expect(first.page).toBe(1);
    expect(first.rows).toHaveLength(25);
    expect(first.rows[0]?.subject).toBe("Thanks for your time 24");
    const times = first.rows.map((r) => r.createdAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const second = await list(orgA.members.member, orgA.orgId, { page: "2" });
    expect(second.page).toBe(2);
    expect(second.rows.map((r) => r.id)).toEqual([skippedA, confirmationA]);
    expect(second.rows[1]).toMatchObject({
      kind: "confirmation",
      status: "outboxed",
      transport: "outbox",
      toAddress: "ada@example.test",
      leadId: leadA,
      callId: callA,
      firstName: "Ada",
    });
    expect(second.rows[0]).toMatchObject({ status: "skipped", reason: "no email address", toAddress: null });
    // A page past the end shows the last page rather than nothing.
    const beyond = await list(orgA.members.member, orgA.orgId, { page: "9" });
    expect(beyond.page).toBe(2);
    expect(beyond.rows).toHaveLength(2);
  });

  it("filters by status and kind, together or alone", async () => {
    const skipped = await list(orgA.members.member, orgA.orgId, { status: "skipped" });
    expect(skipped.rows.map((r) => r.id)).toEqual([skippedA]);
    const confirmations = await list(orgA.members.member, orgA.orgId, { kind: "confirmation" });
    expect(confirmations.rows.map((r) => r.id)).toEqual([confirmationA]);
    const delivered = await list(orgA.members.member, orgA.orgId, {
      status: "delivered",
      kind: "not_interested",
    });
    expect(delivered.total).toBe(12);
    expect(delivered.rows.every((r) => r.status === "delivered")).toBe(true);
    expect(
      await list(orgA.members.member, orgA.orgId, { status: "delivered", kind: "confirmation" }),
    ).toMatchObject({
      total: 0,
      rows: [],
    });
  });

  it("ignores filter values it does not know instead of failing", async () => {
    const query: EmailListQuery = emailListQuerySchema.parse({
      status: "lost",
      kind: "spam",
      page: "-3",
      q: "  ",
    });
    expect(query).toMatchObject({ status: undefined, kind: undefined, page: 1, q: undefined });
    expect((await list(orgA.members.member, orgA.orgId, { status: "lost" })).total).toBe(27);
  });

  it("searches the address and the subject, case-insensitively, with % and _ taken literally", async () => {
    const byAddress = await list(orgA.members.member, orgA.orgId, { q: "GRACE+1" });
    // grace+1, grace+10 … grace+19
    expect(byAddress.total).toBe(11);
    const bySubject = await list(orgA.members.member, orgA.orgId, { q: "demo on tuesday" });
    expect(bySubject.rows.map((r) => r.id)).toEqual([confirmationA]);
    expect((await list(orgA.members.member, orgA.orgId, { q: "%" })).total).toBe(0);
    expect((await list(orgA.members.member, orgA.orgId, { q: "grace_1" })).total).toBe(0);
    const combined = await list(orgA.members.member, orgA.orgId, { q: "sorry", status: "skipped" });
    expect(combined.rows.map((r) => r.id)).toEqual([skippedA]);
  });

  it("shows another organization nothing, even when the actor claims this organization", async () => {
    const own = await list(orgB.members.member, orgB.orgId);
    expect(own.rows.map((r) => r.id)).toEqual([orgBEmail]);
    // A forged actor does not get past RLS: the database itself hides the other org's rows.
    const forged = await list(orgB.members.member, orgA.orgId);
    expect(forged.total).toBe(0);
    expect(forged.rows).toEqual([]);
    expect(await read(orgB.members.member, orgA.orgId, confirmationA)).toBeNull();
    expect(await read(orgB.members.member, orgB.orgId, confirmationA)).toBeNull();
  });

  it("gives a member one email with its message, lead, campaign and appointment", async () => {
    const detail = await read(orgA.members.member, orgA.orgId, confirmationA);
    expect(detail?.email).toMatchObject({
      id: confirmationA,
      kind: "confirmation",
      status: "outboxed",
      fromAddress: "Acme <hello@acme.test>",
      toAddress: "ada@example.test",
      subject: "Your demo on Tuesday",
      html: "<p>Your demo on Tuesday</p>",
      text: "Your demo on Tuesday",
      callId: callA,
    });
    expect(detail?.lead).toMatchObject({ id: leadA, firstName: "Ada", timezone: "America/Phoenix" });
    expect(detail?.campaign).toEqual({ id: campaignA, name: "Dialer test" });
    expect(detail?.appointment?.id).toBe(appointmentA);
    expect(detail?.appointment?.startAt.toISOString()).toBe("2026-12-01T18:00:00.000Z");
  });

  it("an email without a call or appointment comes without them", async () => {
    const detail = await read(orgA.members.owner, orgA.orgId, skippedA);
    expect(detail?.email).toMatchObject({
      id: skippedA,
      status: "skipped",
      reason: "no email address",
      callId: null,
    });
    expect(detail?.lead?.id).toBe(leadGrace);
    expect(detail?.appointment).toBeNull();
  });

  it("gives nothing for a malformed id or an id that names no email", async () => {
    expect(await read(orgA.members.member, orgA.orgId, "not-a-uuid")).toBeNull();
    expect(await read(orgA.members.member, orgA.orgId, "00000000-0000-4000-8000-000000000000")).toBeNull();
    expect(await read(orgA.members.member, orgA.orgId, leadA)).toBeNull();
  });
});
