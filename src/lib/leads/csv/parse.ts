import Papa from "papaparse";

export type CsvParseError = { row: number; message: string };

export type CsvProgress = { bytes: number; total: number };

export type ParseCsvOptions = {
  /**
   * Called once per chunk with its data rows (padded or cut to the header's length); awaited before
   * the next chunk is parsed, so a slow consumer holds the parser back instead of piling up rows.
   * `rowNumbers[i]` is the spreadsheet row of `rows[i]`.
   */
  onRows: (rows: string[][], progress: CsvProgress, rowNumbers: number[]) => void | Promise<void>;
  /** Characters per chunk; the default keeps a chunk around 5,000 typical lead rows. */
  chunkSize?: number;
};

export type ParsedCsv = {
  headers: string[];
  delimiter: string;
  /** Data rows passed to `onRows` (blank rows and the header excluded). */
  rowCount: number;
  errors: CsvParseError[];
};

export type CsvPreview = {
  headers: string[];
  delimiter: string;
  rows: string[][];
  rowNumbers: number[];
  errors: CsvParseError[];
};

const DELIMITERS = [",", ";", "\t", "|"];
const DEFAULT_CHUNK_SIZE = 512 * 1024;

/**
 * The delimiter (one of , ; tab |), guessed once from the start of the file so the preview and
 * the full parse always agree. A file with a single column has none to find: ",".
 */
export function detectDelimiter(text: string): string {
  const sample = Papa.parse<string[]>(text.slice(0, 64 * 1024), {
    delimitersToGuess: DELIMITERS,
    preview: 100,
    skipEmptyLines: "greedy",
  });
  const undetectable = sample.errors.some((e) => e.code === "UndetectableDelimiter");
  return undetectable ? "," : sample.meta.delimiter;
}

/**
 * Turns Papa's raw records into header + data rows, numbering rows as a spreadsheet shows them
 * (header = 1, a quoted line break does not start a new row, blank rows still count). Papa runs
 * with skipEmptyLines off because its "greedy" mode drops blank rows without a trace and the
 * numbering would drift; they are skipped here with the same rule (every cell blank).
 */
class RowAssembler {
  headers: string[] | null = null;
  readonly errors: CsvParseError[] = [];
  private physicalRow = 0;

  /** Data rows of this batch of records, with their row numbers. */
  take(records: string[][], papaErrors: Papa.ParseError[]): { rows: string[][]; rowNumbers: number[] } {
    const firstRow = this.physicalRow + 1;
    for (const error of papaErrors) {
      const message = QUOTE_MESSAGES[error.code];
      if (message) this.errors.push({ row: firstRow + (error.row ?? 0), message });
    }
    const rows: string[][] = [];
    const rowNumbers: number[] = [];
    for (const record of records) {
      this.physicalRow++;
      if (record.every((cell) => cell.trim() === "")) continue;
      if (this.headers === null) {
        this.headers = record.map((cell, i) => (i === 0 ? cell.replace(/^\uFEFF/, "") : cell).trim());
        continue;
      }
      rows.push(this.fit(record));
      rowNumbers.push(this.physicalRow);
    }
    return { rows, rowNumbers };
  }

  private fit(record: string[]): string[] {
    const width = this.headers?.length ?? record.length;
    if (record.length === width) return record;
    if (record.length < width) {
      this.errors.push({
        row: this.physicalRow,
        message: `${fieldCount(record.length, width)}: missing fields left empty`,
      });
      return [...record, ...Array<string>(width - record.length).fill("")];
    }
    // Trailing empty cells ("a,b,c,,") are a common export habit and lose nothing.
    if (record.slice(width).some((cell) => cell.trim() !== "")) {
      this.errors.push({
        row: this.physicalRow,
        message: `${fieldCount(record.length, width)}: extra fields dropped`,
      });
    }
    return record.slice(0, width);
  }
}

function fieldCount(actual: number, expected: number): string {
  return `has ${actual} ${actual === 1 ? "field" : "fields"}, the header has ${expected}`;
}

const QUOTE_MESSAGES: Partial<Record<Papa.ParseError["code"], string>> = {
  MissingQuotes: "a quote is never closed: the rest of the file may have been read into one field",
  InvalidQuotes: "a stray quote inside a field",
};

/**
 * Parses CSV text chunk by chunk, handing data rows to `onRows`, so a 200,000-row file never
 * exists as one array of rows. Rows with the wrong number of fields are reported in `errors`
 * and still passed on.
 */
export function parseCsv(text: string, opts: ParseCsvOptions): Promise<ParsedCsv> {
  const delimiter = detectDelimiter(text);
  const assembler = new RowAssembler();
  let rowCount = 0;

  return new Promise((resolve, reject) => {
    let failed = false;
    const finish = () => {
      if (failed) return;
      resolve({ headers: assembler.headers ?? [], delimiter, rowCount, errors: assembler.errors });
    };
    // Papa streams strings in chunks too, but its typings only allow `chunk` for files and URLs.
    const config: Papa.ParseConfig<string[]> & {
      chunkSize: number;
      chunk: (results: Papa.ParseResult<string[]>, parser: Papa.Parser) => void;
    } = {
      delimiter,
      header: false,
      skipEmptyLines: false,
      chunkSize: opts.chunkSize ?? DEFAULT_CHUNK_SIZE,
      chunk: (results, parser) => {
        const { rows, rowNumbers } = assembler.take(results.data, results.errors);
        if (rows.length === 0) return;
        rowCount += rows.length;
        const progress = { bytes: Math.min(results.meta.cursor, text.length), total: text.length };
        parser.pause();
        Promise.resolve()
          .then(() => opts.onRows(rows, progress, rowNumbers))
          .then(
            () => parser.resume(),
            (error: unknown) => {
              failed = true;
              parser.abort();
              reject(error);
            },
          );
      },
      complete: finish,
    };
    Papa.parse<string[]>(text, config);
  });
}

/** The header and the first `n` data rows, for the mapping step; synchronous and cheap. */
export function parseCsvPreview(text: string, n: number): CsvPreview {
  const delimiter = detectDelimiter(text);
  const assembler = new RowAssembler();
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  Papa.parse<string[]>(text, {
    delimiter,
    header: false,
    skipEmptyLines: false,
    step: (result, parser) => {
      // In step mode Papa numbers errors across the whole file; this record is the only one here.
      const taken = assembler.take(
        [result.data],
        result.errors.map((error) => ({ ...error, row: 0 })),
      );
      rows.push(...taken.rows);
      rowNumbers.push(...taken.rowNumbers);
      if (assembler.headers !== null && rows.length >= n) parser.abort();
    },
  });
  return {
    headers: assembler.headers ?? [],
    delimiter,
    rows: rows.slice(0, n),
    rowNumbers: rowNumbers.slice(0, n),
    errors: assembler.errors,
  };
}
