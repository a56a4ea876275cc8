import { describe, expect, it } from "vitest";
import { guessMapping, mappingErrors, uniqueHeaderNames } from "./headers";

describe("guessMapping", () => {
  it("recognises common headers whatever their case, spacing and punctuation", () => {
    expect(
      guessMapping([
        "Phone Number",
        "FIRST_NAME",
        "surname",
        "Company Name",
        "E-mail",
        "Time Zone",
        "Opted In",
        "Consent Source",
        "Opt-in Date",
      ]),
    ).toEqual([
      "phone",
      "firstName",
      "lastName",
      "company",
      "email",
      "timezone",
      "consent",
      "consentSource",
      "consentAt",
    ]);
  });

  it.each([
    ["Mobile", "phone"],
    ["Cell", "phone"],
    ["Tel.", "phone"],
    ["Telephone", "phone"],
    ["Contact Number", "phone"],
    ["Mobile Phone", "phone"],
    ["Work Phone", "phone"],
    ["Given Name", "firstName"],
    ["Firstname", "firstName"],
    ["Family Name", "lastName"],
    ["Full Name", "fullName"],
    ["Name", "fullName"],
    ["Contact Name", "fullName"],
    ["Organization", "company"],
    ["Account Name", "company"],
    ["Email Address", "email"],
    ["TZ", "timezone"],
    ["Timezone", "timezone"],
    ["Consent", "consent"],
    ["Opt In", "consent"],
    ["Consent Given", "consent"],
    ["TCPA Consent", "consent"],
    ["Consent Date", "consentAt"],
  ])("maps %j", (header, field) => {
    expect(guessMapping([header])).toEqual([field]);
  });

  it.each([
    "Phone Extension",
    "Phone Type",
    "Fax",
    "Email Opt Out",
    "Do Not Call",
    "Cancelled",
    "Lead Source",
    "Notes",
  ])("leaves %j for custom fields", (header) => {
    expect(guessMapping([header])).toEqual([null]);
  });

  it("gives each field to the first column that looks like it", () => {
    expect(guessMapping(["Mobile", "Phone", "Name", "Email", "Work Email"])).toEqual([
      "phone",
      null,
      "fullName",
      "email",
      null,
    ]);
  });
});

describe("mappingErrors", () => {
  it("asks for a phone column", () => {
    expect(mappingErrors(["Name"], ["fullName"])).toEqual(["no column looks like a phone number: map one"]);
  });

  it("refuses a field mapped twice", () => {
    expect(mappingErrors(["Phone", "Mobile"], ["phone", "phone"])).toEqual([
      '"Phone" and "Mobile" are both mapped to Phone: keep one',
    ]);
  });

  it("accepts a sound mapping", () => {
    expect(mappingErrors(["Phone", "Notes"], ["phone", null])).toEqual([]);
  });
});

describe("uniqueHeaderNames", () => {
  it("numbers repeats and names blank headers by position", () => {
    expect(uniqueHeaderNames(["Notes", " ", "notes", "Notes (2)", "Notes", ""])).toEqual([
      "Notes",
      "Column 2",
      "notes (2)",
      "Notes (2) (2)",
      "Notes (3)",
      "Column 6",
    ]);
  });
});
