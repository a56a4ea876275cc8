import { describe, expect, it } from "vitest";
import { UNEXPECTED_ERROR_MESSAGE } from "@/lib/errors";
import { stageImportRowsSchema } from "@/lib/schemas/lead-import";
import { describeRefusal, ImportStepError, runImportStep } from "./import-errors";

const noPause = () => Promise.resolve();
const describe_ = () => "refused";

/** Counts calls and answers from a script, one entry per call. */
function scripted(answers: (() => unknown)[]) {
  let calls = 0;
  const call = async () => {
    const answer = answers[calls++];
    if (!answer) throw new Error("called too often");
    return answer() as { data?: { ok: true }; serverError?: string; validationErrors?: unknown };
  };
  return { call, calls: () => calls };
}

describe("runImportStep", () => {
  it("retries a dropped connection and an unexpected server error, then succeeds", async () => {
    const step = scripted([
      () => {
        throw new TypeError("Failed to fetch");
      },
      () => ({ serverError: UNEXPECTED_ERROR_MESSAGE }),
      () => ({ data: { ok: true } }),
    ]);
    const pauses: number[] = [];
    const result = await runImportStep(step.call, {
      describe: describe_,
      pause: async (ms) => {
        pauses.push(ms);
      },
    });
    expect(result).toEqual({ ok: true });
    expect(step.calls()).toBe(3);
    expect(pauses).toEqual([500, 1000]);
  });

  it("never retries a validation refusal, and says what was refused", async () => {
    const step = scripted([() => ({ validationErrors: { rows: { _errors: ["too many"] } } })]);
    const error = await runImportStep(step.call, {
      describe: () => "Row 9 is too long.",
      pause: noPause,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportStepError);
    expect((error as ImportStepError).refused).toBe(true);
    expect((error as Error).message).toBe("Row 9 is too long.");
    expect(step.calls()).toBe(1);
  });

  it("never retries an error the server explained, and passes its words on", async () => {
    const step = scripted([() => ({ serverError: "This import is already cancelled." })]);
    await expect(runImportStep(step.call, { describe: describe_, pause: noPause })).rejects.toThrow(
      "This import is already cancelled.",
    );
    expect(step.calls()).toBe(1);
  });

  it("gives up after the last attempt without showing the browser's raw error", async () => {
    const offline = () => {
      throw new TypeError("Failed to fetch");
    };
    const step = scripted([offline, offline, offline]);
    const error = (await runImportStep(step.call, { describe: describe_, pause: noPause }).catch(
      (e: unknown) => e,
    )) as Error;
    expect(step.calls()).toBe(3);
    expect((error as ImportStepError).refused).toBe(false);
    expect(error.message).toBe(
      "The server could not be reached, 3 times in a row: the connection dropped, or the server is restarting.",
    );
    expect(error.message).not.toContain("Failed to fetch");
    // A step tried once (starting an import) says so without counting.
    const once = (await runImportStep(scripted([offline]).call, { describe: describe_, attempts: 1 }).catch(
      (e: unknown) => e,
    )) as Error;
    expect(once.message).toBe(
      "The server could not be reached: the connection dropped, or the server is restarting.",
    );
  });
});

describe("describeRefusal", () => {
  const headers = ["Phone", "Notes"];
  const rows = [
    { row: 1233, cells: ["+12125550100", "ok"] },
    { row: 1234, cells: ["+12125550101", "x".repeat(10_001)] },
  ];

  it("names the row and column of a refused cell, from the schema's own errors", () => {
    const parsed = stageImportRowsSchema.safeParse({
      importId: "00000000-0000-4000-8000-000000000000",
      rows,
    });
    expect(parsed.success).toBe(false);
    // The shape next-safe-action hands the client ("formatted" validation errors).
    const formatted = { rows: { 1: { cells: { 1: { _errors: [parsed.error?.issues[0]?.message] } } } } };
    expect(describeRefusal(formatted, rows, headers)).toBe(
      "The server refused rows of this file. Row 1,234, column “Notes”: a cell holds at most 10,000 characters.",
    );
  });

  it("names a refusal of the whole batch, and counts what it does not list", () => {
    const many = { rows: { _errors: ["a batch carries at most 2,000 rows"] } };
    expect(describeRefusal(many, rows, headers)).toBe(
      "The server refused rows of this file. This batch of rows: a batch carries at most 2,000 rows.",
    );
    const cells = Object.fromEntries(
      Array.from({ length: 5 }, (_, i) => [i, { cells: { 0: { _errors: ["bad"] } } }]),
    );
    expect(describeRefusal({ rows: cells }, rows, headers)).toMatch(/\(2 more like it\.\)$/);
  });
});
