import { csvLines, toCsv } from "@/lib/csv/write-csv";
import type { Tx } from "@/lib/db/client";
import { type CallCursor, listCallsExportBatch } from "@/lib/db/queries/calls";
import type { CallFilter } from "@/lib/schemas/call-filters";
import { LIST_COUNT_CAP } from "@/lib/schemas/list";
import { narrowSearch } from "./list-calls";

export const CALL_EXPORT_COLUMNS = [
  "call_id",
  "placed_at",
  "started_at",
  "ended_at",
  "campaign",
  "first_name",
  "last_name",
  "company",
  "phone",
  "lead_timezone",
  "attempt",
  "status",
  "result",
  "outcome",
  "duration_seconds",
  "cost_usd",
  "provider",
  "summary",
  "transcript",
  "error",
] as const;

const BATCH = 2_000;

const iso = (d: Date | null) => (d ? d.toISOString() : "");
const dollars = (cents: number | null) => (cents === null ? "" : (cents / 100).toFixed(2));

/**
 * Every call the calls log's filter matches, newest first, as CSV in chunks: keyset batches on the
 * list's own index, so memory stays flat and nothing is capped at a page, however many calls match.
 * Written like every export (`toCsv`/`csvLines`: a BOM, quoted where needed, every cell
 * spreadsheet-safe), times in UTC ISO 8601. `zone` is the viewer's, for the filter's days.
 */
export async function* exportCallsCsv({
  tx,
  orgId,
  filter,
  zone,
  batchSize = BATCH,
  searchCap = LIST_COUNT_CAP,
}: {
  tx: Tx;
  orgId: string;
  filter: CallFilter;
  zone: string;
  /** Calls per statement (tests make it small to cross batch boundaries). */
  batchSize?: number;
  /** Up to this many matches a search's calls are read by id; past it the walk checks the search. */
  searchCap?: number;
}): AsyncGenerator<string> {
  yield toCsv(CALL_EXPORT_COLUMNS, []);
  const narrowed = await narrowSearch(tx, { orgId, filter: { ...filter, zone }, cap: searchCap });
  let after: CallCursor | undefined;
  for (;;) {
    const rows = await listCallsExportBatch(tx, { orgId, filter: narrowed.filter, after, limit: batchSize });
    if (rows.length === 0) return;
    yield csvLines(
      rows.map((r) => [
        r.id,
        iso(r.createdAt),
        iso(r.startedAt),
        iso(r.endedAt),
        r.campaignName,
        r.firstName,
        r.lastName,
        r.company,
        r.phone,
        r.leadTimezone,
        r.attemptNo,
        r.status,
        r.result,
        // Only a conversation has an outcome; an unanswered call's "unknown" says nothing.
        r.result === "answered" ? r.outcome : "",
        r.durationSeconds,
        dollars(r.costCents),
        r.provider,
        r.summary,
        r.transcript,
        r.error,
      ]),
    );
    const last = rows[rows.length - 1];
    if (!last || rows.length < batchSize) return;
    after = { createdAt: last.cursor, id: last.id };
  }
}
