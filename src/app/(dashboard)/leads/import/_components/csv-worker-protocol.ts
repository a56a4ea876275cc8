import type { DuplicateMode, ImportCheck } from "@/lib/leads/csv/check-rows";
import type { CsvFileSummary } from "@/lib/leads/csv/read-csv-file";
import type { CsvRow, ImportSetup } from "@/lib/schemas/lead-import";

export type FileSummary = CsvFileSummary;

export type CheckRequest = {
  setup: Pick<ImportSetup, "headers" | "mapping" | "bulkConsent">;
  defaultCountry: string;
  defaultTimezone: string;
  duplicateMode: DuplicateMode;
  previewThrough: number;
};

/** Messages between the import page and its CSV worker (parsing never blocks the page). */
export type ToWorker =
  | { type: "open"; file: File; previewRows: number }
  | ({ type: "check"; id: number } & CheckRequest)
  | { type: "stream"; afterRow: number }
  | { type: "ack" };

export type FromWorker =
  | { type: "opened"; summary: FileSummary }
  | { type: "checked"; id: number; check: ImportCheck | null }
  | { type: "batch"; rows: CsvRow[]; parsedBytes: number; totalBytes: number }
  | { type: "done"; rowCount: number; sentRows: number }
  | { type: "error"; during: "open" | "check" | "stream"; id?: number; message: string };
