import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { type Database, rowsOf } from "@/lib/db/client";
import { authLoginAttempts, authSessions, authUsers } from "@/lib/db/schema/auth";
import type { UserClaims } from "@/lib/db/with-user";
import { AppError } from "@/lib/errors";
import type { AuthPort, CookieJar, SignInInput, SignUpInput, SignUpResult } from "../types";
import { hashPassword, verifyPassword } from "./password";
import {
  ABSOLUTE_LIFETIME_SECONDS,
  SESSION_COOKIE,
  sessionCookieOptions,
  signSessionToken,
  verifySessionToken,
} from "./session-token";

/** Failed sign-ins allowed per address, and per client IP, within the window. */
export const LOGIN_LIMIT = { perEmail: 5, perIp: 30, windowMinutes: 15 };

const INVALID_CREDENTIALS = "Email or password is incorrect.";

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
    await this.assertNotRateLimited(email, input.ip);
    const [user] = await this.deps.db
      .select({ id: authUsers.id, email: authUsers.email, hash: authUsers.encryptedPassword })
      .from(authUsers)
      .where(sql`lower(${authUsers.email}) = ${email}`);
    // Unknown address and wrong password give the same answer after the same work.
    const ok = await verifyPassword(user?.hash, input.password);
    await this.deps.db.insert(authLoginAttempts).values({ email, ip: input.ip ?? null, succeeded: ok });
    if (!user || !ok) throw new AppError("unauthorized", INVALID_CREDENTIALS);
    await this.deps.db.execute(sql`update auth.users set last_sign_in_at = now() where id = ${user.id}`);
    return this.startSession({ sub: user.id, email: user.email ?? email, role: "authenticated" }, input);
  }

  async signUp(input: SignUpInput): Promise<SignUpResult> {
    const email = normalizeEmail(input.email);
    const encryptedPassword = await hashPassword(input.password);
    const [created] = await this.deps.db
      .execute<{ id: string }>(sql`
      insert into auth.users (email, encrypted_password, email_confirmed_at, raw_user_meta_data)
      values (${email}, ${encryptedPassword}, now(), ${JSON.stringify({ full_name: input.fullName ?? null })}::jsonb)
      on conflict (lower(email)) do nothing
      returning id`)
      .then(rowsOf<{ id: string }>);
    if (!created) {
      throw new AppError("conflict", "An account with this email already exists. Sign in instead.", {
        fields: { email: "already registered" },
      });
    }
    const user = await this.startSession({ sub: created.id, email, role: "authenticated" }, {});
    return { status: "signed-in", user };
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

  private async assertNotRateLimited(email: string, ip: string | undefined): Promise<void> {
    const since = new Date(this.now().getTime() - LOGIN_LIMIT.windowMinutes * 60_000);
    const rows = await this.deps.db.execute<{ by_email: number; by_ip: number }>(sql`
      select
        count(*) filter (where lower(email) = ${email})::int as by_email,
        count(*) filter (where ${ip ?? null}::text is not null and ip = ${ip ?? null})::int as by_ip
      from auth.login_attempts
      where not succeeded and created_at > ${since.toISOString()}::timestamptz`);
    const [counts] = rowsOf<{ by_email: number; by_ip: number }>(rows);
    if ((counts?.by_email ?? 0) >= LOGIN_LIMIT.perEmail || (counts?.by_ip ?? 0) >= LOGIN_LIMIT.perIp) {
      throw new AppError(
        "rate_limited",
        `Too many failed sign-in attempts. Try again in ${LOGIN_LIMIT.windowMinutes} minutes.`,
        { retryAfterSeconds: LOGIN_LIMIT.windowMinutes * 60 },
      );
    }
  }
}
