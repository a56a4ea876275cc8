/**
 * Where to send someone after sign-in: the `next` value if, and only if, it is a path on this
 * app's own origin; otherwise `fallback`. The server redirect and the sign-in form both use it,
 * so the two can never disagree about what is safe.
 *
 * Browsers are lenient in ways a `startsWith("/")` check is not: they read `\` as `/`, drop tabs
 * and line breaks anywhere in a URL (`/\t/evil.example` is `//evil.example`), and a value may be
 * decoded once more on its way to the Location header (`/%5Cevil.example`). So: refuse any
 * backslash, whitespace or control character, in the value and in its decoded path; then parse
 * it as a URL against a placeholder origin and keep it only if the origin did not change.
 */
const PLACEHOLDER_ORIGIN = "http://next-path.invalid";
const MAX_LENGTH = 2048;

/** A backslash, a C0 or C1 control character, or any whitespace (line separators included). */
function hasUnsafeCharacter(value: string): boolean {
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === "\\" || code <= 0x20 || (code >= 0x7f && code <= 0x9f) || /\s/u.test(ch)) return true;
  }
  return false;
}

export function safeNextPath(next: unknown, fallback = "/dashboard"): string {
  if (typeof next !== "string" || next.length === 0 || next.length > MAX_LENGTH) return fallback;
  if (!next.startsWith("/") || next.startsWith("//") || hasUnsafeCharacter(next)) return fallback;
  let url: URL;
  try {
    url = new URL(next, PLACEHOLDER_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== PLACEHOLDER_ORIGIN) return fallback;
  if (!isPlainPath(url.pathname)) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The path, decoded as often as a careless layer might, still starts with one slash and nothing odd. */
function isPlainPath(pathname: string): boolean {
  let current = pathname;
  for (let round = 0; round < 3; round++) {
    if (!current.startsWith("/") || current.startsWith("//") || hasUnsafeCharacter(current)) return false;
    let decoded: string;
    try {
      decoded = decodeURIComponent(current);
    } catch {
      return false;
    }
    if (decoded === current) return true;
    current = decoded;
  }
  return false;
}
