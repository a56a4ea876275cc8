import { describe, expect, it } from "vitest";
import { applyMapping } from "./map-rows";

describe("applyMapping", () => {
  const headers = ["Phone", "Name", "Notes", "Notes", "", "Mobile"];
  const mapping = ["phone", "fullName", null, null, null, null] as const;

  it("fills mapped fields and keeps the rest as custom fields under unique names", () => {
    expect(
      applyMapping(headers, mapping, [" +14155552671 ", "Jane Doe", "VIP", "call back", "x", "+14155550000"]),
    ).toEqual({
      phone: "+14155552671",
      fullName: "Jane Doe",
      customFields: { Notes: "VIP", "Notes (2)": "call back", "Column 5": "x", Mobile: "+14155550000" },
    });
  });

  it("leaves empty cells out", () => {
    expect(applyMapping(headers, mapping, ["+14155552671", "", " ", "", "", ""])).toEqual({
      phone: "+14155552671",
    });
  });

  it("takes the first non-empty value when a field is mapped twice", () => {
    expect(applyMapping(["A", "B"], ["phone", "phone"], ["", "+14155552671"])).toEqual({
      phone: "+14155552671",
    });
  });
});
