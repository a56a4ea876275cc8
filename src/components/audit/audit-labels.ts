import { LEAD_STATUS_LABELS, zoneLabel } from "@/components/leads/lead-labels";
import { type LeadFilter, leadFilterSchema } from "@/lib/schemas/lead";

/** What each audited action did, as a sentence fragment for the audit page. */
const ACTION_LABELS: Record<string, string> = {
  "leads.trash": "Deleted leads (to the trash)",
  "leads.restore": "Restored leads from the trash",
  "leads.erase": "Erased leads from the trash",
  "leads.erase_person": "Erased a person's data",
  "leads.purge": "Erased leads after 30 days in the trash",
  "leads.move": "Moved leads to another campaign",
  "leads.reset": "Reset leads to pending",
  "leads.do_not_call": "Put leads' numbers on the do-not-call list",
  "leads.import": "Imported leads",
  "leads.api_upsert": "Created or updated leads through the API",
  "appointments.attendance": "Recorded whether a meeting took place",
  "do_not_call.import": "Imported do-not-call numbers",
  "do_not_call.remove": "Removed a number from the do-not-call list",
  "do_not_call.add": "Put a number on the do-not-call list",
  "campaigns.create": "Created a campaign",
  "campaigns.start": "Started a campaign",
  "campaigns.pause": "Paused a campaign",
  "campaigns.resume": "Resumed a campaign",
  "campaigns.stop": "Stopped a campaign",
  "campaigns.archive": "Archived a campaign",
  "campaigns.update": "Changed a campaign's settings",
  "campaigns.auto_pause": "A campaign was paused automatically",
  "campaigns.complete": "A campaign finished",
  "calls.review": "Reviewed a call",
  "leads.call_now": "Asked for a call to a lead now",
  "review_tags.create": "Added a review tag",
  "review_tags.rename": "Renamed a review tag",
  "review_tags.delete": "Deleted a review tag",
  "api_keys.create": "Created an API key",
  "api_keys.revoke": "Revoked an API key",
  "email_templates.save": "Changed an email template",
  "email_templates.reset": "Reset an email template to the default",
  "agents.create": "Created an agent",
  "agents.update": "Changed an agent",
  "agents.publish": "Published an agent",
  "agents.archive": "Archived an agent",
  "provider_credentials.save": "Saved a provider key",
  "provider_credentials.remove": "Removed a provider key",
  "organizations.insert": "Created the organization",
  "organizations.update": "Changed the organization's settings",
  "memberships.insert": "Added a member",
  "memberships.update": "Changed a member's role",
  "memberships.delete": "Removed a member",
  "invitations.insert": "Invited someone",
  "invitations.update": "Changed an invitation",
  "invitations.delete": "Deleted an invitation",
};

export function auditActionLabel(action: string): string {
  return ACTION_LABELS[action] ?? action.replaceAll("_", " ").replace(".", ": ");
}

/**
 * A bulk action's lead filter in words ("status No answer, search “acme”"), or null when the
 * row names no filter (the action named its leads one by one). `{}` is every lead.
 */
export function describeFilter(
  filter: Record<string, unknown> | null,
  campaignNames: Record<string, string>,
): string | null {
  if (!filter) return null;
  const parsed = leadFilterSchema.safeParse(filter);
  if (!parsed.success) return JSON.stringify(filter);
  const f: LeadFilter = parsed.data;
  const parts: string[] = [];
  if (f.q) parts.push(`search “${f.q}”`);
  if (f.campaignId) parts.push(`campaign ${campaignNames[f.campaignId] ?? "(deleted campaign)"}`);
  if (f.statuses?.length) parts.push(`status ${f.statuses.map((s) => LEAD_STATUS_LABELS[s]).join(" or ")}`);
  if (f.timezone) parts.push(`time zone ${zoneLabel(f.timezone)}`);
  if (f.attemptsMin !== undefined && f.attemptsMax !== undefined) {
    parts.push(`${f.attemptsMin}–${f.attemptsMax} attempts`);
  } else if (f.attemptsMin !== undefined) {
    parts.push(`at least ${f.attemptsMin} attempts`);
  } else if (f.attemptsMax !== undefined) {
    parts.push(`at most ${f.attemptsMax} attempts`);
  }
  if (f.consent) parts.push(`consent ${f.consent}`);
  return parts.length > 0 ? parts.join(", ") : "every lead";
}
