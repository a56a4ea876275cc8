import "server-only";
import { env } from "@/env";
import { getDbHandle } from "@/lib/db";
import { BuiltinAuth } from "./builtin/builtin-auth";
import { sessionSecret } from "./builtin/session-secret";
import type { AuthPort, CookieJar } from "./types";

export type { AuthPort, CookieJar } from "./types";

/** Picks the sign-in adapter from the environment: Supabase Auth when configured, else built-in. */
export async function createAuth(cookies: CookieJar): Promise<AuthPort> {
  const e = env();
  if (e.NEXT_PUBLIC_SUPABASE_URL && e.NEXT_PUBLIC_SUPABASE_ANON_KEY) {
    // Loaded only here: supabase-js prints a Node 20 deprecation warning each time a bundle
    // evaluates it, and local and self-hosted modes never use it.
    const { SupabaseAuth } = await import("./supabase/supabase-auth");
    return new SupabaseAuth({
      url: e.NEXT_PUBLIC_SUPABASE_URL,
      anonKey: e.NEXT_PUBLIC_SUPABASE_ANON_KEY,
      cookies,
      emailRedirectTo: e.APP_URL ? `${e.APP_URL}/sign-in` : undefined,
    });
  }
  const { db } = await getDbHandle();
  return new BuiltinAuth({
    db,
    cookies,
    secret: sessionSecret(),
    secureCookies: e.APP_URL?.startsWith("https://") ?? false,
  });
}
