import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { type Database, rowsOf } from "@/lib/db/client";
import { authLoginAttempts, authSessions, authUsers } from "@/lib/db/schema/auth";
import type { UserClaims } from "@/lib/db/with-user";
import { AppError } from "@/lib/errors";
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
import { hashPassword, verifyPassword } from "./password";
import {
  ABSOLUTE_LIFETIME_SECONDS,
  SESSION_COOKIE,
  sessionCookieOptions,
  signSessionToken,
  verifySessionToken,
} from "./session-token";
import { clearSignInAttempts, takeSignInAttempt } from "./sign-in-throttle";
import { DEVICE_COOKIE, deviceCookieOptions, signDeviceToken, trustedDeviceId } from "./trusted-device";

const INVALID_CREDENTIALS = "Email or password is incorrect.";
const EXPIRED_LINK = "This link has expired or was already used. Sign up again to get a new one, or sign in.";
const EXPIRED_RESET_LINK = "This password reset link has expired or was already used. Ask for a new one.";
/** How long a sign-up confirmation link works. */
export const CONFIRMATION_LIFETIME_SECONDS = 24 * 3600;
/** Live sign-up links one address may have; "send the link again" makes no more beyond it. */
export const MAX_LIVE_SIGN_UP_LINKS = 5;
/** How long a password reset link works. */
export const RESET_LIFETIME_SECONDS = 3600;

type PendingSignUp = {
  password_hash: string;
  full_name: string | null;
  organization_name: string | null;
  invite_token: string | null;
};

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export type BuiltinAuthDeps = {
  /** The owner connection: `auth.*` is the sign-in server's own schema, not a tenant's. */
  db: Database;
  cookies: CookieJar;
  secret: string;
  secureCookies: boolean;
  now?: () => Date;
};

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Built-in email + password sign-in (local and self-hosted modes). */
export class BuiltinAuth implements AuthPort {
  readonly kind = "builtin" as const;
  /** The reset link's page asks for the new password; the token is spent only by a valid one. */
  readonly recoveryFlow = "form" as const;
  constructor(private readonly deps: BuiltinAuthDeps) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  private nowSeconds(): number {
    return Math.floor(this.now().getTime() / 1000);
  }

  async getUser(): Promise<UserClaims | null> {
    const token = this.deps.cookies.getAll().find((c) => c.name === SESSION_COOKIE)?.value;
    const result = await verifySessionToken(token, this.deps.secret, this.nowSeconds());
    if (!result.ok) return null;
    const { sub, email, role, sid } = result.claims;
    // The signature proves we issued the token; the row proves nobody has signed it out since.
    const [session] = await this.deps.db
      .select({ id: authSessions.id })
      .from(authSessions)
      .where(
        and(
          eq(authSessions.id, sid),
          eq(authSessions.userId, sub),
          isNull(authSessions.revokedAt),
          gt(authSessions.notAfter, this.now()),
        ),
      );
    return session ? { sub, email, role } : null;
  }

  async signIn(input: SignInInput): Promise<UserClaims> {
    const email = normalizeEmail(input.email);
    const attempt = await this.takeAttempt(email, input.ip);
    const [user] = await this.deps.db
      .select({
        id: authUsers.id,
        email: authUsers.email,
        hash: authUsers.encryptedPassword,
        confirmedAt: authUsers.emailConfirmedAt,
      })
      .from(authUsers)
      .where(sql`lower(${authUsers.email}) = ${email}`);
    // Unknown address, wrong password and an unconfirmed sign-up give the same answer after the
    // same work: telling "confirm first" apart would say the address had no account before.
    const ok = await verifyPassword(user?.hash, input.password);
    await this.deps.db.insert(authLoginAttempts).values({ email, ip: input.ip ?? null, succeeded: ok });
    if (!user || !ok || !user.confirmedAt) throw new AppError("unauthorized", INVALID_CREDENTIALS);
    return this.finishSignIn(
      { sub: user.id, email: user.email ?? email, role: "authenticated" },
      input,
      attempt,
    );
  }

  /**
   * A new address gets an unconfirmed account (no usable password yet) and a one-time token for
   * the confirmation link; a taken one is left alone. The caller emails either way, so the
   * answer is the same. An address signed up but never confirmed stays open: whoever owns the
   * mailbox finishes it with the password of the sign-up whose link they open.
   */
  async signUp(input: SignUpInput): Promise<SignUpResult> {
    const email = normalizeEmail(input.email);
    // Hashed on both paths, so a taken address is not answered sooner.
    const passwordHash = await hashPassword(input.password);
    const [user] = rowsOf<{ id: string; confirmed: boolean }>(
      await this.deps.db.execute(sql`
        insert into auth.users (email, encrypted_password, email_confirmed_at)
        values (${email}, null, null)
        on conflict (lower(email)) do update set updated_at = auth.users.updated_at
        returning id, email_confirmed_at is not null as confirmed`),
    );
    if (!user) throw new AppError("internal", "Could not record the sign-up.");
    if (user.confirmed) return { status: "already-registered" };
    const token = randomBytes(32).toString("base64url");
    const pending = {
      password_hash: passwordHash,
      full_name: input.fullName ?? null,
      organization_name: input.pending?.organizationName ?? null,
      invite_token: input.pending?.inviteToken ?? null,
    };
    const expiresAt = new Date(this.now().getTime() + CONFIRMATION_LIFETIME_SECONDS * 1000);
    await this.deps.db.execute(sql`
      insert into auth.email_tokens (token_hash, user_id, purpose, pending, expires_at)
      values (${hashToken(token)}, ${user.id}, 'signup', ${JSON.stringify(pending)}::jsonb, ${expiresAt.toISOString()}::timestamptz)`);
    return { status: "confirm-email", userId: user.id, confirmationToken: token };
  }

  async confirmSignUp(input: ConfirmSignUpInput): Promise<ConfirmSignUpResult> {
    if (!input.password) {
      throw new AppError("validation", "Enter the password you chose when you signed up.", {
        fields: { password: "is required" },
      });
    }
    const password = input.password;
    const tokenHash = hashToken(input.token);
    const at = sql`${this.now().toISOString()}::timestamptz`;
    const [link] = rowsOf<{ user_id: string; email: string; pending: PendingSignUp }>(
      await this.deps.db.execute(sql`
        select t.user_id, u.email, t.pending from auth.email_tokens t join auth.users u on u.id = t.user_id
        where t.token_hash = ${tokenHash} and t.purpose = 'signup' and t.used_at is null
          and t.expires_at > ${at} and u.email_confirmed_at is null`),
    );
    if (!link) throw new AppError("bad_request", EXPIRED_LINK);
    const email = normalizeEmail(link.email);
    const pending =
      typeof link.pending === "string" ? (JSON.parse(link.pending) as PendingSignUp) : link.pending;
    const attempt = await this.takeAttempt(email, input.ip);
    if (!(await verifyPassword(pending.password_hash, password))) {
      throw new AppError("unauthorized", "That is not the password you chose when you signed up.", {
        fields: { password: "does not match" },
      });
    }
    // One statement claims the link and activates the account, so a link works once.
    const [activated] = rowsOf<{ id: string }>(
      await this.deps.db.execute(sql`
        with used as (
          update auth.email_tokens set used_at = ${at}
          where token_hash = ${tokenHash} and used_at is null
          returning user_id
        )
        update auth.users u set encrypted_password = ${pending.password_hash}, email_confirmed_at = ${at},
          raw_user_meta_data = ${JSON.stringify({ full_name: pending.full_name })}::jsonb, updated_at = ${at}
        from used where u.id = used.user_id and u.email_confirmed_at is null
        returning u.id`),
    );
    if (!activated) throw new AppError("bad_request", EXPIRED_LINK);
    // The other links from sign-ups of this address carry other passwords: none may work now.
    await this.deps.db.execute(
      sql`delete from auth.email_tokens where user_id = ${activated.id} and purpose = 'signup'`,
    );
    const user = await this.finishSignIn({ sub: activated.id, email, role: "authenticated" }, input, attempt);
    return {
      user,
      fullName: pending.full_name ?? undefined,
      pending: {
        organizationName: pending.organization_name ?? undefined,
        inviteToken: pending.invite_token ?? undefined,
      },
    };
  }

  /**
   * A sign-up still waiting for its link gets a fresh one carrying the same sign-up (the password
   * chosen then is still the one asked for). Unknown and confirmed addresses get nothing.
   */
  async resendConfirmation({ email }: { email: string }): Promise<ResendConfirmationResult> {
    const address = normalizeEmail(email);
    const at = sql`${this.now().toISOString()}::timestamptz`;
    const token = randomBytes(32).toString("base64url");
    const expiresAt = new Date(this.now().getTime() + CONFIRMATION_LIFETIME_SECONDS * 1000);
    const [created] = rowsOf<{ user_id: string }>(
      await this.deps.db.execute(sql`
        insert into auth.email_tokens (token_hash, user_id, purpose, pending, expires_at)
        select ${hashToken(token)}, t.user_id, 'signup', t.pending, ${expiresAt.toISOString()}::timestamptz
        from auth.email_tokens t join auth.users u on u.id = t.user_id
        where lower(u.email) = ${address} and u.email_confirmed_at is null
          and t.purpose = 'signup' and t.used_at is null and t.expires_at > ${at}
          -- A few live links per sign-up are plenty; clicking on does not grow the table.
          and (select count(*) from auth.email_tokens x
               where x.user_id = t.user_id and x.purpose = 'signup' and x.used_at is null
                 and x.expires_at > ${at}) < ${MAX_LIVE_SIGN_UP_LINKS}
        order by t.created_at desc
        limit 1
        returning user_id`),
    );
    return created ? { status: "email-link", confirmationToken: token } : { status: "done" };
  }

  /**
   * A confirmed account gets a one-time reset token (1 hour; a newer one replaces it). Unknown
   * and unconfirmed addresses get none: the caller emails them to say there is no account.
   */
  async requestPasswordReset({ email }: { email: string }): Promise<PasswordResetRequest> {
    const address = normalizeEmail(email);
    const [user] = rowsOf<{ id: string }>(
      await this.deps.db.execute(
        sql`select id from auth.users where lower(email) = ${address} and email_confirmed_at is not null`,
      ),
    );
    if (!user) return { status: "no-account" };
    const token = randomBytes(32).toString("base64url");
    const expiresAt = new Date(this.now().getTime() + RESET_LIFETIME_SECONDS * 1000);
    await this.deps.db.transaction(async (tx) => {
      await tx.execute(
        sql`delete from auth.email_tokens where user_id = ${user.id} and purpose = 'recovery'`,
      );
      await tx.execute(sql`
        insert into auth.email_tokens (token_hash, user_id, purpose, expires_at)
        values (${hashToken(token)}, ${user.id}, 'recovery', ${expiresAt.toISOString()}::timestamptz)`);
    });
    return { status: "email-link", resetToken: token };
  }

  async openRecoveryLink(): Promise<void> {
    throw new AppError("bad_request", "Enter your new password on the reset link's page.");
  }

  async inRecovery(): Promise<boolean> {
    return false;
  }

  async pendingSignUp(): Promise<null> {
    return null;
  }

  /**
   * Spends a reset token on a new password, in one transaction with ending every session of the
   * user (this browser's too) and every other reset link: whoever held the old password or a
   * session is out.
   */
  async resetPassword(input: ResetPasswordInput): Promise<{ email: string }> {
    if (!input.token) throw new AppError("bad_request", EXPIRED_RESET_LINK);
    const tokenHash = hashToken(input.token);
    const passwordHash = await hashPassword(input.password);
    const at = sql`${this.now().toISOString()}::timestamptz`;
    const reset = await this.deps.db.transaction(async (tx) => {
      const [user] = rowsOf<{ id: string; email: string }>(
        await tx.execute(sql`
          with used as (
            update auth.email_tokens set used_at = ${at}
            where token_hash = ${tokenHash} and purpose = 'recovery' and used_at is null and expires_at > ${at}
            returning user_id
          )
          update auth.users u set encrypted_password = ${passwordHash}, updated_at = ${at}
          from used where u.id = used.user_id and u.email_confirmed_at is not null
          returning u.id, u.email`),
      );
      if (!user) return null;
      await tx.execute(
        sql`update auth.sessions set revoked_at = ${at} where user_id = ${user.id} and revoked_at is null`,
      );
      await tx.execute(
        sql`delete from auth.email_tokens where user_id = ${user.id} and purpose = 'recovery' and token_hash <> ${tokenHash}`,
      );
      return user;
    });
    if (!reset) throw new AppError("bad_request", EXPIRED_RESET_LINK);
    this.clearSessionCookie();
    return { email: normalizeEmail(reset.email) };
  }

  /**
   * The signed-in user's new password, given the current one (counted by the sign-in throttle,
   * so a session left open is no way to guess it). Every other session of the user ends.
   */
  async changePassword(input: ChangePasswordInput): Promise<void> {
    const token = this.deps.cookies.getAll().find((c) => c.name === SESSION_COOKIE)?.value;
    const session = await verifySessionToken(token, this.deps.secret, this.nowSeconds());
    const user = session.ok ? await this.getUser() : null;
    if (!session.ok || !user) throw new AppError("unauthorized", "Your session has ended. Sign in again.");
    const email = normalizeEmail(user.email);
    const attempt = await this.takeAttempt(email, input.ip);
    const [row] = await this.deps.db
      .select({ hash: authUsers.encryptedPassword })
      .from(authUsers)
      .where(eq(authUsers.id, user.sub));
    const ok = await verifyPassword(row?.hash, input.currentPassword);
    await this.deps.db.insert(authLoginAttempts).values({ email, ip: input.ip ?? null, succeeded: ok });
    if (!ok) {
      throw new AppError("unauthorized", "Your current password is not right.", {
        fields: { currentPassword: "is not right" },
      });
    }
    await clearSignInAttempts(this.deps.db, { ...attempt, now: this.now() });
    if (await verifyPassword(row?.hash, input.newPassword)) {
      throw new AppError("validation", "Choose a password different from your current one.", {
        fields: { newPassword: "must differ from the current password" },
      });
    }
    const passwordHash = await hashPassword(input.newPassword);
    const at = sql`${this.now().toISOString()}::timestamptz`;
    await this.deps.db.transaction(async (tx) => {
      await tx.execute(
        sql`update auth.users set encrypted_password = ${passwordHash}, updated_at = ${at} where id = ${user.sub}`,
      );
      await tx.execute(sql`
        update auth.sessions set revoked_at = ${at}
        where user_id = ${user.sub} and revoked_at is null and id <> ${session.claims.sid}`);
      await tx.execute(
        sql`delete from auth.email_tokens where user_id = ${user.sub} and purpose = 'recovery'`,
      );
    });
  }

  /**
   * A confirmed account straight away, for the local demo seed and tests: no email, no session.
   * Returns null when the address is taken.
   */
  async createConfirmedUser(input: {
    email: string;
    password: string;
    fullName?: string;
  }): Promise<string | null> {
    const email = normalizeEmail(input.email);
    const [created] = rowsOf<{ id: string }>(
      await this.deps.db.execute(sql`
        insert into auth.users (email, encrypted_password, email_confirmed_at, raw_user_meta_data)
        values (${email}, ${await hashPassword(input.password)}, now(),
          ${JSON.stringify({ full_name: input.fullName ?? null })}::jsonb)
        on conflict (lower(email)) do nothing
        returning id`),
    );
    return created?.id ?? null;
  }

  /** Counts the attempt before any password is checked (sign-in-throttle.ts), or refuses it. */
  private async takeAttempt(
    email: string,
    ip: string | undefined,
  ): Promise<{ clientKey: string; sharedKeys: string[]; deviceId: string | undefined }> {
    const deviceToken = this.deps.cookies.getAll().find((c) => c.name === DEVICE_COOKIE)?.value;
    const deviceId = await trustedDeviceId(deviceToken, email, this.deps.secret, this.nowSeconds());
    const attempt = await takeSignInAttempt(this.deps.db, { email, ip, deviceId, now: this.now() });
    if (!attempt.allowed) {
      const wait = attempt.retryAfterSeconds;
      throw new AppError(
        "rate_limited",
        `Too many sign-in attempts. Try again in ${wait < 90 ? `${wait} seconds` : `${Math.ceil(wait / 60)} minutes`}.`,
        { retryAfterSeconds: wait },
      );
    }
    return { clientKey: attempt.clientKey, sharedKeys: attempt.sharedKeys, deviceId };
  }

  /** After a right password: a clean slate for that client, a trusted-device token, a session. */
  private async finishSignIn(
    user: UserClaims,
    meta: { ip?: string; userAgent?: string },
    attempt: { clientKey: string; sharedKeys: string[]; deviceId: string | undefined },
  ): Promise<UserClaims> {
    await clearSignInAttempts(this.deps.db, { ...attempt, now: this.now() });
    const device = await signDeviceToken(
      { email: user.email, deviceId: attempt.deviceId },
      this.deps.secret,
      this.nowSeconds(),
    );
    this.deps.cookies.set(
      DEVICE_COOKIE,
      device.token,
      deviceCookieOptions(device.expiresAt, this.deps.secureCookies),
    );
    await this.deps.db.execute(sql`update auth.users set last_sign_in_at = now() where id = ${user.sub}`);
    return this.startSession(user, meta);
  }

  async signOut(): Promise<void> {
    const token = this.deps.cookies.getAll().find((c) => c.name === SESSION_COOKIE)?.value;
    const result = await verifySessionToken(token, this.deps.secret, this.nowSeconds());
    if (result.ok) {
      await this.deps.db
        .update(authSessions)
        .set({ revokedAt: this.now() })
        .where(eq(authSessions.id, result.claims.sid));
    }
    this.clearSessionCookie();
  }

  private clearSessionCookie(): void {
    this.deps.cookies.set(SESSION_COOKIE, "", { path: "/", maxAge: 0, httpOnly: true, sameSite: "lax" });
  }

  private async startSession(
    user: UserClaims,
    meta: { ip?: string; userAgent?: string },
  ): Promise<UserClaims> {
    const nat = this.nowSeconds() + ABSOLUTE_LIFETIME_SECONDS;
    const [session] = await this.deps.db
      .insert(authSessions)
      .values({
        userId: user.sub,
        notAfter: new Date(nat * 1000),
        ip: meta.ip ?? null,
        userAgent: meta.userAgent?.slice(0, 300) ?? null,
      })
      .returning({ id: authSessions.id });
    if (!session) throw new AppError("internal", "Could not start a session.");
    const { token, expiresAt } = await signSessionToken(
      { ...user, sid: session.id, nat },
      this.deps.secret,
      this.nowSeconds(),
    );
    this.deps.cookies.set(SESSION_COOKIE, token, sessionCookieOptions(expiresAt, this.deps.secureCookies));
    return user;
  }
}
