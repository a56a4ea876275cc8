import { describe, expect, it } from "vitest";
import { formatFileSize } from "./format-size";

describe("formatFileSize", () => {
  it("names bytes, kilobytes and megabytes", () => {
    expect([1, 812, 1024, 41_000, 1024 * 1024, 9.5 * 1024 * 1024].map(formatFileSize)).toEqual([
      "1 byte",
      "812 bytes",
      "1 KB",
      "40 KB",
      "1.0 MB",
      "9.5 MB",
    ]);
  });
});
