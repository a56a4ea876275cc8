"use client";

import { Loader2, XCircle } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Progress } from "@/components/ui/progress";
import { IMPORT_LIMITS } from "@/lib/schemas/lead-import";

export function ProgressStep({
  fileName,
  total,
  staged,
  stage,
  error,
  started,
  onKeep,
  onCancel,
}: {
  fileName: string;
  total: number;
  staged: number;
  stage: "writing" | "finishing";
  /** `refused`: the server (or the reader) refused the file, so sending it again cannot help. */
  error?: { message: string; refused: boolean };
  /** The import exists on the server: it can be kept to resume, or discarded with its rows. */
  started: boolean;
  onKeep: () => void;
  onCancel: () => void;
}) {
  // Reading and checking rows is most of the work; the final write is one statement.
  const percent = stage === "finishing" ? 95 : Math.min(90, Math.round((staged / Math.max(total, 1)) * 90));
  const canKeep = started && error !== undefined && !error.refused;
  const next = !error
    ? ""
    : error.refused
      ? started
        ? "Discard it, correct the file and import it again."
        : "Correct the file and import it again."
      : started
        ? `Keep it to resume later with the same file (it is set aside after ${IMPORT_LIMITS.abandonAfterHours} hours without activity), or discard it.`
        : "Nothing was stored; try again.";
  return (
    <Card>
      <CardHeader>
        <CardTitle className="break-words">Importing {fileName}</CardTitle>
        <CardDescription>
          Rows are checked and staged first; leads appear all at once when the import completes, so an
          interrupted import leaves nothing half-written.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-3">
        <Progress value={percent} aria-label="Import progress" data-testid="import-progress" />
        <div className="text-muted-foreground flex items-center gap-2 text-sm" aria-live="polite">
          {error ? null : <Loader2 className="size-4 animate-spin" />}
          <span data-testid="import-progress-text">
            {stage === "writing"
              ? `Checked ${staged.toLocaleString()} of ${total.toLocaleString()} rows`
              : `Checked all ${total.toLocaleString()} rows. Writing leads and finding duplicates…`}
          </span>
        </div>
        {error ? (
          <Alert variant="destructive" data-testid="import-error">
            <XCircle />
            <AlertTitle>The import stopped</AlertTitle>
            <AlertDescription className="grid gap-1">
              <p>{error.message}</p>
              <p>No leads were written. {next}</p>
            </AlertDescription>
          </Alert>
        ) : null}
      </CardContent>
      {error ? (
        <CardFooter className="flex flex-wrap gap-2">
          {canKeep ? <Button onClick={onKeep}>Keep it for later</Button> : null}
          <Button variant="outline" onClick={onCancel}>
            {started ? "Discard import" : "Back"}
          </Button>
        </CardFooter>
      ) : null}
    </Card>
  );
}
