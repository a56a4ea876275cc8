"use client";

import { History, Play, Trash2 } from "lucide-react";
import { useState } from "react";
import { LocalTime } from "@/components/local-time";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { IMPORT_LIMITS } from "@/lib/schemas/lead-import";
import type { UnfinishedImportView } from "./import-wizard";

/** What became of an unfinished import's rows, in a sentence. */
export function unfinishedProgress(u: UnfinishedImportView): string {
  const of = u.fileRows === null ? "" : ` of ${u.fileRows.toLocaleString()}`;
  return u.status === "abandoned"
    ? `${u.stagedRows.toLocaleString()}${of} rows had been checked; they were freed after ${IMPORT_LIMITS.abandonAfterHours} hours without activity.`
    : `${u.stagedRows.toLocaleString()}${of} rows checked before it stopped.`;
}

/** Imports that were never committed, each to resume with the same file or to discard. */
export function UnfinishedImports({
  imports,
  onResume,
  onDiscard,
}: {
  imports: UnfinishedImportView[];
  onResume: (u: UnfinishedImportView) => void;
  onDiscard: (u: UnfinishedImportView) => Promise<unknown>;
}) {
  const [discarding, setDiscarding] = useState<string | null>(null);
  if (imports.length === 0) return null;
  return (
    <Card data-testid="unfinished-imports">
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <History className="size-5" /> Unfinished imports
        </CardTitle>
        <CardDescription>
          None of their leads were written. Resume one by choosing its file again, or discard it.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-3">
        {imports.map((u) => (
          <div
            key={u.id}
            data-testid="unfinished-import"
            className="flex flex-col gap-3 rounded-lg border p-4 sm:flex-row sm:items-center sm:justify-between"
          >
            <div className="grid min-w-0 gap-1">
              <div className="flex flex-wrap items-center gap-2">
                <span className="font-medium break-all">{u.fileName}</span>
                <Badge variant={u.status === "abandoned" ? "secondary" : "outline"}>
                  {u.status === "abandoned" ? "Abandoned" : "Interrupted"}
                </Badge>
              </div>
              <div className="text-muted-foreground text-sm">
                Into {u.campaignName} · last activity <LocalTime value={u.lastActivityAt} relative="only" />
              </div>
              <div className="text-muted-foreground text-sm">{unfinishedProgress(u)}</div>
            </div>
            <div className="flex shrink-0 gap-2">
              <Button size="sm" onClick={() => onResume(u)} disabled={u.fileFingerprint === null}>
                <Play /> Resume
              </Button>
              <Button
                size="sm"
                variant="outline"
                disabled={discarding === u.id}
                onClick={async () => {
                  setDiscarding(u.id);
                  await onDiscard(u);
                  setDiscarding(null);
                }}
              >
                <Trash2 /> Discard
              </Button>
            </div>
          </div>
        ))}
      </CardContent>
    </Card>
  );
}
