import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ACTIVITY_KIND_KEYS,
  type ActivityQuery,
  activityKindOf,
  activityQuerySchema,
} from "@/lib/activity/kinds";
import { completeFinishedCampaigns, pauseActiveCampaign } from "@/lib/db/queries/campaigns";
import { withService, withUser } from "@/lib/db/with-user";
import { DEFAULT_TEMPLATES } from "@/lib/email/templates/defaults";
import { latestActivity, listActivity } from "@/lib/services/activity/list-activity";
import { createApiKey } from "@/lib/services/api-keys/create-api-key";
import { revokeApiKey } from "@/lib/services/api-keys/revoke-api-key";
import { changeCampaignStatus } from "@/lib/services/campaigns/change-campaign-status";
import { createCampaign } from "@/lib/services/campaigns/create-campaign";
import { addDoNotCall } from "@/lib/services/do-not-call/add-do-not-call";
import { auditOptOut } from "@/lib/services/do-not-call/audit-opt-out";
import { resetEmailTemplate } from "@/lib/services/email/reset-email-template";
import { saveEmailTemplate } from "@/lib/services/email/save-email-template";
import type { Actor } from "@/lib/services/organizations/roles";
import { insertLead } from "../helpers/dialer-fixtures";
import { createOrgWithMembers, type TestOrg } from "../helpers/fixtures";
import { createTestDb, type TestDb, testDbKinds } from "../helpers/test-db";

type Role = "owner" | "admin" | "member";

const NOW = new Date("2026-12-02T17:00:00Z");

/*
 * The activity feed reads the audit log. These cases check that each event the feed promises is
 * written by the code that does it (in its transaction), and who may read which: owners and admins
 * everything, a member their own entries and campaign events (RLS, not the service). The cases run
 * in order on one organization.
 */
describe.each(testDbKinds())("activity feed on %s", (kind) => {
  let db: TestDb;
  let org: TestOrg<Role>;
  let campaignId: string;
  /** Every entry of the organization, as the admin's unfiltered feed counted it. */
  let everything = 0;

  const actor = (role: Role): Actor => {
    const user = org.members[role];
    return { userId: user.id, email: user.email, orgId: org.orgId, role };
  };
  const as = <T>(role: Role, fn: Parameters<typeof withUser<T>>[1]) =>
    withUser(org.members[role].claims, fn, db.db);
  const feed = (role: Role, q: Partial<Record<keyof ActivityQuery, string>> = {}) =>
    as(role, (tx) => listActivity({ tx, actor: actor(role), query: activityQuerySchema.parse(q) }));
  const actionsOf = (list: { rows: { action: string }[] }) => list.rows.map((r) => r.action);

  beforeAll(async () => {
    db = await createTestDb(kind);
    org = await createOrgWithMembers(db, { members: { owner: "owner", admin: "admin", member: "member" } });
    // Whatever setting up the organization logged (memberships by trigger) is not this test's.
    await db.query("delete from public.audit_log where org_id = $1", [org.orgId]);
  });
  afterAll(() => db?.destroy());

  it("logs campaigns created, started, paused, resumed and stopped, each with who and from where", async () => {
    const campaign = await as("member", (tx) =>
      createCampaign({
        tx,
        actor: actor("member"),
        input: { name: "Spring outreach", defaultTimezone: "America/New_York", requireConsent: false },
      }),
    );
    campaignId = campaign.id;
    await insertLead(db, org.orgId, campaignId, {});
    for (const action of ["start", "pause", "resume"] as const) {
      await as("member", (tx) =>
        changeCampaignStatus({ tx, actor: actor("member"), campaignId, action, now: NOW }),
      );
    }
    // A second campaign started and stopped at once.
    const winter = await as("member", (tx) =>
      createCampaign({
        tx,
        actor: actor("member"),
        input: { name: "Winter", defaultTimezone: "America/New_York", requireConsent: false },
      }),
    );
    await insertLead(db, org.orgId, winter.id, {});
    for (const action of ["start", "stop"] as const) {
      await as("member", (tx) =>
        changeCampaignStatus({ tx, actor: actor("member"), campaignId: winter.id, action, now: NOW }),
      );
    }
    const rows = await db.query<{
      action: string;
      actor_id: string;
      target_type: string;
      target_id: string;
      data: object;
    }>(
      "select action, actor_id, target_type, target_id, data from public.audit_log where org_id = $1 order by id",
      [org.orgId],
    );
    expect(rows.map((r) => [r.action, r.target_id])).toEqual([
      ["campaigns.create", campaignId],
      ["campaigns.start", campaignId],
      ["campaigns.pause", campaignId],
      ["campaigns.resume", campaignId],
      ["campaigns.create", winter.id],
      ["campaigns.start", winter.id],
      ["campaigns.stop", winter.id],
    ]);
    for (const row of rows)
      expect(row).toMatchObject({ actor_id: org.members.member.id, target_type: "campaigns" });
    expect(rows[6]?.data).toEqual({ name: "Winter", from: "active", to: "completed", cancelledCalls: 0 });
    expect(rows[1]?.data).toEqual({ name: "Spring outreach", from: "draft", to: "active" });
  });

  it("logs the dialer's auto-pause with its reason and its completing a finished campaign (no actor), then an archive", async () => {
    const paused = await withService(
      (tx) =>
        pauseActiveCampaign(tx, {
          campaignId,
          now: NOW,
          reason: "Paused automatically: 8 of the last 10 calls failed.",
        }),
      db.db,
    );
    expect(paused).toBe(true);
    // Not active any more: nothing happens, nothing is logged.
    expect(
      await withService((tx) => pauseActiveCampaign(tx, { campaignId, now: NOW, reason: "again" }), db.db),
    ).toBe(false);
    const [auto] = await db.query<{ actor_id: string | null; data: Record<string, unknown> }>(
      "select actor_id, data from public.audit_log where org_id = $1 and action = 'campaigns.auto_pause'",
      [org.orgId],
    );
    expect(auto).toEqual({
      actor_id: null,
      data: { name: "Spring outreach", reason: "Paused automatically: 8 of the last 10 calls failed." },
    });

    // Resumed by a person, then the dialer finds no lead left to call.
    await as("member", (tx) =>
      changeCampaignStatus({ tx, actor: actor("member"), campaignId, action: "resume", now: NOW }),
    );
    await db.query("update public.leads set status = 'booked' where campaign_id = $1", [campaignId]);
    expect(await withService((tx) => completeFinishedCampaigns(tx, { now: NOW, campaignId }), db.db)).toBe(1);
    const [done] = await db.query<{ actor_id: string | null; target_id: string }>(
      "select actor_id, target_id from public.audit_log where org_id = $1 and action = 'campaigns.complete'",
      [org.orgId],
    );
    expect(done).toEqual({ actor_id: null, target_id: campaignId });
    await as("member", (tx) =>
      changeCampaignStatus({ tx, actor: actor("member"), campaignId, action: "archive", now: NOW }),
    );
  });

  it("logs do-not-call additions (by hand and asked for on a call) without the number", async () => {
    await as("member", (tx) =>
      addDoNotCall({ tx, actor: actor("member"), input: { phone: "+1 212 555 0142", reason: "" } }),
    );
    // Listed already: nothing new to log.
    await as("member", (tx) =>
      addDoNotCall({ tx, actor: actor("member"), input: { phone: "+12125550142", reason: "" } }),
    );
    await withService((tx) => auditOptOut(tx, org.orgId, "00000000-0000-4000-8000-000000000001", 1), db.db);
    const rows = await db.query<{
      actor_id: string | null;
      data: Record<string, unknown>;
      target_type: string;
    }>(
      "select actor_id, data, target_type from public.audit_log where org_id = $1 and action = 'do_not_call.add' order by id",
      [org.orgId],
    );
    expect(rows).toEqual([
      {
        actor_id: org.members.member.id,
        data: { source: "manual", leadsMarked: 0 },
        target_type: "do_not_call",
      },
      { actor_id: null, data: { source: "call", leadsMarked: 1 }, target_type: "calls" },
    ]);
    expect(JSON.stringify(rows)).not.toContain("555");
  });

  it("logs API keys created and revoked, and email templates saved and reset", async () => {
    const { apiKey } = await as("admin", (tx) =>
      createApiKey({ tx, actor: actor("admin"), input: { name: "CRM" } }),
    );
    await as("admin", (tx) => revokeApiKey({ tx, actor: actor("admin"), apiKeyId: apiKey.id }));
    const source = DEFAULT_TEMPLATES.missed_call;
    await as("admin", (tx) =>
      saveEmailTemplate({
        tx,
        actor: actor("admin"),
        input: { kind: "missed_call", subject: source.subject, body: source.body, enabled: false },
      }),
    );
    await as("admin", (tx) => resetEmailTemplate({ tx, actor: actor("admin"), kind: "missed_call" }));
    const rows = await db.query<{ action: string; target_id: string }>(
      "select action, target_id from public.audit_log where org_id = $1 and actor_id = $2 order by id",
      [org.orgId, org.members.admin.id],
    );
    expect(rows).toEqual([
      { action: "api_keys.create", target_id: apiKey.id },
      { action: "api_keys.revoke", target_id: apiKey.id },
      { action: "email_templates.save", target_id: "missed_call" },
      { action: "email_templates.reset", target_id: "missed_call" },
    ]);
    const [key] = await db.query<{ data: string }>(
      "select data::text as data from public.audit_log where org_id = $1 and action = 'api_keys.create'",
      [org.orgId],
    );
    expect(key?.data).not.toMatch(/dk_live_[A-Za-z0-9]{20,}/);
  });

  it("gives every logged action a kind, so the kind filter reaches it", async () => {
    const actions = await db.query<{ action: string }>(
      "select distinct action from public.audit_log where org_id = $1 order by action",
      [org.orgId],
    );
    expect(actions.filter((a) => activityKindOf(a.action) === null)).toEqual([]);
  });

  it("shows admins everything, newest first; a member their own entries and campaign events", async () => {
    const admin = await feed("admin");
    const [all] = await db.query<{ n: number }>(
      "select count(*)::int as n from public.audit_log where org_id = $1",
      [org.orgId],
    );
    everything = Number(all?.n);
    expect(admin.total).toBe(everything);
    expect(admin.rows[0]?.action).toBe("email_templates.reset");
    expect(admin.rows[0]).toMatchObject({ actorId: org.members.admin.id, actorName: expect.any(String) });

    const member = await feed("member");
    const seen = actionsOf(member);
    expect(seen).not.toContain("api_keys.create");
    expect(seen).not.toContain("email_templates.save");
    // The opt-out on a call has no actor and is no campaign event: admins only.
    expect(member.rows.filter((r) => r.action === "do_not_call.add").map((r) => r.actorId)).toEqual([
      org.members.member.id,
    ]);
    // Campaign events, their own or the dialer's.
    expect(seen).toContain("campaigns.auto_pause");
    expect(seen).toContain("campaigns.complete");
    expect(member.total).toBe(member.rows.length);
  });

  it("filters by kind and by person, and the latest few are the newest", async () => {
    const campaigns = await feed("admin", { kind: "campaigns" });
    expect(new Set(actionsOf(campaigns).map((a) => a.split(".")[0]))).toEqual(new Set(["campaigns"]));
    // Spring: created, started, paused, resumed, auto-paused, resumed, completed, archived; Winter:
    // created, started, stopped.
    expect(campaigns.total).toBe(11);
    const keys = await feed("admin", { kind: "credentials" });
    expect(actionsOf(keys)).toEqual(["api_keys.revoke", "api_keys.create"]);
    const byAdmin = await feed("admin", { person: org.members.admin.id });
    expect(byAdmin.rows.every((r) => r.actorId === org.members.admin.id)).toBe(true);
    expect(byAdmin.total).toBe(4);
    // A member filtering by the admin sees none of the admin's settings changes.
    expect((await feed("member", { person: org.members.admin.id })).total).toBe(0);
    // Unreadable filters fall back to everything.
    expect((await feed("admin", { kind: "nonsense", person: "x" })).total).toBe(everything);

    const latest = await as("owner", (tx) => latestActivity({ tx, actor: actor("owner"), limit: 3 }));
    expect(latest.map((r) => r.action)).toEqual([
      "email_templates.reset",
      "email_templates.save",
      "api_keys.revoke",
    ]);
  });

  it("names a kind for every key the page offers", () => {
    expect(ACTIVITY_KIND_KEYS).toContain("campaigns");
    expect(activityKindOf("agents.publish")).toBe("agents");
    expect(activityKindOf("leads.do_not_call")).toBe("do_not_call");
    expect(activityKindOf("leads.trash")).toBe("leads");
  });
});
