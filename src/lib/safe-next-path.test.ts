import { describe, expect, it } from "vitest";
import { safeNextPath } from "./safe-next-path";

const FALLBACK = "/dashboard";

// Payloads that a browser (or a layer that decodes once more) resolves to another origin or to
// script: protocol-relative, backslash forms (browsers read "\" as "/"), tab/CR/LF that browsers
// strip, percent-encoded variants, absolute and scripting schemes.
const HOSTILE = [
  "//evil.example/x",
  "///evil.example",
  "////evil.example",
  "/\\evil.example/phish",
  "\\/evil.example",
  "\\\\evil.example",
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r/evil.example",
  "/\r\n/evil.example",
  "\t//evil.example",
  " //evil.example",
  "/%5Cevil.example",
  "/%5cevil.example",
  "/%2F%2Fevil.example",
  "/%2f/evil.example",
  "/%252F%252Fevil.example",
  "/%09/evil.example",
  "/%0d%0a/evil.example",
  "%2F%2Fevil.example",
  "https://evil.example/x",
  "http:evil.example",
  "https:/evil.example",
  "HTTPS://evil.example",
  "javascript:alert(1)",
  "JavaScript:alert(document.cookie)",
  "java\tscript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "vbscript:msgbox(1)",
  "evil.example",
  "dashboard",
  "./dashboard",
  "",
  "/\u0000/evil.example",
  "/\u2028/evil.example",
];

const SAFE: [input: string, expected: string][] = [
  ["/dashboard", "/dashboard"],
  ["/leads?status=pending&q=ann", "/leads?status=pending&q=ann"],
  ["/invite/abcDEF_123-xyz", "/invite/abcDEF_123-xyz"],
  ["/outbox/0b8f4c1e-6a3e-4e0c-9d1e-3c2b1a0f9e8d#html", "/outbox/0b8f4c1e-6a3e-4e0c-9d1e-3c2b1a0f9e8d#html"],
  // A URL in the query string is data, not a destination.
  ["/leads?q=https://example.com//x", "/leads?q=https://example.com//x"],
  // Dot segments are resolved, and cannot climb above the origin.
  ["/leads/../settings", "/settings"],
  ["/../../settings", "/settings"],
  ["/", "/"],
];

describe("safeNextPath", () => {
  it.each(HOSTILE)("refuses %j and falls back", (payload) => {
    expect(safeNextPath(payload)).toBe(FALLBACK);
  });

  it.each(SAFE)("keeps the same-origin path %j", (input, expected) => {
    expect(safeNextPath(input)).toBe(expected);
  });

  it("whatever it returns stays on the app's origin in a browser's URL parser", () => {
    const origin = "https://app.example";
    for (const payload of [...HOSTILE, ...SAFE.map(([input]) => input)]) {
      const target = new URL(safeNextPath(payload), origin);
      expect(target.origin, JSON.stringify(payload)).toBe(origin);
    }
  });

  it("refuses a value longer than a URL anyone would follow", () => {
    expect(safeNextPath(`/${"a".repeat(3000)}`)).toBe(FALLBACK);
  });

  it("takes a custom fallback and ignores values that are not strings", () => {
    expect(safeNextPath(undefined)).toBe(FALLBACK);
    expect(safeNextPath(null)).toBe(FALLBACK);
    expect(safeNextPath(["/settings"])).toBe(FALLBACK);
    expect(safeNextPath("//evil.example", "/onboarding")).toBe("/onboarding");
  });
});
