/** The cookie the browser sets with its time zone, for the server-side "today" and "this week". */
export const VIEWER_ZONE_COOKIE = "viewer_tz";

/** The viewer's zone from the cookie's raw value, or UTC when it is missing or unknown. */
export function viewerZoneFrom(raw: string | undefined): string {
  const zone = decodeURIComponent(raw ?? "");
  if (!zone) return "UTC";
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return zone;
  } catch {
    return "UTC";
  }
}
