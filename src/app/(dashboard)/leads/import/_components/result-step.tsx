"use client";

import { CheckCircle2, Download, RefreshCw, Users } from "lucide-react";
import Link from "next/link";
import { useAction } from "next-safe-action/hooks";
import { useEffect } from "react";
import { importReportAction } from "@/actions/lead-import-actions";
import { plural } from "@/components/leads/lead-labels";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

export function ResultStep({
  importId,
  campaignId,
  fileName,
  onAnother,
}: {
  importId: string;
  campaignId: string;
  fileName: string;
  onAnother: () => void;
}) {
  const report = useAction(importReportAction);
  const load = report.execute;
  useEffect(() => load({ importId }), [load, importId]);
  const data = report.result.data;
  const stats = data
    ? [
        {
          label: "Imported",
          value: data.counts.imported,
          hint: data.counts.warned > 0 ? `new leads; ${plural(data.counts.warned, "warning")}` : "new leads",
          testId: "count-imported",
        },
        { label: "Updated", value: data.counts.updated, hint: "existing leads", testId: "count-updated" },
        { label: "Skipped", value: data.counts.skipped, hint: "duplicates", testId: "count-skipped" },
        {
          label: "Rejected",
          value: data.counts.rejected,
          hint: "could not be used",
          testId: "count-rejected",
        },
      ]
    : [];
  const notImported = data ? data.counts.skipped + data.counts.rejected : 0;
  const warned = data?.counts.warned ?? 0;
  const reported = notImported + warned;
  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-6">
      <Card>
        <CardHeader>
          <CardTitle className="flex items-center gap-2" data-testid="import-complete">
            <CheckCircle2 className="text-success size-5" /> Import complete
          </CardTitle>
          <CardDescription>
            {fileName}
            {data ? `: ${data.counts.total.toLocaleString()} rows read.` : ""}
          </CardDescription>
        </CardHeader>
        <CardContent>
          <div className="grid gap-3 sm:grid-cols-4">
            {data
              ? stats.map((s) => (
                  <div key={s.label} className="rounded-lg border p-4">
                    <div className="text-muted-foreground text-sm">{s.label}</div>
                    <div className="text-2xl font-semibold tabular-nums" data-testid={s.testId}>
                      {s.value.toLocaleString()}
                    </div>
                    <div className="text-muted-foreground text-xs">{s.hint}</div>
                  </div>
                ))
              : [0, 1, 2, 3].map((i) => <Skeleton key={i} className="h-24" />)}
          </div>
          <div className="mt-4 flex flex-wrap gap-2">
            <Button asChild>
              <Link href={`/leads?campaign=${campaignId}`}>
                <Users /> View leads
              </Link>
            </Button>
            {reported > 0 ? (
              <Button asChild variant="outline" className="h-auto min-h-9 shrink whitespace-normal">
                <a href={`/api/imports/${importId}/rejected`} data-testid="download-rejected">
                  <Download />{" "}
                  {warned > 0
                    ? `Download the report: ${plural(notImported, "row")} not imported, ${warned.toLocaleString()} with a warning (CSV)`
                    : `Download ${plural(notImported, "row")} not imported (CSV)`}
                </a>
              </Button>
            ) : null}
            <Button variant="ghost" onClick={onAnother}>
              <RefreshCw /> Import another file
            </Button>
          </div>
        </CardContent>
      </Card>
      {data && data.rows.length > 0 ? (
        <Card>
          <CardHeader>
            <CardTitle>
              {warned > 0 ? "Rows not imported or imported with a warning" : "Rows not imported"}
            </CardTitle>
            <CardDescription>
              {reported > data.rows.length
                ? `The first ${data.rows.length} of ${reported.toLocaleString()}; the CSV has them all, with a reason column.`
                : "Each with its reason. The CSV has the same rows with your original columns."}
            </CardDescription>
          </CardHeader>
          <CardContent>
            <Table data-testid="not-imported">
              <TableHeader>
                <TableRow>
                  <TableHead className="w-14">Row</TableHead>
                  <TableHead className="w-24">Outcome</TableHead>
                  <TableHead>Reason</TableHead>
                  <TableHead>Original values</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {data.rows.map((r) => (
                  <TableRow key={r.row}>
                    <TableCell className="text-muted-foreground tabular-nums">{r.row}</TableCell>
                    <TableCell>
                      <Badge
                        variant={
                          r.status === "rejected"
                            ? "destructive"
                            : r.status === "skipped"
                              ? "secondary"
                              : "outline"
                        }
                        className="capitalize"
                      >
                        {r.status}
                      </Badge>
                    </TableCell>
                    <TableCell>{r.reason}</TableCell>
                    <TableCell className="text-muted-foreground max-w-0 truncate font-mono text-xs">
                      {r.raw.join(", ")}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </CardContent>
        </Card>
      ) : null}
    </div>
  );
}
