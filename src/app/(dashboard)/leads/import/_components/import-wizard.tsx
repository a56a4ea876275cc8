"use client";

import { useAction } from "next-safe-action/hooks";
import { useState } from "react";
import { toast } from "sonner";
import {
  cancelImportAction,
  commitImportAction,
  stageImportRowsAction,
  startImportAction,
} from "@/actions/lead-import-actions";
import { guessMapping, type LeadField } from "@/lib/leads/csv/headers";
import { IMPORT_LIMITS, type ImportSetup } from "@/lib/schemas/lead-import";
import type { FileSummary } from "./csv-worker-protocol";
import { MappingStep } from "./mapping-step";
import { ProgressStep } from "./progress-step";
import { ResultStep } from "./result-step";
import { UploadStep } from "./upload-step";
import { useCsvWorker } from "./use-csv-worker";

export type CampaignOption = { id: string; name: string; defaultTimezone: string };

type Phase =
  | { step: "upload" }
  | { step: "map"; file: File; summary: FileSummary }
  | {
      step: "importing";
      fileName: string;
      total: number;
      staged: number;
      stage: "writing" | "finishing";
      importId?: string;
      error?: string;
    }
  | { step: "done"; importId: string; campaignId: string; fileName: string };

async function withRetries<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      return await fn();
    } catch (error) {
      last = error;
      await new Promise((r) => setTimeout(r, 500 * 2 ** i));
    }
  }
  throw last;
}

/** Upload → map and preview → import with progress → result. Nothing is written before "Import". */
export function ImportWizard({
  campaigns,
  initialCampaignId,
  orgDefaultTimezone,
  timeZones,
}: {
  campaigns: CampaignOption[];
  initialCampaignId?: string;
  orgDefaultTimezone: string;
  timeZones: string[];
}) {
  const worker = useCsvWorker();
  const [phase, setPhase] = useState<Phase>({ step: "upload" });
  const [campaignId, setCampaignId] = useState(initialCampaignId ?? campaigns[0]?.id ?? "");
  const start = useAction(startImportAction);
  const stage = useAction(stageImportRowsAction);
  const commit = useAction(commitImportAction);
  const cancel = useAction(cancelImportAction);

  async function onFile(file: File) {
    if (file.size > IMPORT_LIMITS.maxBytes) {
      toast.error(
        `${file.name} is ${(file.size / 1024 / 1024).toFixed(1)} MB; the limit is 50 MB. Split the file.`,
      );
      return;
    }
    try {
      const summary = await worker.open(file);
      if (summary.headers.length === 0 || summary.rowCount === 0) {
        toast.error(`${file.name} has no rows under its header line.`);
        return;
      }
      if (summary.rowCount > IMPORT_LIMITS.maxRows) {
        toast.error(
          `${file.name} has ${summary.rowCount.toLocaleString()} rows; the limit is 200,000. Split the file.`,
        );
        return;
      }
      setPhase({ step: "map", file, summary });
    } catch (error) {
      toast.error(`Could not read ${file.name}: ${(error as Error).message}`);
    }
  }

  async function runImport(
    setup: ImportSetup,
    duplicateMode: "skip" | "update",
    fileName: string,
    total: number,
  ) {
    setPhase({ step: "importing", fileName, total, staged: 0, stage: "writing" });
    let importId: string | undefined;
    try {
      const started = await start.executeAsync({ setup, fileName, duplicateMode });
      importId = started?.data?.importId;
      if (!importId) throw new Error(started?.serverError ?? "Could not start the import.");
      const id = importId;
      let staged = 0;
      await worker.stream(IMPORT_LIMITS.batchRows, async (rows) => {
        await withRetries(async () => {
          const res = await stage.executeAsync({ importId: id, rows });
          if (!res?.data) throw new Error(res?.serverError ?? "A batch of rows could not be stored.");
        });
        staged += rows.length;
        setPhase({ step: "importing", fileName, total, staged, stage: "writing", importId: id });
      });
      setPhase({ step: "importing", fileName, total, staged, stage: "finishing", importId: id });
      const done = await commit.executeAsync({ importId: id });
      if (!done?.data) throw new Error(done?.serverError ?? "The import could not be completed.");
      setPhase({ step: "done", importId: id, campaignId: setup.campaignId, fileName });
    } catch (error) {
      setPhase((p) => (p.step === "importing" ? { ...p, importId, error: (error as Error).message } : p));
    }
  }

  if (phase.step === "upload") {
    return (
      <UploadStep
        campaigns={campaigns}
        campaignId={campaignId}
        onCampaignChange={setCampaignId}
        onFile={onFile}
        orgDefaultTimezone={orgDefaultTimezone}
        timeZones={timeZones}
      />
    );
  }
  if (phase.step === "map") {
    const initialMapping = guessMapping(phase.summary.headers) as (LeadField | null)[];
    return (
      <MappingStep
        key={phase.file.name + phase.file.size}
        file={phase.file}
        summary={phase.summary}
        campaigns={campaigns}
        campaignId={campaignId}
        onCampaignChange={setCampaignId}
        initialMapping={initialMapping}
        onBack={() => setPhase({ step: "upload" })}
        onImport={(setup, mode) => runImport(setup, mode, phase.file.name, phase.summary.rowCount)}
      />
    );
  }
  if (phase.step === "importing") {
    return (
      <ProgressStep
        fileName={phase.fileName}
        total={phase.total}
        staged={phase.staged}
        stage={phase.stage}
        error={phase.error}
        onCancel={async () => {
          if (phase.importId) await cancel.executeAsync({ importId: phase.importId });
          toast.message("Import cancelled. No leads were written.");
          window.location.reload();
        }}
      />
    );
  }
  return (
    <ResultStep
      importId={phase.importId}
      campaignId={phase.campaignId}
      fileName={phase.fileName}
      onAnother={() => setPhase({ step: "upload" })}
    />
  );
}
