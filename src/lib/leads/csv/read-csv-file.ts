import { formatFileSize } from "@/lib/format-size";
import type { CsvRow } from "@/lib/schemas/lead-import";
import { type BatchLimits, createRowBatcher, oversizedRow } from "./batch-rows";
import { type CsvEncoding, decodeCsvBytes } from "./decode";
import { type CsvParseError, parseCsv, parseCsvPreview } from "./parse";

// How the browser reads an import file, step by step, in its CSV worker; `importCsvFile` and the
// import benchmark run the very same steps on the server, so they measure what users get.

export type CsvFileSummary = {
  headers: string[];
  preview: CsvRow[];
  rowCount: number;
  delimiter: string;
  encoding: CsvEncoding;
  hadBom: boolean;
  bytes: number;
  /** `fingerprintBytes` of the file: how a resumed import knows it was given the same file. */
  fingerprint: string;
  problems: CsvParseError[];
};

/**
 * A 64-bit hash of the bytes (two 32-bit multiply-xorshift lanes, as in cyrb53), as 16 hex
 * digits. Not cryptographic: it tells a re-chosen file from a different one with the same name,
 * size and row count, and needs no secure context (crypto.subtle is missing on plain http).
 */
export function fingerprintBytes(bytes: Uint8Array): string {
  let h1 = 0xdeadbeef ^ bytes.length;
  let h2 = 0x41c6ce57 ^ bytes.length;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    h1 = Math.imul(h1 ^ b, 2654435761);
    h2 = Math.imul(h2 ^ b, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const hex = (n: number) => (n >>> 0).toString(16).padStart(8, "0");
  return hex(h2) + hex(h1);
}

/**
 * Decodes a file and reads it once through before anything is written: header, the first rows
 * (cells cut to `maxCellChars`, as `streamCsvBatches` sends them), the row count and rows with the
 * wrong number of cells.
 */
export async function openCsvFile(
  bytes: Uint8Array,
  { previewRows, maxCellChars }: { previewRows: number; maxCellChars?: number },
): Promise<{ text: string; summary: CsvFileSummary }> {
  const decoded = decodeCsvBytes(bytes);
  const text = decoded.text;
  const preview = parseCsvPreview(text, previewRows);
  const counted = await parseCsv(text, { onRows: () => {} });
  return {
    text,
    summary: {
      headers: counted.headers,
      preview: preview.rows.map((cells, i) => ({
        row: preview.rowNumbers[i] ?? i + 2,
        cells: fitCells(cells, maxCellChars),
      })),
      rowCount: counted.rowCount,
      delimiter: counted.delimiter,
      encoding: decoded.encoding,
      hadBom: decoded.hadBom,
      bytes: bytes.byteLength,
      fingerprint: fingerprintBytes(bytes),
      problems: counted.errors,
    },
  };
}

export type BatchProgress = { parsedBytes: number; totalBytes: number };

/**
 * Every data row after `afterRow` (0: all of them), in file order, in batches within `limits`.
 * `onBatch` is awaited before more of the file is parsed, so rows never pile up. A cell longer
 * than `maxCellChars` is cut to it: no lead field keeps that much (custom fields keep 2,000
 * characters, with a warning), and one long notes cell must not stop an import. A row too large
 * to travel even alone stops the stream with an error naming it, before it is sent.
 */
export async function streamCsvBatches(
  text: string,
  {
    afterRow = 0,
    limits,
    onBatch,
  }: {
    afterRow?: number;
    limits: BatchLimits & { maxCellChars?: number };
    onBatch: (rows: CsvRow[], progress: BatchProgress) => Promise<void>;
  },
): Promise<{ rowCount: number; sentRows: number }> {
  const batcher = createRowBatcher(limits);
  let sentRows = 0;
  const send = async (batch: CsvRow[] | null, parsedBytes: number) => {
    if (!batch) return;
    const oversized = oversizedRow(batch, limits);
    if (oversized) {
      throw new Error(
        `Row ${oversized.row.toLocaleString("en-US")} holds ${formatFileSize(oversized.bytes)} of text; an import takes rows of up to ${formatFileSize(limits.maxBytes)}. Shorten its cells or remove the row, then import again.`,
      );
    }
    await onBatch(batch, { parsedBytes, totalBytes: text.length });
    sentRows += batch.length;
  };
  const result = await parseCsv(text, {
    onRows: async (rows, progress, rowNumbers) => {
      for (let i = 0; i < rows.length; i++) {
        const row = rowNumbers[i] ?? 0;
        if (row <= afterRow) continue;
        const done = batcher.add({ row, cells: fitCells(rows[i] ?? [], limits.maxCellChars) });
        if (done) await send(done, progress.bytes);
      }
    },
  });
  await send(batcher.flush(), text.length);
  return { rowCount: result.rowCount, sentRows };
}

function fitCells(cells: string[], maxChars: number | undefined): string[] {
  if (maxChars === undefined || cells.every((cell) => cell.length <= maxChars)) return cells;
  return cells.map((cell) => (cell.length > maxChars ? cell.slice(0, maxChars) : cell));
}
