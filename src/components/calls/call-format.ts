/** Pure formatting for the call detail page: cost, analysis fields and the recording's fate. */
import { CALL_OUTCOME_LABELS, humanizeToken } from "@/components/campaigns/call-labels";

const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });

/** Cents as dollars: 42 -> "$0.42", 1234 -> "$12.34"; null (not reported yet) -> "—". */
export function formatCost(cents: number | null): string {
  return cents === null ? "—" : usd.format(cents / 100);
}

/** A provider's field name as a label: "user_sentiment" and "userSentiment" -> "User sentiment". */
export function humanizeKey(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .trim()
    .toLowerCase();
  return words ? words[0]?.toUpperCase() + words.slice(1) : key;
}

/** One analysis value as text: booleans as Yes/No, scalar lists joined, anything deeper as compact JSON. */
export function formatAnalysisValue(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  if (Array.isArray(value) && value.every((v) => ["string", "number", "boolean"].includes(typeof v))) {
    return value.length === 0 ? "—" : value.map(formatAnalysisValue).join(", ");
  }
  return JSON.stringify(value);
}

/**
 * `json`: the value is compact JSON (a structure too deep to list), shown in a code font. `raw`:
 * the provider's own token ("not_interested") when `value` shows it in words, for a tooltip.
 */
export type AnalysisField = { key: string; label: string; value: string; json: boolean; raw?: string };

const OUTCOME_WORDS: Record<string, string> = CALL_OUTCOME_LABELS;
// A machine token, not prose: "not_interested", "do-not-call", "Unknown" stays as it is.
const TOKEN = /^[a-z][a-z0-9]*([_-][a-z0-9]+)+$/;
export type AnalysisGroup = { key: string; title: string | null; fields: AnalysisField[] };

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function field(key: string, value: unknown): AnalysisField {
  if (typeof value === "string" && (OUTCOME_WORDS[value] || TOKEN.test(value))) {
    return {
      key,
      label: humanizeKey(key),
      value: OUTCOME_WORDS[value] ?? humanizeToken(value),
      json: false,
      raw: value,
    };
  }
  const text = formatAnalysisValue(value);
  const json = typeof value === "object" && value !== null && (text.startsWith("{") || text.startsWith("["));
  return { key, label: humanizeKey(key), value: text, json };
}

/**
 * A call's analysis as labelled fields: top-level values in one untitled group, and each nested
 * object (Retell `custom_analysis_data`, Vapi `structuredData`) as its own titled group. `omit`
 * drops keys shown elsewhere (the summary). Empty groups are left out.
 */
export function analysisGroups(
  analysis: Record<string, unknown> | null | undefined,
  omit: readonly string[] = [],
): AnalysisGroup[] {
  if (!analysis) return [];
  const top: AnalysisField[] = [];
  const nested: AnalysisGroup[] = [];
  for (const [key, value] of Object.entries(analysis)) {
    if (omit.includes(key)) continue;
    if (isPlainObject(value)) {
      const fields = Object.entries(value).map(([k, v]) => field(k, v));
      if (fields.length > 0) nested.push({ key, title: humanizeKey(key), fields });
    } else {
      top.push(field(key, value));
    }
  }
  return top.length > 0 ? [{ key: "", title: null, fields: top }, ...nested] : nested;
}

/** Keys of the providers' analyses that hold the summary, which the page shows on its own. */
export const SUMMARY_KEYS = ["call_summary", "summary"] as const;

/** Retell's default lifetime of a signed recording link (`signed_url_expiration_ms`). */
export const RETELL_SIGNED_URL_MS = 24 * 60 * 60 * 1000;

export type RecordingState =
  | { kind: "simulated" }
  | { kind: "pending" }
  | { kind: "missing" }
  | { kind: "retell-fresh"; expiresAt: Date }
  | { kind: "retell-expired" }
  | { kind: "vapi" };

/** What the page can say about a call's recording link, from its provider and when it ended. */
export function recordingState({
  provider,
  recordingUrl,
  endedAt,
  now,
}: {
  provider: "simulator" | "retell" | "vapi";
  recordingUrl: string | null;
  endedAt: Date | null;
  now: Date;
}): RecordingState {
  if (provider === "simulator") return { kind: "simulated" };
  if (!recordingUrl) return { kind: endedAt ? "missing" : "pending" };
  if (provider === "vapi") return { kind: "vapi" };
  if (!endedAt) return { kind: "retell-fresh", expiresAt: new Date(now.getTime() + RETELL_SIGNED_URL_MS) };
  const expiresAt = new Date(endedAt.getTime() + RETELL_SIGNED_URL_MS);
  return expiresAt.getTime() <= now.getTime()
    ? { kind: "retell-expired" }
    : { kind: "retell-fresh", expiresAt };
}

export type TranscriptTurn = { role: "agent" | "user"; text: string };

const SPEAKERS: Record<string, TranscriptTurn["role"]> = {
  agent: "agent",
  ai: "agent",
  assistant: "agent",
  bot: "agent",
  user: "user",
  customer: "user",
  lead: "user",
};

/**
 * Turns read back from a plain transcript written as "Agent: …" / "User: …" lines (Retell's
 * `transcript`, Vapi's "AI:" / "User:"), for calls stored without turns. A line without a speaker
 * continues the turn before it; text that does not open with a speaker gives null (show it as is).
 */
export function turnsFromText(text: string | null): TranscriptTurn[] | null {
  if (!text?.trim()) return null;
  const turns: TranscriptTurn[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const match = /^\s*([A-Za-z]+)\s*:\s?(.*)$/.exec(line);
    const role = match ? SPEAKERS[match[1]?.toLowerCase() ?? ""] : undefined;
    if (role) {
      turns.push({ role, text: (match?.[2] ?? "").trim() });
      continue;
    }
    const last = turns.at(-1);
    if (!last) return null;
    last.text = `${last.text}\n${line.trim()}`.trim();
  }
  return turns.length > 0 ? turns : null;
}

/** The time between two steps of a call, coarse enough to read at a glance: "+4 s", "+2 min 7 s", "+3 h 4 min", "+2 d 3 h". */
export function formatGap(from: Date, to: Date): string {
  const s = Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000));
  if (s < 60) return `+${s} s`;
  const pair = (big: number, bigUnit: string, small: number, smallUnit: string) =>
    small > 0 ? `+${big} ${bigUnit} ${small} ${smallUnit}` : `+${big} ${bigUnit}`;
  if (s < 3600) return pair(Math.floor(s / 60), "min", s % 60, "s");
  if (s < 86_400) return pair(Math.floor(s / 3600), "h", Math.floor((s % 3600) / 60), "min");
  return pair(Math.floor(s / 86_400), "d", Math.floor((s % 86_400) / 3600), "h");
}
