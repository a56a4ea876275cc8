"use client";

import { Download, Info } from "lucide-react";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toCsv } from "@/lib/csv/write-csv";
import { DNC_IMPORT_LIMITS } from "@/lib/schemas/do-not-call";
import type {
  DncImportOutcome,
  DncImportRow,
  ImportDoNotCallResult,
} from "@/lib/services/do-not-call/import-do-not-call";
import { cn } from "@/lib/utils";

const OUTCOMES: Record<
  DncImportOutcome,
  { label: string; variant: "success" | "secondary" | "outline" | "destructive" }
> = {
  added: { label: "Added", variant: "success" },
  already_listed: { label: "Already listed", variant: "secondary" },
  duplicate: { label: "Duplicate", variant: "outline" },
  invalid: { label: "Invalid", variant: "destructive" },
};

type Filter = "attention" | "all" | DncImportOutcome;

function downloadReport(fileName: string, rows: DncImportRow[]) {
  const csv = toCsv(
    ["row", "column", "value", "phone", "outcome", "note"],
    rows.map((r) => [r.row, r.column, r.value, r.phone, OUTCOMES[r.outcome].label, r.note]),
  );
  const url = URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = `${fileName.replace(/\.[^.]+$/, "")}-do-not-call-report.csv`;
  link.click();
  URL.revokeObjectURL(url);
}

function Stat({ label, value, tone }: { label: string; value: number; tone?: "success" | "destructive" }) {
  return (
    <div className="rounded-lg border px-3 py-2">
      <div className="text-muted-foreground text-xs">{label}</div>
      <div
        className={cn(
          "text-xl font-semibold tabular-nums",
          tone === "success" && value > 0 && "text-success",
          tone === "destructive" && value > 0 && "text-destructive",
        )}
      >
        {value.toLocaleString()}
      </div>
    </div>
  );
}

/** What an import did, number by number, with the rows that need a look first. */
export function ImportResult({ result }: { result: ImportDoNotCallResult }) {
  const { counts } = result;
  const needsAttention = counts.invalid + counts.duplicates + counts.alreadyListed;
  const [filter, setFilter] = useState<Filter>(needsAttention > 0 ? "attention" : "all");
  const rows = result.details.filter((r) =>
    filter === "all" ? true : filter === "attention" ? r.outcome !== "added" : r.outcome === filter,
  );
  const total = counts.added + needsAttention;
  return (
    <div className="grid min-w-0 gap-4" data-testid="dnc-import-result">
      <div className="grid grid-cols-2 gap-2 sm:grid-cols-4">
        <Stat label="Added" value={counts.added} tone="success" />
        <Stat label="Already listed" value={counts.alreadyListed} />
        <Stat label="Duplicates in file" value={counts.duplicates} />
        <Stat label="Invalid" value={counts.invalid} tone="destructive" />
      </div>
      <div className="text-muted-foreground grid gap-1 text-sm">
        {result.leadsMarked > 0 ? (
          <p data-testid="dnc-leads-marked">
            <span className="text-foreground font-medium">
              {result.leadsMarked.toLocaleString()} lead{result.leadsMarked === 1 ? "" : "s"}
            </span>{" "}
            in {result.campaignsMarked.toLocaleString()} campaign{result.campaignsMarked === 1 ? "" : "s"}{" "}
            marked do-not-call.
          </p>
        ) : (
          <p data-testid="dnc-leads-marked">
            No existing lead has these numbers; leads imported with them later arrive as do-not-call.
          </p>
        )}
        <p className="flex items-center gap-1.5 text-xs">
          <Info className="size-3.5 shrink-0" />
          {result.hasHeader
            ? `Numbers from ${result.phoneColumns.map((c) => `“${c}”`).join(", ")}${result.reasonColumn ? `; reasons from “${result.reasonColumn}”` : ""}.`
            : "No header row: read as a plain list of numbers."}
        </p>
      </div>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <Select value={filter} onValueChange={(v) => setFilter(v as Filter)}>
          <SelectTrigger size="sm" className="w-52" aria-label="Show rows">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value="attention">Not added ({needsAttention.toLocaleString()})</SelectItem>
            <SelectItem value="invalid">Invalid ({counts.invalid.toLocaleString()})</SelectItem>
            <SelectItem value="already_listed">
              Already listed ({counts.alreadyListed.toLocaleString()})
            </SelectItem>
            <SelectItem value="duplicate">Duplicates ({counts.duplicates.toLocaleString()})</SelectItem>
            <SelectItem value="added">Added ({counts.added.toLocaleString()})</SelectItem>
            <SelectItem value="all">All ({total.toLocaleString()})</SelectItem>
          </SelectContent>
        </Select>
        <Button
          variant="outline"
          size="sm"
          onClick={() => downloadReport(result.fileName, result.details)}
          disabled={result.details.length === 0}
        >
          <Download /> Download report
        </Button>
      </div>
      <div className="max-h-72 overflow-y-auto rounded-lg border">
        <Table>
          <TableHeader className="bg-muted/50 sticky top-0">
            <TableRow>
              <TableHead className="w-16 pl-3 text-right">Row</TableHead>
              <TableHead>Column</TableHead>
              <TableHead>Value</TableHead>
              <TableHead>Outcome</TableHead>
              <TableHead className="pr-3">Note</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.length === 0 ? (
              <TableRow>
                <TableCell colSpan={5} className="text-muted-foreground py-6 text-center">
                  No rows with this outcome.
                </TableCell>
              </TableRow>
            ) : (
              rows.map((r) => (
                <TableRow key={`${r.row}-${r.column}`} data-testid="dnc-import-row">
                  <TableCell className="pl-3 text-right tabular-nums">{r.row}</TableCell>
                  <TableCell className="text-muted-foreground max-w-32 truncate">{r.column}</TableCell>
                  <TableCell className="max-w-48 truncate font-mono text-xs">
                    {r.value || <span className="text-muted-foreground">(empty)</span>}
                  </TableCell>
                  <TableCell>
                    <Badge variant={OUTCOMES[r.outcome].variant}>{OUTCOMES[r.outcome].label}</Badge>
                  </TableCell>
                  <TableCell className="text-muted-foreground pr-3">{r.note ?? r.phone}</TableCell>
                </TableRow>
              ))
            )}
          </TableBody>
        </Table>
      </div>
      {result.details.length < total ? (
        <p className="text-muted-foreground text-xs">
          Large file: the first {DNC_IMPORT_LIMITS.reportRows} rows of each outcome are listed; the counts
          above cover every row.
        </p>
      ) : null}
    </div>
  );
}
