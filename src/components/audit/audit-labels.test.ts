import { describe, expect, it } from "vitest";
import { auditActionLabel, describeFilter } from "./audit-labels";

describe("audit labels", () => {
  it("names known actions and falls back to the raw name", () => {
    expect(auditActionLabel("leads.trash")).toBe("Deleted leads (to the trash)");
    expect(auditActionLabel("widgets.frobnicate_all")).toBe("widgets: frobnicate all");
  });

  it("describes a filter in words, an empty one as every lead, none as null", () => {
    const campaign = "0b9e2c1e-4f1a-4c6e-9d55-3c1f7a2b8e10";
    expect(
      describeFilter(
        { q: "acme", campaignId: campaign, statuses: ["no_answer", "busy"], attemptsMin: 2, consent: "yes" },
        { [campaign]: "Spring" },
      ),
    ).toBe("search “acme”, campaign Spring, status No answer or Busy, at least 2 attempts, consent yes");
    expect(describeFilter({}, {})).toBe("every lead");
    expect(describeFilter(null, {})).toBeNull();
    expect(describeFilter({ campaignId: campaign }, {})).toBe("campaign (deleted campaign)");
  });
});
