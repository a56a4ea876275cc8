/*
 * Cal.com API v2 picks the request and response shape per endpoint family from the
 * `cal-api-version` header, and a missing or unknown value silently falls back to an older
 * shape. Pinned here, in one place, so an upgrade is one reviewed change:
 * - slots: 2024-09-04 is the version with `format=range` and `{ data: { "YYYY-MM-DD": [...] } }`.
 * - bookings: 2026-02-25 is what the current docs use for create and cancel; it takes the same
 *   `CreateBookingInput_2024_08_13` body and returns the same booking as 2024-08-13.
 */
export const CALCOM_SLOTS_VERSION = "2024-09-04";
export const CALCOM_BOOKINGS_VERSION = "2026-02-25";

/** Cal.com booking `metadata` limits: at most 50 keys, keys up to 40 and values up to 500 characters. */
export const CALCOM_METADATA_LIMITS = { keys: 50, keyLength: 40, valueLength: 500 } as const;
