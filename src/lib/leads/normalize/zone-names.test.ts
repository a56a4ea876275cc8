import { describe, expect, it } from "vitest";
import { canonicalZoneName, currentZoneName } from "./zone-names";

describe("zone names", () => {
  it("renames legacy spellings the runtime reports as canonical", () => {
    expect(currentZoneName("Asia/Calcutta")).toBe("Asia/Kolkata");
    expect(currentZoneName("Asia/Saigon")).toBe("Asia/Ho_Chi_Minh");
    expect(currentZoneName("America/Chicago")).toBe("America/Chicago");
  });

  it("accepts IANA names in any case and rejects bare abbreviations", () => {
    expect(canonicalZoneName("AMERICA/CHICAGO")).toBe("America/Chicago");
    expect(canonicalZoneName("Etc/GMT")).toBe("UTC");
    expect(canonicalZoneName("EST")).toBeNull();
    expect(canonicalZoneName("Nowhere/Land")).toBeNull();
  });
});
