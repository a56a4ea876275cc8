/// <reference lib="webworker" />
import { decodeCsvBytes } from "@/lib/leads/csv/decode";
import { parseCsv, parseCsvPreview } from "@/lib/leads/csv/parse";
import type { CsvRow } from "@/lib/schemas/lead-import";
import type { FromWorker, ToWorker } from "./csv-worker-protocol";

// Decoding and parsing a 50 MB file takes seconds: it happens here, off the main thread, and rows
// go to the page one batch at a time, each only after the page has stored the previous one.

const scope = self as unknown as DedicatedWorkerGlobalScope;
let text = "";
let bytes = 0;
let waitingForAck: (() => void) | undefined;

function post(message: FromWorker) {
  scope.postMessage(message);
}

scope.onmessage = async (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  try {
    if (message.type === "ack") {
      const resume = waitingForAck;
      waitingForAck = undefined;
      resume?.();
      return;
    }
    if (message.type === "open") {
      const buffer = new Uint8Array(await message.file.arrayBuffer());
      bytes = buffer.byteLength;
      const decoded = decodeCsvBytes(buffer);
      text = decoded.text;
      const preview = parseCsvPreview(text, message.previewRows);
      // A counting pass: the page states the row count and any ragged rows before anything is written.
      const counted = await parseCsv(text, { onRows: () => {} });
      post({
        type: "opened",
        summary: {
          headers: counted.headers,
          preview: preview.rows.map((cells, i) => ({ row: preview.rowNumbers[i] ?? i + 2, cells })),
          rowCount: counted.rowCount,
          delimiter: counted.delimiter,
          encoding: decoded.encoding,
          hadBom: decoded.hadBom,
          bytes,
          problems: counted.errors,
        },
      });
      return;
    }
    if (message.type === "stream") {
      let pending: CsvRow[] = [];
      const flush = async (parsedBytes: number) => {
        if (pending.length === 0) return;
        const rows = pending;
        pending = [];
        await new Promise<void>((resolve) => {
          waitingForAck = resolve;
          post({ type: "batch", rows, parsedBytes, totalBytes: text.length });
        });
      };
      const result = await parseCsv(text, {
        onRows: async (rows, progress, rowNumbers) => {
          rows.forEach((cells, i) => {
            pending.push({ row: rowNumbers[i] ?? 0, cells });
          });
          if (pending.length >= message.batchRows) await flush(progress.bytes);
        },
      });
      await flush(text.length);
      post({ type: "done", rowCount: result.rowCount });
    }
  } catch (error) {
    post({ type: "error", message: error instanceof Error ? error.message : String(error) });
  }
};
