"use client";

import { useCallback, useEffect, useRef } from "react";
import type { ImportCheck } from "@/lib/leads/csv/check-rows";
import type { BatchProgress } from "@/lib/leads/csv/read-csv-file";
import type { CsvRow } from "@/lib/schemas/lead-import";
import type { CheckRequest, FileSummary, FromWorker, ToWorker } from "./csv-worker-protocol";

type Settle<T> = { resolve: (value: T) => void; reject: (error: Error) => void };
type StreamListener = Settle<{ rowCount: number; sentRows: number }> & {
  onBatch: (rows: CsvRow[], progress: BatchProgress) => Promise<void>;
};

/** One CSV worker for the life of the import page, with promise-shaped calls. */
export function useCsvWorker() {
  const worker = useRef<Worker | null>(null);
  const opening = useRef<Settle<FileSummary> | null>(null);
  const checks = useRef(new Map<number, Settle<ImportCheck | null>>());
  const streaming = useRef<StreamListener | null>(null);
  const nextCheck = useRef(0);

  useEffect(() => {
    const w = new Worker(new URL("./csv-worker.ts", import.meta.url), { type: "module" });
    const failAll = (error: Error) => {
      opening.current?.reject(error);
      opening.current = null;
      for (const check of checks.current.values()) check.reject(error);
      checks.current.clear();
      streaming.current?.reject(error);
      streaming.current = null;
    };
    w.onerror = (event) =>
      failAll(new Error(`The CSV reader stopped: ${event.message || "it could not start"}.`));
    w.onmessage = async (event: MessageEvent<FromWorker>) => {
      const data = event.data;
      switch (data.type) {
        case "opened":
          opening.current?.resolve(data.summary);
          opening.current = null;
          return;
        case "checked":
          checks.current.get(data.id)?.resolve(data.check);
          checks.current.delete(data.id);
          return;
        case "batch": {
          const listener = streaming.current;
          if (!listener) return;
          try {
            await listener.onBatch(data.rows, data);
            w.postMessage({ type: "ack" } satisfies ToWorker);
          } catch (error) {
            streaming.current = null;
            listener.reject(error as Error);
          }
          return;
        }
        case "done":
          streaming.current?.resolve({ rowCount: data.rowCount, sentRows: data.sentRows });
          streaming.current = null;
          return;
        case "error": {
          const error = new Error(data.message);
          if (data.during === "open") {
            opening.current?.reject(error);
            opening.current = null;
          } else if (data.during === "stream") {
            streaming.current?.reject(error);
            streaming.current = null;
          } else if (data.id !== undefined) {
            checks.current.get(data.id)?.reject(error);
            checks.current.delete(data.id);
          }
        }
      }
    };
    worker.current = w;
    return () => {
      w.terminate();
      worker.current = null;
    };
  }, []);

  const send = useCallback((message: ToWorker) => {
    const w = worker.current;
    if (!w) throw new Error("The CSV reader is not ready yet; try again in a moment.");
    w.postMessage(message);
  }, []);

  /** Reads the file: header, first rows, row count, fingerprint. */
  const open = useCallback(
    (file: File, previewRows = 20): Promise<FileSummary> =>
      new Promise((resolve, reject) => {
        opening.current = { resolve, reject };
        send({ type: "open", file, previewRows });
      }),
    [send],
  );

  /** Counts what an import with this setup would bring; null when a newer check replaced it. */
  const check = useCallback(
    (request: CheckRequest): Promise<ImportCheck | null> =>
      new Promise((resolve, reject) => {
        const id = ++nextCheck.current;
        checks.current.set(id, { resolve, reject });
        send({ type: "check", id, ...request });
      }),
    [send],
  );

  /** Streams the rows after `afterRow` in batches; `onBatch` must store a batch before the next is read. */
  const stream = useCallback(
    (
      afterRow: number,
      onBatch: (rows: CsvRow[], progress: BatchProgress) => Promise<void>,
    ): Promise<{ rowCount: number; sentRows: number }> =>
      new Promise((resolve, reject) => {
        streaming.current = { resolve, reject, onBatch };
        send({ type: "stream", afterRow });
      }),
    [send],
  );

  return { open, check, stream };
}
