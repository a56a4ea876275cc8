import { describe, expect, it } from "vitest";
import { diffConfig, formatChanges, lineDiff } from "./diff";

describe("diffConfig", () => {
  it("compares only what the config sets, so provider-added fields are not drift", () => {
    const desired = { name: "a", model: { model: "gpt-4.1", tools: [{ type: "endCall" }] } };
    const remote = {
      id: "x",
      createdAt: "2026-01-01",
      name: "a",
      model: { model: "gpt-4.1", maxTokens: 250, tools: [{ type: "endCall", id: "t1" }] },
    };
    expect(diffConfig(desired, remote)).toEqual([]);
  });

  it("reports changed, missing and retyped values with their paths", () => {
    const desired = { a: 1, b: { c: "x", d: [1, 2] }, e: "new", f: { g: 1 } };
    const remote = { a: 2, b: { c: "x", d: [1, 3] }, f: "flat" };
    expect(diffConfig(desired, remote)).toEqual([
      { path: "a", before: 2, after: 1 },
      { path: "b.d[1]", before: 3, after: 2 },
      { path: "e", before: undefined, after: "new" },
      { path: "f", before: "flat", after: { g: 1 } },
    ]);
  });

  it("lists a new object leaf by leaf", () => {
    expect(diffConfig({ a: { b: [1, { c: "x" }] } }, {})).toEqual([
      { path: "a.b[0]", before: undefined, after: 1 },
      { path: "a.b[1].c", before: undefined, after: "x" },
    ]);
  });

  it("reports an array of another length as a whole", () => {
    expect(diffConfig({ t: [1, 2] }, { t: [1] })).toEqual([{ path: "t", before: [1], after: [1, 2] }]);
  });

  it("ignores keys the config leaves undefined", () => {
    expect(diffConfig({ a: undefined, b: 1 }, { b: 1, a: "remote" })).toEqual([]);
  });
});

describe("lineDiff and formatChanges", () => {
  it("marks added and removed lines and keeps common ones out", () => {
    expect(lineDiff("one\ntwo\nthree", "one\n2\nthree\nfour")).toEqual(["+ 2", "- two", "+ four"]);
    expect(lineDiff("same", "same")).toEqual([]);
  });

  it("prints multi-line strings as a line diff and scalars inline", () => {
    const lines = formatChanges([
      { path: "prompt", before: "a\nb", after: "a\nc" },
      { path: "url", before: "http://x", after: "http://y" },
      { path: "added", before: undefined, after: 3 },
      { path: "new", before: undefined, after: "x\ny" },
    ]);
    expect(lines).toEqual([
      "  ~ prompt:",
      "      + c",
      "      - b",
      '  ~ url: "http://x" -> "http://y"',
      "  + added: 3",
      "  + new:",
      "      + x",
      "      + y",
    ]);
  });
});
