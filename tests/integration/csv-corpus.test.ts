import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { decodeCsvBytes } from "@/lib/leads/csv/decode";
import { guessMapping, mappingErrors } from "@/lib/leads/csv/headers";
import { normalizeCsvRow } from "@/lib/leads/csv/normalize-csv-row";
import { parseCsv } from "@/lib/leads/csv/parse";
import { timezonesForE164 } from "@/lib/leads/normalize/phone-timezone";

/**
 * Every ugly file in tests/fixtures/csv goes through the whole client + server path of an
 * import (decode → parse → guess the mapping → map rows → normalise) and is compared with the
 * expected.json written beside it by hand.
 */

const CORPUS = join(import.meta.dirname, "../fixtures/csv");

const leadField = z.enum([
  "phone",
  "firstName",
  "lastName",
  "fullName",
  "company",
  "email",
  "timezone",
  "consent",
  "consentSource",
  "consentAt",
]);

// Optional lead fields are compared only when the fixture states them.
const acceptedSchema = z.strictObject({
  row: z.number().int(),
  phone: z.string(),
  phoneExtension: z.string().nullable().optional(),
  firstName: z.string().nullable().optional(),
  lastName: z.string().nullable().optional(),
  company: z.string().nullable().optional(),
  email: z.string().nullable().optional(),
  timezone: z.string().optional(),
  timezoneSource: z.enum(["column", "inferred", "default"]).optional(),
  timezoneCandidates: z.array(z.string()).nullable().optional(),
  consent: z.boolean().nullable().optional(),
  consentAt: z.string().nullable().optional(),
  customFields: z.record(z.string(), z.string()).optional(),
  /** Substrings, one per expected warning; a row without this key must have no warnings. */
  warnings: z.array(z.string()).optional(),
});

const expectedSchema = z.strictObject({
  description: z.string(),
  encoding: z.enum(["utf-8", "windows-1252", "utf-16le", "utf-16be"]),
  hadBom: z.boolean(),
  delimiter: z.string(),
  headers: z.array(z.string()),
  mapping: z.array(leadField.nullable()),
  mappingErrors: z.array(z.string()).default([]),
  rowCount: z.number().int(),
  parseErrors: z.array(z.strictObject({ row: z.number().int(), message: z.string() })).default([]),
  accepted: z.array(acceptedSchema),
  rejected: z.array(z.strictObject({ row: z.number().int(), field: z.string(), reason: z.string() })),
});

const ctx = {
  defaultCountry: "US" as const,
  defaultTimezone: "America/New_York",
  phoneTimezones: timezonesForE164,
};

const fixtures = readdirSync(CORPUS, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(CORPUS, entry.name, "expected.json")))
  .map((entry) => entry.name)
  .sort();

async function importFixture(name: string) {
  const decoded = decodeCsvBytes(new Uint8Array(readFileSync(join(CORPUS, name, "input.csv"))));
  const records: { row: number; cells: string[] }[] = [];
  // A small chunk size so even these files cross chunk boundaries, as 50 MB files do.
  const parsed = await parseCsv(decoded.text, {
    chunkSize: 64,
    onRows: (rows, _progress, rowNumbers) => {
      rows.forEach((cells, i) => {
        records.push({ row: rowNumbers[i] ?? -1, cells });
      });
    },
  });
  const mapping = guessMapping(parsed.headers);
  const problems = mappingErrors(parsed.headers, mapping);
  const results =
    problems.length > 0
      ? []
      : records.map(({ row, cells }) => ({
          row,
          result: normalizeCsvRow({ headers: parsed.headers, mapping }, { row, cells }, ctx),
        }));
  return { decoded, parsed, mapping, problems, results };
}

describe("CSV corpus", () => {
  it("has fixtures", () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(11);
  });

  describe.each(fixtures)("%s", (name) => {
    const expected = expectedSchema.parse(
      JSON.parse(readFileSync(join(CORPUS, name, "expected.json"), "utf8")),
    );
    const imported = importFixture(name);

    it("decodes and parses the file", async () => {
      const { decoded, parsed, mapping, problems } = await imported;
      expect({ encoding: decoded.encoding, hadBom: decoded.hadBom }).toEqual({
        encoding: expected.encoding,
        hadBom: expected.hadBom,
      });
      expect(parsed.delimiter).toBe(expected.delimiter);
      expect(parsed.headers).toEqual(expected.headers);
      expect(parsed.rowCount).toBe(expected.rowCount);
      expect(parsed.errors).toEqual(expected.parseErrors);
      expect(mapping).toEqual(expected.mapping);
      expect(problems).toEqual(expected.mappingErrors);
    });

    it("accepts exactly the expected rows, normalised as expected", async () => {
      const { results } = await imported;
      const accepted = results.flatMap(({ result }) => (result.ok ? [result] : []));
      expect(accepted.map(({ row, lead }) => ({ row, phone: lead.phone }))).toEqual(
        expected.accepted.map(({ row, phone }) => ({ row, phone })),
      );
      for (const { row, warnings, customFields, ...fields } of expected.accepted) {
        const actual = accepted.find((a) => a.row === row);
        expect(actual?.lead, `row ${row}`).toMatchObject(fields);
        // toMatchObject would let {} match any object; custom fields must match exactly.
        if (customFields)
          expect(actual?.lead.customFields, `custom fields of row ${row}`).toEqual(customFields);
        const substrings = warnings ?? [];
        expect(actual?.warnings, `warnings of row ${row}`).toHaveLength(substrings.length);
        substrings.forEach((text, i) => {
          expect(actual?.warnings[i], `warning of row ${row}`).toContain(text);
        });
      }
    });

    it("rejects exactly the expected rows, for the expected reasons", async () => {
      const { results } = await imported;
      const rejected = results.flatMap(({ row, result }) =>
        result.ok ? [] : [{ row, errors: result.errors }],
      );
      expect(rejected.map(({ row }) => row)).toEqual(expected.rejected.map(({ row }) => row));
      for (const { row, field, reason } of expected.rejected) {
        const errors = rejected.find((r) => r.row === row)?.errors ?? [];
        expect(errors, `row ${row}`).toContainEqual({ field, message: expect.stringContaining(reason) });
      }
    });
  });
});
