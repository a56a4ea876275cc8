/**
 * Security headers. next.config.ts sends the static ones on every response (pages, API routes,
 * static files); the proxy adds each page's Content-Security-Policy with a fresh nonce. Imported
 * by next.config.ts, so this file uses relative imports only.
 */

export type Header = { key: string; value: string };

/** On every response. */
export const SECURITY_HEADERS: Header[] = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  // frame-ancestors 'none' says the same to current browsers; this is for the older ones.
  { key: "X-Frame-Options", value: "DENY" },
  // Invitation and unsubscribe tokens live in paths: nothing of a URL leaves the origin.
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Cross-Origin-Resource-Policy", value: "same-origin" },
  {
    key: "Permissions-Policy",
    value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()",
  },
];

/**
 * HSTS, sent only on requests that reached the deployment over https (Vercel and any TLS proxy
 * set X-Forwarded-Proto). Browsers ignore it over plain http anyway, and sending it from
 * http://localhost could pin a developer's localhost to https for a year. No includeSubDomains
 * or preload: those would bind every other host of the operator's domain.
 */
export const HSTS_HEADER: Header = { key: "Strict-Transport-Security", value: "max-age=31536000" };

/**
 * For responses that are not pages (API routes, static files): they load nothing, and may be
 * framed or rendered as a document by nobody.
 */
export const NON_PAGE_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * For Next's build output under /_next/static: the same, except that scripts from this origin may
 * load. A module worker (the CSV import's) runs under the CSP of its own script's response and
 * pulls in its chunks with importScripts.
 */
export const STATIC_ASSET_CSP =
  "default-src 'none'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** A fresh, unguessable nonce for one page response. */
export function createNonce(): string {
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/**
 * A page's policy. Scripts run only with this response's nonce (Next.js puts it on its own
 * scripts, read from the request's CSP header); what they load is trusted through
 * 'strict-dynamic'. Development adds 'unsafe-eval', which React's dev build needs for its error
 * overlay; production never has it. Inline styles stay allowed: Radix positions popovers with
 * style attributes and the email preview is React Email's inline-styled HTML, while styles
 * cannot run code.
 */
export function pageContentSecurityPolicy({
  nonce,
  development,
  https,
}: {
  nonce: string;
  development: boolean;
  https: boolean;
}): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    // Call recordings play from the voice provider's storage.
    "media-src 'self' blob: https:",
    // The CSV import parses in a module worker from our own origin.
    "worker-src 'self' blob:",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}
