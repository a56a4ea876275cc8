import { describe, expect, it } from "vitest";
import { updateBookingSettingsSchema } from "./booking-settings";

const VALID = {
  businessHours: { days: [5, 1, 3, 3], startMinute: 540, endMinute: 1020 },
  appointmentMinutes: 30,
  callbackNumber: "(415) 555-2671",
};

const messages = (input: unknown) => {
  const result = updateBookingSettingsSchema.safeParse(input);
  return result.success
    ? {}
    : Object.fromEntries(result.error.issues.map((i) => [i.path.join("."), i.message]));
};

describe("updateBookingSettingsSchema", () => {
  it("sorts and dedupes the days and stores the callback number as E.164", () => {
    expect(updateBookingSettingsSchema.parse(VALID)).toEqual({
      businessHours: { days: [1, 3, 5], startMinute: 540, endMinute: 1020 },
      appointmentMinutes: 30,
      callbackNumber: "+14155552671",
    });
  });

  it("treats a blank or missing callback number as none", () => {
    expect(updateBookingSettingsSchema.parse({ ...VALID, callbackNumber: "  " }).callbackNumber).toBeNull();
    expect(updateBookingSettingsSchema.parse({ ...VALID, callbackNumber: null }).callbackNumber).toBeNull();
  });

  it("refuses a number a caller can't dial", () => {
    expect(messages({ ...VALID, callbackNumber: "555-12" }).callbackNumber).toMatch(/full number/);
    expect(messages({ ...VALID, callbackNumber: "+1 415 555 2671 ext. 4" }).callbackNumber).toMatch(
      /full number/,
    );
  });

  it("needs a day, a day that ends after it starts, and a meeting that fits", () => {
    expect(
      messages({ ...VALID, businessHours: { ...VALID.businessHours, days: [] } })["businessHours.days"],
    ).toMatch(/at least one day/);
    expect(
      messages({ ...VALID, businessHours: { ...VALID.businessHours, days: [0] } })["businessHours.days.0"],
    ).toBeTruthy();
    expect(
      messages({ ...VALID, businessHours: { days: [1], startMinute: 600, endMinute: 600 } })[
        "businessHours.endMinute"
      ],
    ).toMatch(/end after/);
    expect(
      messages({
        ...VALID,
        businessHours: { days: [1], startMinute: 600, endMinute: 630 },
        appointmentMinutes: 45,
      }).appointmentMinutes,
    ).toMatch(/fit/);
    expect(messages({ ...VALID, appointmentMinutes: 2 }).appointmentMinutes).toMatch(/at least 5/);
  });
});
