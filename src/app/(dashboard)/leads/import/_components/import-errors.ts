import { UNEXPECTED_ERROR_MESSAGE } from "@/lib/errors";
import type { CsvRow } from "@/lib/schemas/lead-import";

/**
 * An import step that failed, with a message written for the person importing. `refused`: the
 * server said no (sending the same again cannot help); otherwise it could not be reached.
 */
export class ImportStepError extends Error {
  constructor(
    message: string,
    readonly refused: boolean,
  ) {
    super(message);
  }
}

type ActionOutcome<T> = { data?: T; serverError?: string; validationErrors?: unknown } | undefined;

/** next-safe-action's formatted validation errors as (path, message) pairs, depth first. */
function issues(node: unknown, path: string[] = []): { path: string[]; message: string }[] {
  if (typeof node !== "object" || node === null) return [];
  const out: { path: string[]; message: string }[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === "_errors" && Array.isArray(value)) {
      for (const message of value) out.push({ path, message: String(message) });
    } else {
      out.push(...issues(value, [...path, key]));
    }
  }
  return out;
}

/**
 * A refusal of a batch, in the file's own terms: "Row 1,234, column “Notes”: a cell holds at
 * most 10,000 characters", at most three of them.
 */
export function describeRefusal(validationErrors: unknown, rows: CsvRow[], headers: string[]): string {
  const found = issues(validationErrors);
  const where = (path: string[]) => {
    if (path[0] !== "rows") return "The import";
    if (path.length === 1) return "This batch of rows";
    const row = rows[Number(path[1])]?.row;
    const at = row === undefined ? "A row" : `Row ${row.toLocaleString("en-US")}`;
    if (path[2] !== "cells" || path[3] === undefined) return at;
    const column = headers[Number(path[3])];
    return column ? `${at}, column “${column}”` : `${at}, column ${Number(path[3]) + 1}`;
  };
  const lines = found.slice(0, 3).map((issue) => `${where(issue.path)}: ${issue.message}.`);
  if (found.length > 3) lines.push(`(${(found.length - 3).toLocaleString("en-US")} more like it.)`);
  return `The server refused rows of this file. ${lines.join(" ") || "It gave no reason."}`;
}

/**
 * Runs one import step through a server action. What may pass on another try (the connection
 * failed, the server hit an unexpected error) is retried with a growing pause; a refusal (the
 * input failed validation, or the server said why it cannot) never is, and stops the import with
 * a message that names the problem instead of a browser's raw error.
 */
export async function runImportStep<T>(
  call: () => Promise<ActionOutcome<T>>,
  {
    describe,
    attempts = 3,
    pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
  }: {
    /** Turns validation errors into a sentence (for batches: `describeRefusal`). */
    describe: (validationErrors: unknown) => string;
    attempts?: number;
    pause?: (ms: number) => Promise<void>;
  },
): Promise<T> {
  let lastFailure: "network" | "server" = "network";
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1) await pause(500 * 2 ** (attempt - 2));
    let outcome: ActionOutcome<T>;
    try {
      outcome = await call();
    } catch {
      lastFailure = "network";
      continue;
    }
    if (outcome?.data !== undefined) return outcome.data;
    if (outcome?.validationErrors) throw new ImportStepError(describe(outcome.validationErrors), true);
    if (outcome?.serverError && outcome.serverError !== UNEXPECTED_ERROR_MESSAGE) {
      throw new ImportStepError(outcome.serverError, true);
    }
    lastFailure = "server";
  }
  throw new ImportStepError(
    lastFailure === "network"
      ? `The server could not be reached${attempts > 1 ? `, ${attempts} times in a row` : ""}: the connection dropped, or the server is restarting.`
      : `The server failed with an unexpected error${attempts > 1 ? `, ${attempts} times in a row` : ""}.`,
    false,
  );
}
