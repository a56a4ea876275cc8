import { hasControl, isControl } from "@/lib/schemas/search-text";
import { NON_PAGE_CSP, SECURITY_HEADERS } from "./security-headers";

/** The first query parameter whose name or value holds a control character (its name, shown safely), or null. */
export function badSearchParam(params: URLSearchParams): string | null {
  for (const [name, value] of params) {
    if (hasControl(name) || hasControl(value)) {
      return [...name].map((c) => (isControl(c.charCodeAt(0)) ? "?" : c)).join("");
    }
  }
  return null;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A 400 page that names the parameter, for a link no page can answer. */
export function badSearchParamResponse(name: string): Response {
  const message = `The link's “${name}” parameter contains a control character (such as a NUL byte), which no page accepts. Remove it from the address and try again.`;
  return new Response(
    `<!doctype html><meta charset="utf-8"><title>Bad request</title><p>${escapeHtml(message)}</p>`,
    {
      status: 400,
      headers: [
        ...SECURITY_HEADERS.map((h): [string, string] => [h.key, h.value]),
        ["Content-Security-Policy", NON_PAGE_CSP],
        ["content-type", "text/html; charset=utf-8"],
        ["cache-control", "no-store"],
      ],
    },
  );
}
