import { type NextRequest, NextResponse } from "next/server";
import { env } from "@/env";
import { bootState, isPreparing, preparingPage } from "@/lib/boot-state";
import { sessionSecret } from "@/lib/integrations/auth/builtin/session-secret";
import {
  rotateSessionToken,
  SESSION_COOKIE,
  sessionCookieOptions,
  verifySessionToken,
} from "@/lib/integrations/auth/builtin/session-token";
import type { CookieOptions } from "@/lib/integrations/auth/types";
import { badSearchParam, badSearchParamResponse } from "@/lib/next/search-params";
import { createNonce, pageContentSecurityPolicy } from "@/lib/next/security-headers";

// /unsubscribe/: the link in every follow-up email works without signing in (the API path is outside the matcher).
// /auth/: the links of account emails, "check your inbox", "forgot your password".
// /mailbox: the local mailbox (local mode on this machine only; the page is not found elsewhere).
const PUBLIC_PREFIXES = ["/sign-in", "/sign-up", "/invite/", "/unsubscribe/", "/auth/", "/mailbox"];

function isPublic(pathname: string): boolean {
  return PUBLIC_PREFIXES.some((p) => pathname === p || pathname.startsWith(p));
}

function toSignIn(request: NextRequest): NextResponse {
  const url = request.nextUrl.clone();
  url.pathname = "/sign-in";
  url.search =
    request.nextUrl.pathname === "/" ? "" : `?next=${encodeURIComponent(request.nextUrl.pathname)}`;
  return NextResponse.redirect(url);
}

type CookieChange = { name: string; value: string; options?: CookieOptions } | { name: string; delete: true };

/**
 * Session upkeep and the page's Content-Security-Policy on every page request (Next 16's proxy,
 * formerly middleware): rotates the built-in session token or refreshes Supabase's, clears a dead
 * cookie, sends visitors with no session to sign-in, and gives each page a fresh script nonce.
 * Pages still verify the user themselves; this is the first gate, not the only one.
 */
export async function proxy(request: NextRequest) {
  const e = env();
  const { pathname } = request.nextUrl;
  // Every page's query parameters, checked once at the edge: 400 naming the parameter.
  const bad = badSearchParam(request.nextUrl.searchParams);
  if (bad !== null) return badSearchParamResponse(bad);

  // RFC 8058 one-click: mail clients POST to the List-Unsubscribe URL, which is the page's own
  // address; the page's confirm button is a server action (it carries Next-Action) and stays here.
  if (
    request.method === "POST" &&
    pathname.startsWith("/unsubscribe/") &&
    !request.headers.has("next-action")
  ) {
    const url = request.nextUrl.clone();
    url.pathname = `/api${pathname}`;
    return NextResponse.rewrite(url);
  }

  // Local mode's first start: the embedded database is still being prepared. A page that says so
  // and reloads itself, rather than a request that hangs for half a minute. The launcher's
  // warm-up requests (scripts/serve.ts) pass, so the page compiles while the database is prepared.
  const booting = bootState();
  if (booting && isPreparing() && !isWarmUp(request)) {
    const nonce = createNonce();
    return new NextResponse(preparingPage(booting, nonce), {
      status: 503,
      headers: {
        "content-type": "text/html; charset=utf-8",
        "cache-control": "no-store",
        "retry-after": "2",
        "content-security-policy": `default-src 'none'; style-src 'nonce-${nonce}'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
      },
    });
  }

  const cookies: CookieChange[] = [];
  const signedIn = await refreshSession(request, cookies);
  if (!signedIn && !isPublic(pathname)) {
    const redirect = toSignIn(request);
    applyCookies(redirect, cookies);
    return redirect;
  }

  // Next.js reads the nonce from the request's CSP header and puts it on every script it renders.
  const nonce = createNonce();
  const csp = pageContentSecurityPolicy({
    nonce,
    development: e.NODE_ENV === "development",
    https: request.nextUrl.protocol === "https:" || request.headers.get("x-forwarded-proto") === "https",
  });
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", csp);
  headers.set("x-nonce", nonce);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
  applyCookies(response, cookies);
  return response;
}

/** Whether the request has a live session; records the cookie changes that keep it so. */
async function refreshSession(request: NextRequest, cookies: CookieChange[]): Promise<boolean> {
  const e = env();
  if (e.NEXT_PUBLIC_SUPABASE_URL && e.NEXT_PUBLIC_SUPABASE_ANON_KEY) {
    // Loaded only in hosted mode (see createAuth): supabase-js warns on Node 20 whenever it loads.
    const { supabaseServerClient } = await import("@/lib/integrations/auth/supabase/supabase-auth");
    const supabase = supabaseServerClient({
      url: e.NEXT_PUBLIC_SUPABASE_URL,
      anonKey: e.NEXT_PUBLIC_SUPABASE_ANON_KEY,
      cookies: {
        getAll: () => request.cookies.getAll(),
        set: (name, value, options) => {
          request.cookies.set(name, value);
          cookies.push({ name, value, options });
        },
      },
    });
    // Refreshes an expiring session; the new cookies go onto the response.
    const { data } = await supabase.auth.getClaims();
    return Boolean(data?.claims);
  }

  const token = request.cookies.get(SESSION_COOKIE)?.value;
  const secret = sessionSecret();
  const verified = await verifySessionToken(token, secret);
  if (!verified.ok) {
    if (token) cookies.push({ name: SESSION_COOKIE, delete: true });
    return false;
  }
  const rotated = await rotateSessionToken(verified.claims, secret);
  if (rotated) {
    const secure = e.APP_URL?.startsWith("https://") ?? false;
    cookies.push({
      name: SESSION_COOKIE,
      value: rotated.token,
      options: sessionCookieOptions(rotated.expiresAt, secure),
    });
  }
  return true;
}

/**
 * `npm run dev`'s launcher asks for the first pages right after Next is ready, so they compile
 * while the database is prepared; it proves itself with a token it made and handed to this
 * process alone. Development only. Such a request skips the "preparing" page, nothing else.
 */
function isWarmUp(request: NextRequest): boolean {
  const e = env();
  const token = e.DIALER_WARMUP_TOKEN;
  return e.NODE_ENV === "development" && Boolean(token) && request.headers.get("x-dialer-warmup") === token;
}

function applyCookies(response: NextResponse, cookies: CookieChange[]): void {
  for (const change of cookies) {
    if ("delete" in change) response.cookies.delete(change.name);
    else response.cookies.set(change.name, change.value, change.options);
  }
}

export const config = {
  // Not API routes or static files (robots.txt included): they carry next.config.ts's headers and
  // need no session.
  // Not server actions either (they carry Next-Action): for a request with a body, Next hands the
  // proxy a copy and then swaps the buffered body into the request, event listeners included, so
  // a client that leaves while the action runs (a page closed mid-request) raised an 'error' with
  // no listener: `uncaughtException: Error: aborted … ECONNRESET` (vercel/next.js#42365, #84649).
  // An action checks the session itself (src/lib/next/safe-action.ts) and renders no page, so it
  // needs neither the proxy's redirect nor its nonce.
  matcher: [
    {
      source:
        "/((?!api/|_next/static|_next/image|favicon.ico|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico|txt|xml)$).*)",
      missing: [{ type: "header", key: "next-action" }],
    },
  ],
};
