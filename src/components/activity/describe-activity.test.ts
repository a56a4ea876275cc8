import { describe, expect, it } from "vitest";
import { ACTIVITY_KIND_KEYS, ACTIVITY_KINDS, activityKindOf } from "@/lib/activity/kinds";
import type { AuditRow } from "@/lib/db/queries/audit-log";
import { actorlessLabel, describeActivity } from "./describe-activity";

const CAMPAIGN = "0b9e2c1e-4f1a-4c6e-9d55-3c1f7a2b8e10";
const CALL = "5d7f3b2a-1c4e-4a8b-9f6d-2e1c3b4a5d6f";

function row(action: string, over: Partial<AuditRow> = {}): AuditRow {
  return {
    id: 1,
    action,
    targetType: action.split(".")[0] ?? null,
    targetId: null,
    count: null,
    filter: null,
    data: {},
    createdAt: new Date("2026-12-02T17:00:00Z"),
    actorId: null,
    actorName: null,
    actorEmail: null,
    ...over,
  };
}

describe("activity lines", () => {
  it("says what happened to a campaign, linked to it, with the auto-pause reason", () => {
    expect(
      describeActivity(row("campaigns.start", { targetId: CAMPAIGN, data: { name: "Spring" } }), {}),
    ).toEqual({
      text: "started campaign “Spring”",
      detail: null,
      href: `/campaigns/${CAMPAIGN}`,
    });
    const paused = describeActivity(
      row("campaigns.auto_pause", {
        targetId: CAMPAIGN,
        data: { name: "Spring", reason: "Spend cap reached" },
      }),
      {},
    );
    expect(paused).toMatchObject({
      text: "paused campaign “Spring” automatically",
      detail: "Spend cap reached",
    });
    // A row without the name (older entries) takes today's name.
    expect(
      describeActivity(row("campaigns.stop", { targetId: CAMPAIGN }), { [CAMPAIGN]: "Renamed" }).text,
    ).toBe("stopped campaign “Renamed”");
  });

  it("describes reviews, imports and opt-outs with their figures and objects", () => {
    expect(
      describeActivity(row("calls.review", { targetId: CALL, data: { score: 2, flagged: true } }), {}),
    ).toEqual({
      text: "reviewed a call",
      detail: "Score 2 of 5, flagged for coaching",
      href: `/calls/${CALL}`,
    });
    expect(
      describeActivity(
        row("leads.import", {
          count: 120,
          data: { campaignId: CAMPAIGN, imported: 100, updated: 20, rejected: 3 },
        }),
        { [CAMPAIGN]: "Spring" },
      ),
    ).toEqual({
      text: "imported 120 leads into “Spring”",
      detail: "100 new, 20 updated, 3 rejected",
      href: `/campaigns/${CAMPAIGN}`,
    });
    const optOut = row("do_not_call.add", {
      targetType: "calls",
      targetId: CALL,
      data: { source: "call", leadsMarked: 1 },
    });
    expect(describeActivity(optOut, {})).toMatchObject({
      text: "asked not to be called again",
      href: `/calls/${CALL}`,
    });
    expect(actorlessLabel(optOut)).toBe("The lead, on a call");
  });

  it("falls back to the audit label, with the lead count and a link to where it happened", () => {
    expect(describeActivity(row("leads.trash", { count: 3 }), {})).toEqual({
      text: "deleted leads (to the trash) (3 leads)",
      detail: null,
      href: "/leads/trash",
    });
    expect(describeActivity(row("memberships.update"), {}).href).toBe("/settings");
    expect(actorlessLabel(row("campaigns.complete"))).toBe("The dialer");
    expect(actorlessLabel(row("leads.api_upsert", { data: { apiKeyId: "k" } }))).toBe("API key");
    expect(actorlessLabel(row("memberships.update", { actorId: "gone" }))).toBe("Former member");
  });

  it("puts every action the app writes into exactly one kind", () => {
    const written = [
      "campaigns.create",
      "campaigns.auto_pause",
      "leads.import",
      "leads.api_upsert",
      "do_not_call.import",
      "leads.trash",
      "leads.restore",
      "leads.erase",
      "leads.erase_person",
      "leads.purge",
      "leads.move",
      "leads.reset",
      "leads.do_not_call",
      "do_not_call.add",
      "do_not_call.remove",
      "calls.review",
      "organizations.update",
      "email_templates.save",
      "review_tags.delete",
      "provider_credentials.save",
      "api_keys.revoke",
      "memberships.insert",
      "invitations.delete",
      "agents.publish",
    ];
    for (const action of written) {
      const kinds = ACTIVITY_KIND_KEYS.filter((k) =>
        ACTIVITY_KINDS[k].actions.some((p) =>
          p.endsWith("%") ? action.startsWith(p.slice(0, -1)) : p === action,
        ),
      );
      expect(kinds, action).toHaveLength(1);
      expect(activityKindOf(action)).toBe(kinds[0]);
    }
    expect(activityKindOf("widgets.frobnicate")).toBeNull();
  });
});
