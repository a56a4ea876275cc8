"use client";

import { Loader2, XCircle } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Progress } from "@/components/ui/progress";

export function ProgressStep({
  fileName,
  total,
  staged,
  stage,
  error,
  onCancel,
}: {
  fileName: string;
  total: number;
  staged: number;
  stage: "writing" | "finishing";
  error?: string;
  onCancel: () => void;
}) {
  // Reading and checking rows is most of the work; the final write is one statement.
  const percent = stage === "finishing" ? 95 : Math.min(90, Math.round((staged / Math.max(total, 1)) * 90));
  return (
    <Card>
      <CardHeader>
        <CardTitle>Importing {fileName}</CardTitle>
        <CardDescription>
          Rows are checked and staged first; leads appear all at once when the import completes, so an
          interrupted import leaves nothing half-written.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-3">
        <Progress value={percent} aria-label="Import progress" data-testid="import-progress" />
        <div className="text-muted-foreground flex items-center gap-2 text-sm" aria-live="polite">
          {error ? null : <Loader2 className="size-4 animate-spin" />}
          {stage === "writing"
            ? `Checked ${staged.toLocaleString()} of ${total.toLocaleString()} rows`
            : "Writing leads and finding duplicates…"}
        </div>
        {error ? (
          <Alert variant="destructive">
            <XCircle />
            <AlertTitle>The import stopped</AlertTitle>
            <AlertDescription>
              {error} No leads were written. Cancel it and try again; if it keeps failing, the rows checked so
              far are kept until you cancel.
            </AlertDescription>
          </Alert>
        ) : null}
      </CardContent>
      {error ? (
        <CardFooter>
          <Button variant="outline" onClick={onCancel}>
            Cancel import
          </Button>
        </CardFooter>
      ) : null}
    </Card>
  );
}
