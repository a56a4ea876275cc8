import { type NextRequest, NextResponse } from "next/server";
import { env } from "@/env";
import { sessionSecret } from "@/lib/integrations/auth/builtin/session-secret";
import {
  rotateSessionToken,
  SESSION_COOKIE,
  sessionCookieOptions,
  verifySessionToken,
} from "@/lib/integrations/auth/builtin/session-token";
import { supabaseServerClient } from "@/lib/integrations/auth/supabase/supabase-auth";
import { badSearchParam, badSearchParamResponse } from "@/lib/next/search-params";

// /unsubscribe/: the link in every follow-up email works without signing in (the API path is outside the matcher).
const PUBLIC_PREFIXES = ["/sign-in", "/sign-up", "/invite/", "/unsubscribe/"];

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

/**
 * Session upkeep on every page request (Next 16's proxy, formerly middleware): rotates the
 * built-in session token or refreshes Supabase's, clears a dead cookie, and sends visitors with
 * no session to sign-in. Pages still verify the user themselves; this is the first gate, not
 * the only one.
 */
export async function proxy(request: NextRequest) {
  const e = env();
  const { pathname } = request.nextUrl;
  // Every page's query parameters, checked once at the edge: 400 naming the parameter.
  const bad = badSearchParam(request.nextUrl.searchParams);
  if (bad !== null) return badSearchParamResponse(bad);
  const response = NextResponse.next({ request });

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

  if (e.NEXT_PUBLIC_SUPABASE_URL && e.NEXT_PUBLIC_SUPABASE_ANON_KEY) {
    const supabase = supabaseServerClient({
      url: e.NEXT_PUBLIC_SUPABASE_URL,
      anonKey: e.NEXT_PUBLIC_SUPABASE_ANON_KEY,
      cookies: {
        getAll: () => request.cookies.getAll(),
        set: (name, value, options) => {
          request.cookies.set(name, value);
          response.cookies.set(name, value, options);
        },
      },
    });
    // Refreshes an expiring session and writes the new cookies onto the response.
    const { data } = await supabase.auth.getClaims();
    if (!data?.claims && !isPublic(pathname)) return toSignIn(request);
    return response;
  }

  const token = request.cookies.get(SESSION_COOKIE)?.value;
  const secret = sessionSecret();
  const verified = await verifySessionToken(token, secret);
  if (!verified.ok) {
    if (token) response.cookies.delete(SESSION_COOKIE);
    if (!isPublic(pathname)) {
      const redirect = toSignIn(request);
      if (token) redirect.cookies.delete(SESSION_COOKIE);
      return redirect;
    }
    return response;
  }
  const rotated = await rotateSessionToken(verified.claims, secret);
  if (rotated) {
    const secure = e.APP_URL?.startsWith("https://") ?? false;
    response.cookies.set(SESSION_COOKIE, rotated.token, sessionCookieOptions(rotated.expiresAt, secure));
  }
  return response;
}

export const config = {
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico)$).*)"],
};
