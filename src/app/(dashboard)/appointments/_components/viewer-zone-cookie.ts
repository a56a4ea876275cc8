/** The cookie the browser sets with its time zone, for the server-side "today" and "this week". */
export const VIEWER_ZONE_COOKIE = "viewer_tz";
