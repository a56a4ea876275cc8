import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withUser } from "@/lib/db/with-user";
import { getCall } from "@/lib/services/calls/get-call";
import type { Actor } from "@/lib/services/organizations/roles";
import { insertCampaign, insertClaimedCall } from "../helpers/dialer-fixtures";
import { createOrgWithMembers, type TestOrg, type TestUser } from "../helpers/fixtures";
import { createTestDb, type TestDb, testDbKinds } from "../helpers/test-db";

type Org = TestOrg<"owner" | "member">;

function actorOf(user: TestUser, orgId: string): Actor {
  return { userId: user.id, email: user.email, orgId, role: "member" };
}

describe.each(testDbKinds())("get call on %s", (kind) => {
  let db: TestDb;
  let orgA: Org;
  let orgB: Org;
  let campaignA: string;
  let callA: string;
  let leadA: string;
  let appointmentA: string;

  const read = (user: TestUser, orgId: string, callId: string) =>
    withUser(user.claims, (tx) => getCall({ tx, actor: actorOf(user, orgId), callId }), db.db);

  beforeAll(async () => {
    db = await createTestDb(kind);
    orgA = await createOrgWithMembers(db, { members: { owner: "owner", member: "member" } });
    orgB = await createOrgWithMembers(db, { members: { owner: "owner", member: "member" } });
    campaignA = await insertCampaign(db, orgA.orgId, { agentId: "agent_demo" });
    const claimed = await insertClaimedCall(db, {
      orgId: orgA.orgId,
      campaignId: campaignA,
      timezone: "America/Phoenix",
      now: new Date("2026-11-30T17:00:00Z"),
    });
    callA = claimed.callId;
    leadA = claimed.leadId;
    await db.query(
      `update public.calls set status = 'ended', result = 'answered', outcome = 'booked', provider_reason = 'agent_hangup',
         started_at = '2026-11-30T17:00:05Z', ended_at = '2026-11-30T17:03:12Z', duration_seconds = 187, cost_cents = 42,
         summary = 'Booked a demo for Tuesday.', transcript = 'Agent: Hi', recording_url = 'https://example.test/r.wav',
         transcript_turns = $2::jsonb, analysis = $3::jsonb
       where id = $1`,
      [
        callA,
        JSON.stringify([
          { role: "agent", text: "Hi, this is Ava." },
          { role: "user", text: "Hello." },
        ]),
        JSON.stringify({ call_successful: true, custom_analysis_data: { outcome: "booked" } }),
      ],
    );
    const [appt] = await db.query<{ id: string }>(
      `insert into public.appointments (org_id, lead_id, campaign_id, call_id, source, start_at, end_at, timezone, title)
       values ($1, $2, $3, $4, 'builtin', '2026-12-01T18:00:00Z', '2026-12-01T18:30:00Z', 'America/Phoenix', 'Demo')
       returning id`,
      [orgA.orgId, leadA, campaignA, callA],
    );
    if (!appt) throw new Error("appointment insert returned nothing");
    appointmentA = appt.id;
  });
  afterAll(async () => {
    await db.destroy();
  });

  it("gives a member the call with its lead, campaign and the appointment booked on it", async () => {
    const detail = await read(orgA.members.member, orgA.orgId, callA);
    expect(detail).not.toBeNull();
    expect(detail?.call).toMatchObject({
      id: callA,
      result: "answered",
      outcome: "booked",
      providerReason: "agent_hangup",
      durationSeconds: 187,
      costCents: 42,
      summary: "Booked a demo for Tuesday.",
      recordingUrl: "https://example.test/r.wav",
      transcriptTurns: [
        { role: "agent", text: "Hi, this is Ava." },
        { role: "user", text: "Hello." },
      ],
      analysis: { call_successful: true, custom_analysis_data: { outcome: "booked" } },
    });
    expect(detail?.call.endedAt?.toISOString()).toBe("2026-11-30T17:03:12.000Z");
    expect(detail?.lead).toMatchObject({ id: leadA, firstName: "Ada", timezone: "America/Phoenix" });
    expect(detail?.campaign).toEqual({ id: campaignA, name: "Dialer test" });
    expect(detail?.appointments).toHaveLength(1);
    expect(detail?.appointments[0]).toMatchObject({
      id: appointmentA,
      source: "builtin",
      status: "booked",
      timezone: "America/Phoenix",
      calcomBookingUid: null,
    });
    expect(detail?.appointments[0]?.startAt.toISOString()).toBe("2026-12-01T18:00:00.000Z");
  });

  it("a call without appointments comes with an empty list", async () => {
    const other = await insertClaimedCall(db, {
      orgId: orgA.orgId,
      campaignId: campaignA,
      now: new Date("2026-11-30T17:00:00Z"),
    });
    const detail = await read(orgA.members.owner, orgA.orgId, other.callId);
    expect(detail?.call.id).toBe(other.callId);
    expect(detail?.call.status).toBe("dialing");
    expect(detail?.appointments).toEqual([]);
  });

  it("gives a member of another organization nothing, even when the actor claims the call's organization", async () => {
    expect(await read(orgB.members.member, orgB.orgId, callA)).toBeNull();
    // A forged actor does not get past RLS: the database itself hides the other org's rows.
    expect(await read(orgB.members.member, orgA.orgId, callA)).toBeNull();
  });

  it("gives nothing for a malformed id or an id that names no call", async () => {
    expect(await read(orgA.members.member, orgA.orgId, "not-a-uuid")).toBeNull();
    expect(await read(orgA.members.member, orgA.orgId, "00000000-0000-4000-8000-000000000000")).toBeNull();
    // A lead's id is no call's id.
    expect(await read(orgA.members.member, orgA.orgId, leadA)).toBeNull();
  });
});
