import { parsePhoneNumberFromString } from "libphonenumber-js/min";

/** An E.164 number as people read it ("+1 415 555 0123"); anything unparseable as stored. */
export function displayPhone(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}
