import { createServerClient } from "@supabase/ssr";
import {
  type AuthError,
  AuthUnknownError,
  createClient,
  isAuthRetryableFetchError,
  isAuthWeakPasswordError,
  type User,
} from "@supabase/supabase-js";
import WebSocket from "ws";
import { z } from "zod";
import type { UserClaims } from "@/lib/db/with-user";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import type {
  AuthPort,
  ChangePasswordInput,
  ConfirmSignUpInput,
  ConfirmSignUpResult,
  CookieJar,
  PasswordResetRequest,
  ResendConfirmationResult,
  ResetPasswordInput,
  SignInInput,
  SignUpInput,
  SignUpResult,
} from "../types";

export type SupabaseAuthDeps = {
  url: string;
  anonKey: string;
  cookies: CookieJar;
  /**
   * Where a link from Supabase's *default* email templates lands after Supabase has verified it
   * itself (the README's templates link to /auth/confirm instead, which verifies here).
   */
  emailRedirectTo?: string;
  now?: () => Date;
};

const INVALID_CREDENTIALS = "Email or password is incorrect.";
export const AUTH_UNREACHABLE =
  "The sign-in service cannot be reached right now, so nothing was changed. Try again in a few minutes.";
const EXPIRED_LINK = "This link has expired or was already used. Sign in, or ask for a new link.";
const EXPIRED_RESET_LINK = "This password reset link has expired or was already used. Ask for a new one.";
/** How long after opening a reset link its session may set a new password without the old one. */
export const RECOVERY_WINDOW_SECONDS = 15 * 60;

/** What our sign-up stores in the user's metadata until the address is confirmed. */
const signUpMetadataSchema = z.object({
  full_name: z.string().nullish().catch(null),
  organization_name: z.string().nullish().catch(null),
  invite_token: z.string().nullish().catch(null),
});

/** What a sign-up asked for, from the user's metadata (anything unexpected in it is ignored). */
function signUpDetails(metadata: unknown): Omit<ConfirmSignUpResult, "user"> {
  const meta = signUpMetadataSchema.safeParse(metadata ?? {});
  const m = meta.success ? meta.data : {};
  return {
    fullName: m.full_name ?? undefined,
    pending: { organizationName: m.organization_name ?? undefined, inviteToken: m.invite_token ?? undefined },
  };
}

/** Claims of a session opened by an emailed link (Supabase's `amr` methods for it). */
const amrSchema = z.array(z.object({ method: z.string(), timestamp: z.number() })).catch([]);
const LINK_METHODS = new Set(["otp", "recovery", "magiclink"]);

/** The options every client of ours shares. supabase-js refuses to start on Node 20 without a WebSocket for Realtime. */
const REALTIME = { transport: WebSocket as never };

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
    realtime: REALTIME,
  });
}

/**
 * A client that keeps its session in memory and never touches the browser's cookies: for work
 * that must not sign this browser in or out (checking a current password, asking for a reset).
 */
function ephemeralClient(deps: Pick<SupabaseAuthDeps, "url" | "anonKey">) {
  return createClient(deps.url, deps.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: REALTIME,
  });
}

/** Whether the auth server was not reached, or answered as a proxy in front of it does when it is down. */
function isOutage(error: AuthError): boolean {
  return (
    isAuthRetryableFetchError(error) ||
    error instanceof AuthUnknownError ||
    !error.status ||
    error.status >= 500
  );
}

/** Seconds from GoTrue's "you can only request this after 37 seconds", if it said so. */
function secondsToWait(message: string): number | undefined {
  const match = /after (\d+) seconds?/.exec(message);
  return match ? Number(match[1]) : undefined;
}

/** Supabase Auth (GoTrue) through @supabase/ssr (hosted mode). Trusts only verified claims. */
export class SupabaseAuth implements AuthPort {
  readonly kind = "supabase" as const;
  readonly recoveryFlow = "session" as const;
  constructor(private readonly deps: SupabaseAuthDeps) {}

  private client() {
    return supabaseServerClient(this.deps);
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  /**
   * The AppError for an error of `operation`: an outage is logged with the auth server's URL and
   * told as such (never as a wrong password); a rate limit says how long to wait. Anything else
   * is left to the caller (null).
   */
  private common(operation: string, error: AuthError): AppError | null {
    if (isOutage(error)) {
      logger.error("sign-in service unreachable", {
        url: `${this.deps.url.replace(/\/+$/, "")}/auth/v1`,
        operation,
        status: error.status || null,
        error: error.message,
      });
      return new AppError("unavailable", AUTH_UNREACHABLE);
    }
    if (error.status === 429) {
      if (error.code === "over_email_send_rate_limit") {
        const wait = secondsToWait(error.message);
        return new AppError(
          "rate_limited",
          `Too many emails were sent just now. ${wait ? `Try again in ${wait} seconds.` : "Try again in a few minutes."}`,
          wait ? { retryAfterSeconds: wait } : undefined,
        );
      }
      return new AppError("rate_limited", "Too many attempts. Try again in a few minutes.");
    }
    return null;
  }

  private claimsOf(user: User, fallbackEmail: string): UserClaims {
    return { sub: user.id, email: user.email ?? fallbackEmail, role: "authenticated" };
  }

  private signedInFrom(user: User, fallbackEmail: string): ConfirmSignUpResult {
    return { user: this.claimsOf(user, fallbackEmail), ...signUpDetails(user.user_metadata) };
  }

  async getUser(): Promise<UserClaims | null> {
    // getClaims verifies the JWT (against the project's JWKS, or the Auth server for symmetric
    // keys); getSession()'s user comes straight from the cookie and is never trusted.
    const { data, error } = await this.client().auth.getClaims();
    if (error && isOutage(error)) this.common("getClaims", error);
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
      if (error) {
        if (error.status === 429) {
          throw new AppError("rate_limited", "Too many sign-in attempts. Try again in a few minutes.");
        }
        const mapped = this.common("signInWithPassword", error);
        if (mapped) throw mapped;
        if (error.code === "email_not_confirmed") {
          throw new AppError(
            "unauthorized",
            "Confirm your email address first: open the link we sent you, or sign up again to get a new one.",
          );
        }
      }
      throw new AppError("unauthorized", INVALID_CREDENTIALS);
    }
    return this.claimsOf(data.user, input.email);
  }

  /**
   * What the sign-up asked for (name, organization or invitation) rides in the user's metadata
   * until the address is confirmed: nothing of ours exists before then. Supabase answers a
   * confirmed address's sign-up with an obfuscated user (a random id, no identities) and sends
   * nothing; we report it as taken, so the caller emails the owner as for built-in sign-in.
   */
  async signUp(input: SignUpInput): Promise<SignUpResult> {
    const { data, error } = await this.client().auth.signUp({
      email: input.email.trim(),
      password: input.password,
      options: {
        emailRedirectTo: this.deps.emailRedirectTo,
        data: {
          full_name: input.fullName ?? null,
          organization_name: input.pending?.organizationName ?? null,
          invite_token: input.pending?.inviteToken ?? null,
        },
      },
    });
    if (error || !data.user) {
      if (!error) throw new AppError("internal", "The sign-in service answered the sign-up without a user.");
      const mapped = this.common("signUp", error);
      if (mapped) throw mapped;
      // With confirmations off Supabase says so outright; the caller answers as for a new address.
      if (error.code === "user_already_exists" || error.code === "email_exists") {
        return { status: "already-registered" };
      }
      if (isAuthWeakPasswordError(error) || error.code === "weak_password") {
        throw new AppError("validation", `The sign-in service refused this password: ${error.message}`, {
          fields: { password: error.message },
        });
      }
      if (error.code === "email_address_invalid" || error.code === "email_address_not_authorized") {
        throw new AppError("validation", `The sign-in service refused this address: ${error.message}`, {
          fields: { email: error.message },
        });
      }
      if (error.code === "signup_disabled") {
        throw new AppError(
          "forbidden",
          "New sign-ups are turned off for this app. Ask its owner for an invitation.",
        );
      }
      logger.warn("sign-up refused by the sign-in service", {
        code: error.code ?? null,
        status: error.status,
      });
      throw new AppError("bad_request", `The sign-in service refused the sign-up: ${error.message}`);
    }
    if (!data.session) {
      if (Array.isArray(data.user.identities) && data.user.identities.length === 0) {
        return { status: "already-registered" };
      }
      return { status: "confirm-email", userId: data.user.id };
    }
    return { status: "signed-in", user: this.claimsOf(data.user, input.email) };
  }

  async confirmSignUp(input: ConfirmSignUpInput): Promise<ConfirmSignUpResult> {
    const { data, error } = await this.client().auth.verifyOtp({
      token_hash: input.token,
      type: input.type === "signup" ? "signup" : "email",
    });
    if (error || !data.user || !data.session) {
      const mapped = error ? this.common("verifyOtp", error) : null;
      if (mapped) throw mapped;
      throw new AppError("bad_request", EXPIRED_LINK);
    }
    return this.signedInFrom(data.user, data.user.email ?? "");
  }

  async resendConfirmation({ email }: { email: string }): Promise<ResendConfirmationResult> {
    // Supabase answers alike for an unknown, a confirmed and a waiting address; it mails the last.
    const { error } = await ephemeralClient(this.deps).auth.resend({
      type: "signup",
      email: email.trim(),
      options: { emailRedirectTo: this.deps.emailRedirectTo },
    });
    if (error) {
      const mapped = this.common("resend", error);
      if (mapped) throw mapped;
      throw new AppError(
        "bad_request",
        `The sign-in service refused to send the link again: ${error.message}`,
      );
    }
    return { status: "done" };
  }

  async requestPasswordReset({ email }: { email: string }): Promise<PasswordResetRequest> {
    const { error } = await ephemeralClient(this.deps).auth.resetPasswordForEmail(email.trim(), {
      redirectTo: this.deps.emailRedirectTo,
    });
    if (error) {
      // Supabase limits emails only for an address it has an account for: showing the limit
      // would say who has one. The answer stays "check your inbox"; the log says what happened.
      if (error.status === 429) {
        logger.warn("password reset email not sent: the sign-in service's email limit", {
          code: error.code ?? null,
        });
        return { status: "sent-by-provider" };
      }
      const mapped = this.common("resetPasswordForEmail", error);
      if (mapped) throw mapped;
      throw new AppError("bad_request", `The sign-in service refused the reset: ${error.message}`);
    }
    return { status: "sent-by-provider" };
  }

  /**
   * Opens a reset link: Supabase verifies its token hash and signs this browser in with a
   * session that may set a new password (the set-new-password page, then `resetPassword`).
   */
  async openRecoveryLink({ token }: { token: string }): Promise<void> {
    const { data, error } = await this.client().auth.verifyOtp({ token_hash: token, type: "recovery" });
    if (error || !data.session) {
      const mapped = error ? this.common("verifyOtp", error) : null;
      if (mapped) throw mapped;
      throw new AppError("bad_request", EXPIRED_RESET_LINK);
    }
  }

  /** Whether this browser's session was opened by an emailed link in the last RECOVERY_WINDOW_SECONDS. */
  async inRecovery(): Promise<boolean> {
    const { data, error } = await this.client().auth.getClaims();
    if (error || !data?.claims) return false;
    const opened = amrSchema
      .parse((data.claims as { amr?: unknown }).amr)
      .filter((m) => LINK_METHODS.has(m.method))
      .map((m) => m.timestamp);
    const nowSeconds = Math.floor(this.now().getTime() / 1000);
    return opened.some((t) => nowSeconds - t <= RECOVERY_WINDOW_SECONDS);
  }

  async pendingSignUp(): Promise<Omit<ConfirmSignUpResult, "user"> | null> {
    const { data, error } = await this.client().auth.getClaims();
    if (error || !data?.claims?.sub) return null;
    return signUpDetails((data.claims as { user_metadata?: unknown }).user_metadata);
  }

  /**
   * Sets the new password in the session a reset link opened (there is no token left: Supabase
   * spent it when the link was opened), then signs out everywhere.
   */
  async resetPassword(input: ResetPasswordInput): Promise<{ email: string }> {
    if (!(await this.inRecovery())) {
      throw new AppError(
        "unauthorized",
        "Open the link from your password reset email again, or ask for a new one.",
      );
    }
    const client = this.client();
    const { data, error } = await client.auth.updateUser({ password: input.password });
    // The same password again is what they asked for: nothing to change, the reset still ends here.
    if (error && error.code !== "same_password") throw this.passwordRefused("updateUser", error);
    const email = data.user?.email ?? (await this.getUser())?.email ?? "";
    const signOut = await client.auth.signOut({ scope: "global" });
    if (signOut.error) {
      const mapped = this.common("signOut", signOut.error);
      if (mapped) throw mapped;
    }
    return { email };
  }

  async changePassword(input: ChangePasswordInput): Promise<void> {
    const user = await this.getUser();
    if (!user) throw new AppError("unauthorized", "Your session has ended. Sign in again.");
    // Checked on a client of its own: a sign-in there leaves this browser's session as it is.
    // (Supabase removes that extra session itself when the password changes below.)
    const check = await ephemeralClient(this.deps).auth.signInWithPassword({
      email: user.email,
      password: input.currentPassword,
    });
    if (check.error) {
      const mapped = this.common("signInWithPassword", check.error);
      if (mapped) throw mapped;
      throw new AppError("unauthorized", "Your current password is not right.", {
        fields: { currentPassword: "is not right" },
      });
    }
    const { error } = await this.client().auth.updateUser({
      password: input.newPassword,
      // Read by projects with "require current password" on; ignored by others (checked above).
      current_password: input.currentPassword,
    });
    if (error) throw this.passwordRefused("updateUser", error);
  }

  private passwordRefused(operation: string, error: AuthError): AppError {
    const mapped = this.common(operation, error);
    if (mapped) return mapped;
    if (error.code === "same_password") {
      return new AppError("validation", "Choose a password different from your current one.", {
        fields: { newPassword: "must differ from the current password" },
      });
    }
    if (isAuthWeakPasswordError(error) || error.code === "weak_password") {
      return new AppError("validation", `The sign-in service refused this password: ${error.message}`, {
        fields: { newPassword: error.message },
      });
    }
    if (error.name === "AuthSessionMissingError" || error.code === "session_not_found") {
      return new AppError("unauthorized", "Your session has ended. Sign in again.");
    }
    return new AppError("bad_request", `The sign-in service refused the new password: ${error.message}`);
  }

  async signOut(): Promise<void> {
    const { error } = await this.client().auth.signOut();
    if (error) {
      // The cookies are cleared either way; an outage only means the server still lists the session.
      this.common("signOut", error);
    }
  }
}
