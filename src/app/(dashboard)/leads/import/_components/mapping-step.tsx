"use client";

import { AlertTriangle, ArrowLeft, CheckCircle2, Loader2, XCircle } from "lucide-react";
import { useAction } from "next-safe-action/hooks";
import { useEffect, useMemo, useRef, useState } from "react";
import { previewImportAction } from "@/actions/lead-import-actions";
import { plural, type TimezoneSource } from "@/components/leads/lead-labels";
import { TimezoneLabel } from "@/components/leads/timezone-label";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { ImportCheck } from "@/lib/leads/csv/check-rows";
import { LEAD_FIELD_LABELS, type LeadField } from "@/lib/leads/csv/headers";
import { type ImportSetup, LEAD_FIELDS } from "@/lib/schemas/lead-import";
import type { CheckRequest, FileSummary } from "./csv-worker-protocol";
import type { CampaignOption } from "./import-wizard";

const CUSTOM = "__custom";

type PreviewRow =
  | {
      row: number;
      ok: true;
      lead: {
        phone: string;
        firstName: string | null;
        lastName: string | null;
        email: string | null;
        company: string | null;
        timezone: string;
        timezoneSource: TimezoneSource;
        timezoneCandidates: string[] | null;
        consent: boolean | null;
      };
      warnings: string[];
    }
  | { row: number; ok: false; reason: string };

export function MappingStep({
  file,
  summary,
  campaigns,
  campaignId,
  onCampaignChange,
  initialMapping,
  defaultCountry,
  checkRows,
  onBack,
  onImport,
}: {
  file: File;
  summary: FileSummary;
  campaigns: CampaignOption[];
  campaignId: string;
  onCampaignChange: (id: string) => void;
  initialMapping: (LeadField | null)[];
  defaultCountry: string;
  /** Counts, in the CSV worker, what the whole file would bring with this setup. */
  checkRows: (request: CheckRequest) => Promise<ImportCheck | null>;
  onBack: () => void;
  onImport: (setup: ImportSetup, duplicateMode: "skip" | "update") => void;
}) {
  const [mapping, setMapping] = useState<(LeadField | null)[]>(initialMapping);
  const [duplicateMode, setDuplicateMode] = useState<"skip" | "update">("skip");
  const [bulkConsent, setBulkConsent] = useState(false);
  const [consentSource, setConsentSource] = useState("");
  const preview = useAction(previewImportAction);

  const problems = useMemo(() => {
    const list: string[] = [];
    if (!mapping.includes("phone"))
      list.push("No column is mapped to Phone: pick the column that holds the phone numbers.");
    const used = mapping.filter((m): m is LeadField => m !== null);
    const dupes = used.filter((f, i) => used.indexOf(f) !== i);
    for (const f of new Set(dupes)) list.push(`${LEAD_FIELD_LABELS[f]} is mapped from more than one column.`);
    if (bulkConsent && consentSource.trim().length < 2) list.push("Say where the bulk consent came from.");
    return list;
  }, [mapping, bulkConsent, consentSource]);

  const setup: ImportSetup = {
    campaignId,
    headers: summary.headers,
    mapping,
    bulkConsent: bulkConsent ? { given: true, source: consentSource.trim() } : undefined,
  };
  const setupKey = JSON.stringify(setup);

  // The preview runs the server's own normalizer on the first rows whenever the mapping changes.
  const runPreview = useRef(preview.execute);
  runPreview.current = preview.execute;
  const blocked = problems.length > 0 || !campaignId;
  const previewRows = summary.preview;
  useEffect(() => {
    if (blocked) return;
    const timer = setTimeout(
      () => runPreview.current({ setup: JSON.parse(setupKey) as ImportSetup, rows: previewRows }),
      250,
    );
    return () => clearTimeout(timer);
  }, [setupKey, blocked, previewRows]);

  // The whole file through the same normalizer, in the worker: the Import button then counts what
  // will arrive, and the preview can say which rows repeat a number of the file.
  const [check, setCheck] = useState<{ key: string; result: ImportCheck } | null>(null);
  const [checkError, setCheckError] = useState<string | null>(null);
  const checkKey = `${setupKey}|${duplicateMode}`;
  const runCheck = useRef(checkRows);
  runCheck.current = checkRows;
  const defaultTimezone = campaigns.find((c) => c.id === campaignId)?.defaultTimezone ?? "UTC";
  const previewThrough = previewRows.at(-1)?.row ?? 0;
  useEffect(() => {
    if (blocked) return;
    let current = true;
    const request = JSON.parse(checkKey.slice(0, checkKey.lastIndexOf("|"))) as ImportSetup;
    setCheckError(null);
    runCheck
      .current({
        setup: request,
        defaultCountry,
        defaultTimezone,
        duplicateMode: checkKey.endsWith("|update") ? "update" : "skip",
        previewThrough,
      })
      .then(
        (result) => {
          if (current && result) setCheck({ key: checkKey, result });
        },
        (error: Error) => {
          if (current) setCheckError(error.message);
        },
      );
    return () => {
      current = false;
    };
  }, [checkKey, blocked, defaultCountry, defaultTimezone, previewThrough]);
  const counted = check?.key === checkKey ? check.result : null;

  // Columns are positional (two can share a header), so a column's identity is its position.
  const columns = useMemo(
    () => summary.headers.map((header, index) => ({ header, index, id: `column-${index}` })),
    [summary.headers],
  );
  const rows = (preview.result.data ?? []) as PreviewRow[];
  const rejectedInPreview = rows.filter((r) => !r.ok).length;
  const samples = (col: number) =>
    summary.preview
      .map((r) => r.cells[col] ?? "")
      .filter((v) => v.trim() !== "")
      .slice(0, 3);

  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-6">
      <Card>
        <CardHeader>
          <CardTitle>Map columns</CardTitle>
          <CardDescription>
            {file.name}: {summary.rowCount.toLocaleString()} rows, {summary.headers.length} columns,{" "}
            {summary.delimiter === "\t" ? "tab" : `“${summary.delimiter}”`} separated,{" "}
            {summary.encoding === "windows-1252" ? "Windows-1252 (Excel)" : summary.encoding.toUpperCase()}
            {summary.hadBom ? " with BOM" : ""}. Columns you don't map are kept as custom fields the agent can
            use.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          {summary.problems.length > 0 ? (
            <Alert>
              <AlertTriangle />
              <AlertTitle>
                {plural(summary.problems.length, "row has", "rows have")} an unexpected number of cells
              </AlertTitle>
              <AlertDescription>
                {summary.problems
                  .slice(0, 3)
                  .map((p) => `Row ${p.row}: ${p.message}`)
                  .join(" · ")}
                {summary.problems.length > 3 ? " · …" : ""}
              </AlertDescription>
            </Alert>
          ) : null}
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead className="w-1/4">Column in your file</TableHead>
                <TableHead className="w-1/4">Imports as</TableHead>
                <TableHead>Sample values</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {columns.map(({ header, index: i, id }) => (
                <TableRow key={id}>
                  <TableCell className="font-medium">{header}</TableCell>
                  <TableCell>
                    <Select
                      value={mapping[i] ?? CUSTOM}
                      onValueChange={(v) =>
                        setMapping((m) =>
                          m.map((f, j) => (j === i ? (v === CUSTOM ? null : (v as LeadField)) : f)),
                        )
                      }
                    >
                      <SelectTrigger size="sm" className="w-48" aria-label={`Map ${header}`}>
                        <SelectValue />
                      </SelectTrigger>
                      <SelectContent>
                        <SelectItem value={CUSTOM}>Custom field</SelectItem>
                        {LEAD_FIELDS.map((f) => (
                          <SelectItem key={f} value={f}>
                            {LEAD_FIELD_LABELS[f]}
                          </SelectItem>
                        ))}
                      </SelectContent>
                    </Select>
                  </TableCell>
                  <TableCell className="text-muted-foreground max-w-0 truncate font-mono text-xs">
                    {samples(i).join(" · ") || "(empty)"}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Options</CardTitle>
        </CardHeader>
        <CardContent className="grid grid-cols-[minmax(0,1fr)] gap-5 sm:grid-cols-2">
          <div className="grid grid-cols-[minmax(0,1fr)] gap-2">
            <Label htmlFor="import-target">Campaign</Label>
            <Select value={campaignId} onValueChange={onCampaignChange}>
              <SelectTrigger id="import-target" className="w-full">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                {campaigns.map((c) => (
                  <SelectItem key={c.id} value={c.id}>
                    {c.name}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </div>
          <div className="grid grid-cols-[minmax(0,1fr)] gap-2">
            <Label htmlFor="import-duplicates">
              Phone numbers already in the campaign or repeated in the file
            </Label>
            <Select value={duplicateMode} onValueChange={(v) => setDuplicateMode(v as "skip" | "update")}>
              <SelectTrigger id="import-duplicates" className="w-full">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                <SelectItem value="skip">Skip them (keep what is there; first row wins)</SelectItem>
                <SelectItem value="update">Update them with this file (last row wins)</SelectItem>
              </SelectContent>
            </Select>
          </div>
          <div className="grid gap-3 sm:col-span-2">
            <div className="flex items-start gap-3">
              <Checkbox
                id="bulk-consent"
                checked={bulkConsent}
                onCheckedChange={(v) => setBulkConsent(v === true)}
                className="mt-0.5"
              />
              <div className="grid gap-1">
                <Label htmlFor="bulk-consent">Everyone in this file consented to be called</Label>
                <p className="text-muted-foreground text-xs">
                  Applies to rows without a consent value of their own. The source is stored with each lead.
                </p>
              </div>
            </div>
            {bulkConsent ? (
              <Input
                aria-label="Consent source"
                placeholder="e.g. Web form opt-in, March 2026"
                value={consentSource}
                onChange={(e) => setConsentSource(e.target.value)}
                className="max-w-md"
              />
            ) : null}
          </div>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Preview</CardTitle>
          <CardDescription>
            The first {summary.preview.length} rows as they will be imported.
            {rows.length > 0 && rejectedInPreview > 0
              ? ` ${rejectedInPreview} of them will be rejected; the full list comes after the import, as a CSV.`
              : ""}
          </CardDescription>
        </CardHeader>
        <CardContent>
          {problems.length > 0 ? (
            <Alert variant="destructive" data-testid="mapping-problems">
              <XCircle />
              <AlertTitle>Fix the mapping to continue</AlertTitle>
              <AlertDescription>
                <ul className="list-disc pl-4">
                  {problems.map((p) => (
                    <li key={p}>{p}</li>
                  ))}
                </ul>
              </AlertDescription>
            </Alert>
          ) : preview.isPending && rows.length === 0 ? (
            <div className="text-muted-foreground flex items-center gap-2 text-sm">
              <Loader2 className="size-4 animate-spin" /> Checking the first rows…
            </div>
          ) : preview.result.serverError ? (
            <Alert variant="destructive">
              <AlertDescription>{preview.result.serverError}</AlertDescription>
            </Alert>
          ) : (
            <Table data-testid="import-preview">
              <TableHeader>
                <TableRow>
                  <TableHead className="w-14">Row</TableHead>
                  <TableHead>Phone</TableHead>
                  <TableHead>Name</TableHead>
                  <TableHead>Email</TableHead>
                  <TableHead>Time zone</TableHead>
                  <TableHead>Consent</TableHead>
                  <TableHead>Problems</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {rows.map((r) =>
                  r.ok ? (
                    <TableRow
                      key={r.row}
                      className={counted?.duplicateOf[r.row] ? "text-muted-foreground" : undefined}
                      data-testid={counted?.duplicateOf[r.row] ? "preview-duplicate" : undefined}
                    >
                      <TableCell className="text-muted-foreground tabular-nums">{r.row}</TableCell>
                      <TableCell className="font-mono text-xs">{r.lead.phone}</TableCell>
                      <TableCell>
                        {[r.lead.firstName, r.lead.lastName].filter(Boolean).join(" ") || "—"}
                      </TableCell>
                      <TableCell className="text-muted-foreground">{r.lead.email ?? "—"}</TableCell>
                      <TableCell data-testid="preview-zone">
                        <TimezoneLabel
                          timezone={r.lead.timezone}
                          source={r.lead.timezoneSource}
                          candidates={r.lead.timezoneCandidates}
                        />
                      </TableCell>
                      <TableCell>{r.lead.consent === null ? "—" : r.lead.consent ? "Yes" : "No"}</TableCell>
                      <TableCell>
                        <RowProblems
                          warnings={r.warnings}
                          duplicateOf={counted?.duplicateOf[r.row]}
                          duplicateMode={duplicateMode}
                        />
                      </TableCell>
                    </TableRow>
                  ) : (
                    <TableRow key={r.row} className="bg-destructive/5" data-testid="preview-rejected">
                      <TableCell className="text-muted-foreground tabular-nums">{r.row}</TableCell>
                      <TableCell colSpan={5} className="text-muted-foreground font-mono text-xs">
                        {(summary.preview.find((p) => p.row === r.row)?.cells ?? []).join(", ")}
                      </TableCell>
                      <TableCell>
                        <Badge variant="destructive">Rejected</Badge>{" "}
                        <span className="text-destructive text-xs">{r.reason}</span>
                      </TableCell>
                    </TableRow>
                  ),
                )}
              </TableBody>
            </Table>
          )}
        </CardContent>
        <CardFooter className="flex flex-col items-stretch gap-3 sm:flex-row sm:items-center sm:justify-between">
          <Button variant="outline" onClick={onBack}>
            <ArrowLeft /> Choose another file
          </Button>
          <div className="flex flex-col items-stretch gap-2 sm:items-end">
            <p className="text-muted-foreground text-sm sm:text-right" data-testid="import-count">
              {blocked ? null : counted ? (
                countSentence(summary.rowCount, counted, duplicateMode)
              ) : checkError ? (
                `Could not count the rows: ${checkError}`
              ) : (
                <span className="inline-flex items-center gap-1">
                  <Loader2 className="size-3.5 animate-spin" /> Counting the rows that will be imported…
                </span>
              )}
            </p>
            {/* Not held back by the count: on a 200,000-row file it takes a while. */}
            <Button disabled={blocked} onClick={() => onImport(setup, duplicateMode)}>
              {counted ? `Import ${plural(counted.importable, "lead")}` : "Import"}
            </Button>
          </div>
        </CardFooter>
      </Card>
    </div>
  );
}

/** "25 rows: 17 leads to import, 6 repeat a number of the file, 2 can't be used." */
function countSentence(rows: number, check: ImportCheck, mode: "skip" | "update"): string {
  const parts = [`${plural(check.importable, "lead")} to import`];
  if (check.duplicates > 0)
    parts.push(
      `${plural(check.duplicates, "row repeats", "rows repeat")} a number of the file (${mode === "skip" ? "the first row of each number is kept" : "the last row of each number is kept"})`,
    );
  if (check.rejected > 0) parts.push(`${plural(check.rejected, "row")} can't be used`);
  const existing =
    mode === "skip"
      ? "Numbers already in the campaign are skipped."
      : "Numbers already in the campaign are updated.";
  return `${plural(rows, "row")}: ${parts.join(", ")}. ${existing}`;
}

function RowProblems({
  warnings,
  duplicateOf,
  duplicateMode,
}: {
  warnings: string[];
  duplicateOf: number | undefined;
  duplicateMode: "skip" | "update";
}) {
  if (duplicateOf !== undefined) {
    return (
      <span className="flex flex-wrap items-center gap-1 text-xs">
        <Badge variant="secondary">Duplicate</Badge>
        same number as row {duplicateOf}, which is kept ({duplicateMode === "skip" ? "first" : "last"} wins)
      </span>
    );
  }
  if (warnings.length > 0) {
    return (
      <span className="text-warning flex items-center gap-1 text-xs">
        <AlertTriangle className="size-3.5 shrink-0" /> {warnings.join("; ")}
      </span>
    );
  }
  return <CheckCircle2 className="text-success size-4" aria-label="No problems" />;
}
