import { createServerClient } from "@supabase/ssr";
import WebSocket from "ws";
import type { UserClaims } from "@/lib/db/with-user";
import { AppError } from "@/lib/errors";
import type {
  AuthPort,
  ConfirmSignUpResult,
  CookieJar,
  SignInInput,
  SignUpInput,
  SignUpResult,
} from "../types";

export type SupabaseAuthDeps = {
  url: string;
  anonKey: string;
  cookies: CookieJar;
  /** Where the confirmation email sends the user back to. */
  emailRedirectTo?: string;
};

/** A server client bound to this request's cookies (hosted mode). */
export function supabaseServerClient(deps: Pick<SupabaseAuthDeps, "url" | "anonKey" | "cookies">) {
  return createServerClient(deps.url, deps.anonKey, {
    cookies: {
      getAll: () => deps.cookies.getAll(),
      setAll: (cookies) => {
        for (const { name, value, options } of cookies) {
          try {
            deps.cookies.set(name, value, {
              ...options,
              sameSite: typeof options.sameSite === "string" ? options.sameSite : "lax",
            });
          } catch {
            // Server components can't set cookies; proxy.ts refreshes the session instead.
          }
        }
      },
    },
    // supabase-js refuses to start on Node 20 without a WebSocket implementation for Realtime.
    realtime: { transport: WebSocket as never },
  });
}

/** Supabase Auth through @supabase/ssr (hosted mode). Trusts only verified claims. */
export class SupabaseAuth implements AuthPort {
  readonly kind = "supabase" as const;
  constructor(private readonly deps: SupabaseAuthDeps) {}

  private client() {
    return supabaseServerClient(this.deps);
  }

  async getUser(): Promise<UserClaims | null> {
    // getClaims verifies the JWT (against the project's JWKS, or the Auth server for symmetric
    // keys); getSession()'s user comes straight from the cookie and is never trusted.
    const { data, error } = await this.client().auth.getClaims();
    const claims = data?.claims;
    if (error || !claims?.sub || claims.role !== "authenticated") return null;
    return {
      sub: claims.sub,
      email: typeof claims.email === "string" ? claims.email : "",
      role: "authenticated",
    };
  }

  async signIn(input: SignInInput): Promise<UserClaims> {
    const { data, error } = await this.client().auth.signInWithPassword({
      email: input.email.trim(),
      password: input.password,
    });
    if (error || !data.user) {
      if (error?.status === 429) {
        throw new AppError("rate_limited", "Too many sign-in attempts. Try again in a few minutes.");
      }
      if (error?.code === "email_not_confirmed") {
        throw new AppError("unauthorized", "Confirm your email address first: we sent you a link.");
      }
      throw new AppError("unauthorized", "Email or password is incorrect.");
    }
    return { sub: data.user.id, email: data.user.email ?? input.email, role: "authenticated" };
  }

  async signUp(input: SignUpInput): Promise<SignUpResult> {
    const { data, error } = await this.client().auth.signUp({
      email: input.email.trim(),
      password: input.password,
      options: { emailRedirectTo: this.deps.emailRedirectTo, data: { full_name: input.fullName ?? null } },
    });
    if (error || !data.user) {
      // With confirmations off Supabase says so outright; the caller answers as for a new address.
      if (error?.code === "user_already_exists") return { status: "already-registered" };
      throw new AppError("bad_request", error?.message ?? "Sign-up failed.");
    }
    if (!data.session) return { status: "confirm-email", userId: data.user.id };
    return {
      status: "signed-in",
      user: { sub: data.user.id, email: data.user.email ?? input.email, role: "authenticated" },
    };
  }

  async confirmSignUp(): Promise<ConfirmSignUpResult> {
    // Supabase sends and verifies its own confirmation links (its /auth/confirm flow: issue 13).
    throw new AppError("bad_request", "This confirmation link is handled by Supabase Auth.");
  }

  async signOut(): Promise<void> {
    await this.client().auth.signOut();
  }
}
