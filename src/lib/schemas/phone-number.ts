import { z } from "zod";
import { normalizePhone } from "@/lib/leads/normalize/phone";

/**
 * An optional phone number a person types into a setting, stored as E.164: blank is null; a
 * number without a country code is read as US; extensions are refused (a caller can't dial them).
 */
export function optionalFullPhoneNumber(message: string) {
  return z
    .string()
    .trim()
    .max(40)
    .transform((value, ctx) => {
      if (!value) return null;
      const phone = normalizePhone(value, "US");
      if (!phone.ok || phone.extension) {
        ctx.addIssue({ code: "custom", message });
        return z.NEVER;
      }
      return phone.e164;
    });
}
