"use client";

import { useCallback, useEffect, useRef } from "react";
import type { CsvRow } from "@/lib/schemas/lead-import";
import type { FileSummary, FromWorker, ToWorker } from "./csv-worker-protocol";

/** One CSV worker for the life of the import page, with promise-shaped calls. */
export function useCsvWorker() {
  const worker = useRef<Worker | null>(null);

  useEffect(() => {
    worker.current = new Worker(new URL("./csv-worker.ts", import.meta.url), { type: "module" });
    return () => worker.current?.terminate();
  }, []);

  const open = useCallback((file: File, previewRows = 20): Promise<FileSummary> => {
    return new Promise((resolve, reject) => {
      const w = worker.current;
      if (!w) return reject(new Error("The CSV reader is not ready yet."));
      w.onmessage = (event: MessageEvent<FromWorker>) => {
        if (event.data.type === "opened") resolve(event.data.summary);
        if (event.data.type === "error") reject(new Error(event.data.message));
      };
      w.postMessage({ type: "open", file, previewRows } satisfies ToWorker);
    });
  }, []);

  /** Streams every row in batches; `onBatch` must finish storing a batch before the next is read. */
  const stream = useCallback(
    (
      batchRows: number,
      onBatch: (rows: CsvRow[], progress: { parsedBytes: number; totalBytes: number }) => Promise<void>,
    ): Promise<number> => {
      return new Promise((resolve, reject) => {
        const w = worker.current;
        if (!w) return reject(new Error("The CSV reader is not ready yet."));
        w.onmessage = async (event: MessageEvent<FromWorker>) => {
          const data = event.data;
          if (data.type === "batch") {
            try {
              await onBatch(data.rows, data);
              w.postMessage({ type: "ack" } satisfies ToWorker);
            } catch (error) {
              reject(error);
            }
          } else if (data.type === "done") resolve(data.rowCount);
          else if (data.type === "error") reject(new Error(data.message));
        };
        w.postMessage({ type: "stream", batchRows } satisfies ToWorker);
      });
    },
    [],
  );

  return { open, stream };
}
