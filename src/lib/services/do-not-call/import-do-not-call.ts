import type { Tx } from "@/lib/db/client";
import { insertAuditEntry } from "@/lib/db/queries/audit-log";
import { insertDoNotCallEntries } from "@/lib/db/queries/do-not-call";
import { DNC_IMPORT_LIMITS, type ImportDoNotCallInput } from "@/lib/schemas/do-not-call";
import type { Actor } from "../organizations/roles";
import { orgDefaultCountry } from "./org-country";
import { type DncCsvEntry, readDoNotCallCsv } from "./read-do-not-call-csv";

export type DncImportOutcome = "added" | "already_listed" | "duplicate" | "invalid";
export type DncImportRow = {
  row: number;
  column: string;
  value: string;
  phone: string | null;
  outcome: DncImportOutcome;
  /** Why the number did not go on the list (invalid, duplicate, already listed). */
  note: string | null;
};

const rowOf = (e: DncCsvEntry, outcome: DncImportOutcome, note: string | null): DncImportRow => ({
  row: e.row,
  column: e.column,
  value: e.value,
  phone: e.phone,
  outcome,
  note,
});

/**
 * Puts every number of a CSV file on the list in one set-based insert (numbers already listed
 * are left as they were) and reports each number's outcome with its row. Source `import`. One
 * audit row with the counts (no numbers).
 */
export async function importDoNotCall({
  tx,
  actor,
  input,
}: {
  tx: Tx;
  actor: Actor;
  input: ImportDoNotCallInput;
}) {
  const country = await orgDefaultCountry(tx, actor.orgId);
  const read = readDoNotCallCsv(input.csv, country, input.reason || null);

  const firstRow = new Map<string, number>();
  const unique: DncCsvEntry[] = [];
  const duplicates: DncImportRow[] = [];
  for (const e of read.entries) {
    const seen = firstRow.get(e.phone);
    if (seen === undefined) {
      firstRow.set(e.phone, e.row);
      unique.push(e);
    } else {
      const where = seen === e.row ? "earlier in this row" : `on row ${seen}`;
      duplicates.push(rowOf(e, "duplicate", `same number as ${where}`));
    }
  }

  const result = await insertDoNotCallEntries(tx, {
    orgId: actor.orgId,
    entries: unique.map((e) => ({ phone: e.phone, reason: e.reason })),
    source: "import",
    addedBy: actor.userId,
  });
  const added = new Set(result.added);
  const addedRows: DncImportRow[] = [];
  const listedRows: DncImportRow[] = [];
  for (const e of unique) {
    if (added.has(e.phone)) addedRows.push(rowOf(e, "added", null));
    else listedRows.push(rowOf(e, "already_listed", "already on the list"));
  }
  const invalidRows: DncImportRow[] = read.invalid.map((p) => ({
    row: p.row,
    column: p.column,
    value: p.value,
    phone: null,
    outcome: "invalid",
    note: p.reason,
  }));

  await insertAuditEntry(tx, {
    orgId: actor.orgId,
    actorId: actor.userId,
    action: "do_not_call.import",
    targetType: "do_not_call",
    count: addedRows.length,
    data: {
      alreadyListed: listedRows.length,
      invalid: invalidRows.length,
      leadsMarked: result.leadsMarked,
    },
  });

  const first = (rows: DncImportRow[]) => rows.slice(0, DNC_IMPORT_LIMITS.reportRows);
  return {
    fileName: input.fileName,
    rows: read.rows,
    hasHeader: read.hasHeader,
    phoneColumns: read.phoneColumns,
    reasonColumn: read.reasonColumn,
    counts: {
      added: addedRows.length,
      alreadyListed: listedRows.length,
      duplicates: duplicates.length,
      invalid: invalidRows.length,
    },
    leadsMarked: result.leadsMarked,
    campaignsMarked: result.campaignsMarked,
    details: [...first(invalidRows), ...first(listedRows), ...first(duplicates), ...first(addedRows)].sort(
      (a, b) => a.row - b.row,
    ),
  };
}

export type ImportDoNotCallResult = Awaited<ReturnType<typeof importDoNotCall>>;
