import { describe, expect, it } from "vitest";
import { keyHint } from "./save-provider-credentials";

describe("keyHint", () => {
  it("shows the last four characters of a real key and less of a short one", () => {
    expect(keyHint("key_0123456789abcdef")).toBe("cdef");
    expect(keyHint("abcdefgh")).toBe("gh");
    expect(keyHint("abc")).toBe("");
  });
});
