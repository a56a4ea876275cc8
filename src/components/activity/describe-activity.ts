import { auditActionLabel } from "@/components/audit/audit-labels";
import type { AuditRow } from "@/lib/db/queries/audit-log";

/**
 * An audit row in words for the activity feed: `text` follows the actor's name ("Ada" + "started
 * campaign “Spring”"), `detail` adds the reason or the figures, `href` is where to look.
 */
export type ActivityLine = { text: string; detail: string | null; href: string | null };

const CAMPAIGN_VERBS: Record<string, string> = {
  create: "Created campaign",
  start: "Started campaign",
  pause: "Paused campaign",
  resume: "Resumed campaign",
  stop: "Stopped campaign",
  archive: "Archived campaign",
  update: "Changed the settings of campaign",
};

function str(value: unknown): string | null {
  return typeof value === "string" && value.length > 0 ? value : null;
}

function num(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}

/**
 * One line per audit action. `campaignNames` names campaigns by id for rows that only carry the id
 * (imports); a campaign row carries its name as it was then.
 */
export function describeActivity(row: AuditRow, campaignNames: Record<string, string>): ActivityLine {
  const [table, verb = ""] = row.action.split(".");
  const data = row.data ?? {};
  if (table === "campaigns") {
    const name = str(data.name) ?? (row.targetId ? campaignNames[row.targetId] : undefined) ?? "a campaign";
    const href = row.targetId ? `/campaigns/${row.targetId}` : null;
    if (verb === "auto_pause") {
      return { text: `paused campaign “${name}” automatically`, detail: str(data.reason), href };
    }
    if (verb === "complete") {
      return { text: `completed campaign “${name}”`, detail: "No lead left to call.", href };
    }
    const stopped = verb === "stop" ? num(data.cancelledCalls) : null;
    return {
      text: `${lowerFirst(CAMPAIGN_VERBS[verb] ?? auditActionLabel(row.action))} “${name}”`,
      detail: stopped ? `${plural(stopped, "queued call")} cancelled.` : null,
      href,
    };
  }
  if (row.action === "calls.review") {
    const score = num(data.score);
    const flagged = data.flagged === true;
    return {
      text: "reviewed a call",
      detail: [score ? `Score ${score} of 5` : null, flagged ? "flagged for coaching" : null]
        .filter(Boolean)
        .join(", "),
      href: row.targetId ? `/calls/${row.targetId}` : null,
    };
  }
  if (row.action === "leads.import") {
    const campaignId = str(data.campaignId);
    const into = campaignId ? (campaignNames[campaignId] ?? "a deleted campaign") : null;
    return {
      text: `imported ${plural(row.count ?? 0, "lead")}${into ? ` into “${into}”` : ""}`,
      detail: importDetail(data),
      href: campaignId ? `/campaigns/${campaignId}` : "/leads",
    };
  }
  if (row.action === "leads.call_now") {
    const at = str(data.scheduledAt);
    return {
      text: data.moved === true ? "scheduled a call to a lead" : "called a lead now",
      detail:
        data.moved === true && at
          ? `At the next time the lead's calling window allows (${at.slice(0, 16).replace("T", " ")} UTC).`
          : null,
      href: row.targetId ? `/leads/${row.targetId}` : "/leads",
    };
  }
  if (row.action === "do_not_call.add") {
    const duringCall = data.source === "call";
    return {
      text: duringCall ? "asked not to be called again" : "put a number on the do-not-call list",
      detail: num(data.leadsMarked)
        ? `${plural(num(data.leadsMarked) ?? 0, "lead")} marked do-not-call.`
        : null,
      href: duringCall && row.targetId ? `/calls/${row.targetId}` : "/leads/do-not-call",
    };
  }
  const count = row.count !== null && table === "leads" ? ` (${plural(row.count, "lead")})` : "";
  return {
    text: `${lowerFirst(auditActionLabel(row.action))}${count}`,
    detail: tagDetail(row),
    href: hrefOf(row),
  };
}

function importDetail(data: Record<string, unknown>): string | null {
  const parts = [
    num(data.imported) ? `${num(data.imported)} new` : null,
    num(data.updated) ? `${num(data.updated)} updated` : null,
    num(data.skipped) ? `${num(data.skipped)} skipped` : null,
    num(data.rejected) ? `${num(data.rejected)} rejected` : null,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(", ") : null;
}

function tagDetail(row: AuditRow): string | null {
  if (row.targetType === "review_tags" || row.targetType === "api_keys") return str(row.data?.name);
  return null;
}

function hrefOf(row: AuditRow): string | null {
  switch (row.targetType) {
    case "leads":
      return row.action === "leads.trash" ? "/leads/trash" : "/leads";
    case "do_not_call":
      return "/leads/do-not-call";
    case "agents":
      return row.targetId ? `/agents/${row.targetId}` : "/agents";
    case "organizations":
    case "memberships":
    case "invitations":
    case "provider_credentials":
    case "api_keys":
    case "email_templates":
    case "review_tags":
      return "/settings";
    default:
      return null;
  }
}

/** Who did it, when the row names no person: the dialer, an API key, the lead on a call. */
export function actorlessLabel(row: AuditRow): string {
  if (row.actorId) return "Former member";
  if (typeof row.data?.apiKeyId === "string") return "API key";
  if (row.action === "do_not_call.add" && row.data?.source === "call") return "The lead, on a call";
  if (row.action === "leads.purge" || row.action.startsWith("campaigns.")) return "The dialer";
  return "System";
}
