"use client";

import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { useState } from "react";
import { toast } from "sonner";
import {
  cancelImportAction,
  commitImportAction,
  resumeImportAction,
  stageImportRowsAction,
  startImportAction,
} from "@/actions/lead-import-actions";
import type { UnfinishedImport } from "@/lib/db/queries/lead-imports";
import { formatFileSize } from "@/lib/format-size";
import { guessMapping, type LeadField } from "@/lib/leads/csv/headers";
import { IMPORT_LIMITS, type ImportFile, type ImportSetup } from "@/lib/schemas/lead-import";
import type { FileSummary } from "./csv-worker-protocol";
import { describeRefusal, ImportStepError, runImportStep } from "./import-errors";
import { MappingStep } from "./mapping-step";
import { ProgressStep } from "./progress-step";
import { ResultStep } from "./result-step";
import { ResumeStep } from "./resume-step";
import { UnfinishedImports } from "./unfinished-imports";
import { UploadStep } from "./upload-step";
import { useCsvWorker } from "./use-csv-worker";

export type CampaignOption = { id: string; name: string; defaultTimezone: string };
export type UnfinishedImportView = Omit<UnfinishedImport, "lastActivityAt"> & { lastActivityAt: string };

type Phase =
  | { step: "upload" }
  | { step: "map"; file: File; summary: FileSummary }
  | { step: "resume"; unfinished: UnfinishedImportView }
  | {
      step: "importing";
      fileName: string;
      total: number;
      staged: number;
      stage: "writing" | "finishing";
      importId?: string;
      /** `refused`: the server refused the file (fix it first), rather than the import being cut off. */
      error?: { message: string; refused: boolean };
    }
  | { step: "done"; importId: string; campaignId: string; fileName: string };

const fileOf = (name: string, summary: FileSummary): ImportFile => ({
  name,
  bytes: summary.bytes,
  rows: summary.rowCount,
  fingerprint: summary.fingerprint,
});

const refusedInput = () => "The server refused the import's settings; reload the page and try again.";

/**
 * Upload → map and preview → import with progress → result. Nothing is written before "Import".
 * Unfinished imports (interrupted, or abandoned by the tick) are listed above the upload, to
 * resume with the same file or discard.
 */
export function ImportWizard({
  campaigns,
  initialCampaignId,
  orgDefaultTimezone,
  defaultCountry,
  timeZones,
  unfinished,
}: {
  campaigns: CampaignOption[];
  initialCampaignId?: string;
  orgDefaultTimezone: string;
  defaultCountry: string;
  timeZones: string[];
  unfinished: UnfinishedImportView[];
}) {
  const router = useRouter();
  const worker = useCsvWorker();
  const [phase, setPhase] = useState<Phase>({ step: "upload" });
  const [campaignId, setCampaignId] = useState(initialCampaignId ?? campaigns[0]?.id ?? "");
  const start = useAction(startImportAction);
  const stage = useAction(stageImportRowsAction);
  const commit = useAction(commitImportAction);
  const cancel = useAction(cancelImportAction);
  const resume = useAction(resumeImportAction);

  /** Reads a chosen file in the worker; null (with a toast saying why) when it cannot be imported. */
  async function readFile(file: File): Promise<FileSummary | null> {
    if (file.size > IMPORT_LIMITS.maxBytes) {
      toast.error(
        `${file.name} is ${formatFileSize(file.size)}; the limit is ${formatFileSize(IMPORT_LIMITS.maxBytes)}. Split the file.`,
      );
      return null;
    }
    try {
      const summary = await worker.open(file);
      if (summary.headers.length === 0 || summary.rowCount === 0) {
        toast.error(`${file.name} has no rows under its header line.`);
        return null;
      }
      if (summary.headers.length > IMPORT_LIMITS.maxColumns) {
        toast.error(
          `${file.name} has ${summary.headers.length.toLocaleString()} columns; the limit is ${IMPORT_LIMITS.maxColumns}. Remove the columns you don't need.`,
        );
        return null;
      }
      if (summary.rowCount > IMPORT_LIMITS.maxRows) {
        toast.error(
          `${file.name} has ${summary.rowCount.toLocaleString()} rows; the limit is 200,000. Split the file.`,
        );
        return null;
      }
      return summary;
    } catch (error) {
      toast.error(`Could not read ${file.name}: ${(error as Error).message}`);
      return null;
    }
  }

  async function onFile(file: File) {
    const summary = await readFile(file);
    if (summary) setPhase({ step: "map", file, summary });
  }

  /**
   * Sends the file's rows after `afterRow` batch by batch, then commits. Each batch is stored
   * before the worker reads on; a refused batch stops the import with the reason.
   */
  async function stream(importId: string, headers: string[], afterRow: number, already: number) {
    let staged = already;
    await worker.stream(afterRow, async (rows) => {
      await runImportStep(() => stage.executeAsync({ importId, rows }), {
        describe: (errors) => describeRefusal(errors, rows, headers),
      });
      staged += rows.length;
      setPhase((p) => (p.step === "importing" ? { ...p, staged, importId } : p));
    });
    setPhase((p) => (p.step === "importing" ? { ...p, stage: "finishing" } : p));
    await runImportStep(() => commit.executeAsync({ importId }), { describe: refusedInput });
  }

  async function runImport(
    setup: ImportSetup,
    duplicateMode: "skip" | "update",
    file: File,
    summary: FileSummary,
  ) {
    setPhase({
      step: "importing",
      fileName: file.name,
      total: summary.rowCount,
      staged: 0,
      stage: "writing",
    });
    let importId: string | undefined;
    try {
      const started = await runImportStep(
        () => start.executeAsync({ setup, file: fileOf(file.name, summary), duplicateMode }),
        { describe: refusedInput, attempts: 1 },
      );
      importId = started.importId;
      setPhase((p) => (p.step === "importing" ? { ...p, importId } : p));
      await stream(importId, setup.headers, 0, 0);
      setPhase({ step: "done", importId, campaignId: setup.campaignId, fileName: file.name });
    } catch (error) {
      fail(error, importId);
    }
  }

  async function runResume(unfinishedImport: UnfinishedImportView, file: File) {
    const summary = await readFile(file);
    if (!summary) return;
    const { id: importId, fileRows } = unfinishedImport;
    const headers = (unfinishedImport.options as { headers?: string[] }).headers ?? summary.headers;
    let resumed: { afterRow: number; stagedRows: number };
    try {
      // The server checks it is the same file; a different one is refused here, nothing changed.
      resumed = await runImportStep(
        () => resume.executeAsync({ importId, file: fileOf(file.name, summary) }),
        {
          describe: refusedInput,
          attempts: 1,
        },
      );
    } catch (error) {
      toast.error((error as Error).message);
      return;
    }
    setPhase({
      step: "importing",
      fileName: file.name,
      total: fileRows ?? summary.rowCount,
      staged: resumed.stagedRows,
      stage: "writing",
      importId,
    });
    try {
      await stream(importId, headers, resumed.afterRow, resumed.stagedRows);
      setPhase({ step: "done", importId, campaignId: unfinishedImport.campaignId, fileName: file.name });
    } catch (error) {
      fail(error, importId);
    }
  }

  function fail(error: unknown, importId: string | undefined) {
    // Messages of our own say what happened; a browser's raw error (a TypeError) would not. Errors
    // from the worker are about the file itself (a row too large to send).
    const message =
      error instanceof Error && !(error instanceof TypeError)
        ? error.message
        : "The import stopped unexpectedly.";
    const refused = !(error instanceof ImportStepError) || error.refused;
    setPhase((p) => (p.step === "importing" ? { ...p, importId, error: { message, refused } } : p));
  }

  async function discard(importId: string, toastMessage: string) {
    const result = await cancel.executeAsync({ importId }).catch(() => undefined);
    if (!result?.data) {
      toast.error(result?.serverError ?? "The import could not be discarded; try again.");
      return false;
    }
    toast.message(toastMessage);
    router.refresh();
    return true;
  }

  if (phase.step === "upload") {
    return (
      <div className="grid grid-cols-[minmax(0,1fr)] gap-6">
        <UnfinishedImports
          imports={unfinished}
          onResume={(u) => setPhase({ step: "resume", unfinished: u })}
          onDiscard={(u) => discard(u.id, `${u.fileName}: import discarded, its checked rows freed.`)}
        />
        <UploadStep
          campaigns={campaigns}
          campaignId={campaignId}
          onCampaignChange={setCampaignId}
          onFile={onFile}
          orgDefaultTimezone={orgDefaultTimezone}
          timeZones={timeZones}
        />
      </div>
    );
  }
  if (phase.step === "resume") {
    return (
      <ResumeStep
        unfinished={phase.unfinished}
        onFile={(file) => runResume(phase.unfinished, file)}
        onBack={() => setPhase({ step: "upload" })}
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
        defaultCountry={defaultCountry}
        checkRows={worker.check}
        onBack={() => setPhase({ step: "upload" })}
        onImport={(setup, mode) => runImport(setup, mode, phase.file, phase.summary)}
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
        started={Boolean(phase.importId)}
        onKeep={() => {
          router.refresh();
          setPhase({ step: "upload" });
        }}
        onCancel={async () => {
          if (phase.importId && !(await discard(phase.importId, "Import cancelled. No leads were written.")))
            return;
          setPhase({ step: "upload" });
        }}
      />
    );
  }
  return (
    <ResultStep
      importId={phase.importId}
      campaignId={phase.campaignId}
      fileName={phase.fileName}
      onAnother={() => {
        router.refresh();
        setPhase({ step: "upload" });
      }}
    />
  );
}
