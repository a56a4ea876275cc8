/// <reference lib="webworker" />
import type { CountryCode } from "libphonenumber-js";
import { CheckSuperseded, checkCsvRows } from "@/lib/leads/csv/check-rows";
import { openCsvFile, streamCsvBatches } from "@/lib/leads/csv/read-csv-file";
import { IMPORT_BATCH_LIMITS } from "@/lib/schemas/lead-import";
import type { FromWorker, ToWorker } from "./csv-worker-protocol";

// Decoding, checking and parsing a 50 MB file takes seconds: it happens here, off the main
// thread, and rows go to the page one batch at a time, each only after the page has stored the
// previous one. The steps themselves are shared with the server (`read-csv-file.ts`).

const scope = self as unknown as DedicatedWorkerGlobalScope;
let text = "";
/** The check allowed to run; opening a file or streaming it stops any check (-1). */
let currentCheck = -1;
let waitingForAck: (() => void) | undefined;

function post(message: FromWorker) {
  scope.postMessage(message);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

scope.onmessage = async (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (message.type === "ack") {
    const resume = waitingForAck;
    waitingForAck = undefined;
    resume?.();
    return;
  }
  if (message.type === "open") {
    try {
      currentCheck = -1;
      const opened = await openCsvFile(new Uint8Array(await message.file.arrayBuffer()), {
        previewRows: message.previewRows,
        maxCellChars: IMPORT_BATCH_LIMITS.maxCellChars,
      });
      text = opened.text;
      post({ type: "opened", summary: opened.summary });
    } catch (error) {
      post({ type: "error", during: "open", message: errorMessage(error) });
    }
    return;
  }
  if (message.type === "check") {
    // A newer check (the mapping changed again) or the import starting makes this one moot.
    currentCheck = message.id;
    try {
      const check = await checkCsvRows(text, {
        setup: message.setup,
        ctx: {
          defaultCountry: message.defaultCountry as CountryCode,
          defaultTimezone: message.defaultTimezone,
        },
        duplicateMode: message.duplicateMode,
        previewThrough: message.previewThrough,
        isCurrent: () => currentCheck === message.id,
      });
      post({ type: "checked", id: message.id, check });
    } catch (error) {
      if (error instanceof CheckSuperseded) post({ type: "checked", id: message.id, check: null });
      else post({ type: "error", during: "check", id: message.id, message: errorMessage(error) });
    }
    return;
  }
  try {
    currentCheck = -1;
    const result = await streamCsvBatches(text, {
      afterRow: message.afterRow,
      limits: IMPORT_BATCH_LIMITS,
      onBatch: (rows, progress) =>
        new Promise<void>((resolve) => {
          waitingForAck = resolve;
          post({ type: "batch", rows, ...progress });
        }),
    });
    post({ type: "done", ...result });
  } catch (error) {
    post({ type: "error", during: "stream", message: errorMessage(error) });
  }
};
