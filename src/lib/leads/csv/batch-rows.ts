import type { CsvRow } from "@/lib/schemas/lead-import";

export type BatchLimits = { maxRows: number; maxBytes: number };

/**
 * What a row adds to a server-action request body: the UTF-8 length of its JSON, which is how
 * the action's arguments travel. The server schema measures batches with the same function, so
 * a batch the client built within the limit is never refused for its size.
 */
export function csvRowBytes(row: CsvRow): number {
  const json = JSON.stringify(row);
  let bytes = json.length;
  for (let i = 0; i < json.length; i++) {
    const code = json.charCodeAt(i);
    // Surrogate pairs are 2 code units and 4 bytes; everything else above U+007F is 2 or 3 bytes.
    if (code >= 0x800 && (code < 0xd800 || code > 0xdfff)) bytes += 2;
    else if (code >= 0x80) bytes += 1;
  }
  return bytes;
}

/**
 * Groups rows, in order, into batches of at most `maxRows` rows and `maxBytes` bytes (by
 * `csvRowBytes`). A row larger than `maxBytes` on its own cannot be split: it travels alone, and
 * `oversized` tells the caller to refuse it rather than send it.
 */
export function createRowBatcher(limits: BatchLimits) {
  let rows: CsvRow[] = [];
  let bytes = 0;
  const take = () => {
    const batch = rows;
    rows = [];
    bytes = 0;
    return batch;
  };
  return {
    /** Adds a row; returns the batch it completed, if adding it would have overfilled one. */
    add(row: CsvRow): CsvRow[] | null {
      const size = csvRowBytes(row);
      const full = rows.length > 0 && (rows.length >= limits.maxRows || bytes + size > limits.maxBytes);
      const done = full ? take() : null;
      rows.push(row);
      bytes += size;
      return done;
    },
    /** The rows not yet handed out, as a last batch (null when there are none). */
    flush(): CsvRow[] | null {
      return rows.length > 0 ? take() : null;
    },
  };
}

/** The one row of a batch that alone exceeds `maxBytes`, if any: it must be refused, not sent. */
export function oversizedRow(batch: CsvRow[], limits: BatchLimits): { row: number; bytes: number } | null {
  if (batch.length !== 1 || !batch[0]) return null;
  const bytes = csvRowBytes(batch[0]);
  return bytes > limits.maxBytes ? { row: batch[0].row, bytes } : null;
}
