import type { CsvRow } from "@/lib/schemas/lead-import";

/** Messages between the import page and its CSV worker (parsing never blocks the page). */
export type ToWorker =
  | { type: "open"; file: File; previewRows: number }
  | { type: "stream"; batchRows: number }
  | { type: "ack" };

export type FileSummary = {
  headers: string[];
  preview: CsvRow[];
  rowCount: number;
  delimiter: string;
  encoding: "utf-8" | "windows-1252" | "utf-16le" | "utf-16be";
  hadBom: boolean;
  bytes: number;
  problems: { row: number; message: string }[];
};

export type FromWorker =
  | { type: "opened"; summary: FileSummary }
  | { type: "batch"; rows: CsvRow[]; parsedBytes: number; totalBytes: number }
  | { type: "done"; rowCount: number }
  | { type: "error"; message: string };
