import { createHash, randomBytes, randomUUID } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";
import { z } from "zod";
import type { DbHandle } from "@/lib/db/client";
import {
  type FakeReply,
  type FakeRequest,
  type FakeRoute,
  type FakeServer,
  startFakeServer,
} from "./fake-server";

/*
 * A contract fake of Supabase Auth (GoTrue) on 127.0.0.1, written from its API handlers
 * (supabase/auth internal/api: signup.go, token.go, verify.go, recover.go, resend.go, user.go,
 * logout.go, mail.go, errors.go) for the endpoints @supabase/ssr and supabase-js call:
 *
 * - Sign-up with "Confirm email" on (a new hosted project's default) creates an unconfirmed user
 *   and emails a link; with it off, signs in at once. A sign-up for a confirmed address answers
 *   200 with an obfuscated user (a random id, no identities) and sends nothing, or 422
 *   `user_already_exists` with confirmations off. One for an unconfirmed address sends the link
 *   again and changes nothing else.
 * - Emails are limited as on the hosted service: one per address and kind every 60 s, and 2 an
 *   hour for the whole project (the built-in SMTP's limit): 429 `over_email_send_rate_limit`.
 *   When the confirmation email of a new sign-up can't be sent, no user is created.
 * - Links carry a token hash (`pkce_` first for a PKCE sign-up); POST /verify takes it with its
 *   type (`signup`, `email`, `recovery`), once, for an hour (403 `otp_expired`).
 * - Sessions live on the server: GET /user refuses a token whose session has ended (signed out,
 *   or ended by a password change), as GoTrue does; a password change ends every other session.
 * - Errors have the 2024-01-01 API shape (`{ code, message }` and `X-Supabase-Api-Version`) when
 *   the client asks for it, the older `{ code, error_code, msg }` otherwise.
 *
 * Users are kept in memory; with `db`, each is also written to that database's `auth.users`, as
 * the real server writes to the project's, so the app's foreign keys meet real rows. Tokens are
 * HS256, so supabase-js verifies them by calling GET /user, as for projects with symmetric keys.
 */

export type GoTrueEmail = {
  to: string;
  type: "signup" | "recovery";
  tokenHash: string;
  /** The link the README's email templates build: `{{ .SiteURL }}/auth/confirm?token_hash=…&type=…`. */
  link: string;
  sentAt: number;
};

export type GoTrueFakeOptions = {
  /** "Confirm email". On by default, as in a new hosted project. */
  confirmations?: boolean;
  /** The project's Site URL, which its email templates link to. */
  siteUrl?: string;
  /** The database the auth server shares with the app (its `auth.users`). */
  db?: Pick<DbHandle, "query">;
  /** The clock of email limits and link expiry, in ms. JWTs use real time: supabase-js checks them against it. */
  now?: () => number;
  /** Emails the whole project may send an hour (hosted, built-in SMTP: 2). */
  emailsPerHour?: number;
  /** Seconds between two emails of one kind to one address (hosted: 60). */
  secondsBetweenEmails?: number;
  /** How long an emailed link works (hosted: 3600 s). */
  linkLifetimeSeconds?: number;
  /** Password sign-ins the project takes in five minutes (GoTrue's per-IP limit: 30). */
  signInsPerFiveMinutes?: number;
};

export type GoTrueFake = {
  url: string;
  anonKey: string;
  /** Every request, in order (method and path). */
  requests: { method: string; path: string }[];
  /** Requests that broke the documented shapes. */
  violations: FakeServer["violations"];
  /** Every email the project sent, oldest first. */
  emails: GoTrueEmail[];
  confirmations: boolean;
  siteUrl: string;
  /** The newest email of a kind to an address. */
  lastEmail(to: string, type: GoTrueEmail["type"]): GoTrueEmail | undefined;
  /** Sessions the server still knows for an address. */
  sessionCount(email: string): number;
  /** Answer the next matching request(s) with this (outages: 502/503 from the gateway). */
  failNext: FakeServer["failNext"];
  close(): Promise<void>;
};

type FakeUser = {
  id: string;
  identityId: string;
  email: string;
  password: string;
  confirmedAt: number | null;
  metadata: Record<string, unknown>;
  createdAt: number;
  confirmationToken?: string;
  confirmationSentAt?: number;
  recoveryToken?: string;
  recoverySentAt?: number;
};

type FakeSession = {
  id: string;
  userId: string;
  refreshToken: string;
  amr: { method: string; timestamp: number }[];
};

const SECRET = new TextEncoder().encode("gotrue-fake-jwt-secret-0123456789abcdef");
const API_VERSION = "2024-01-01";
const MIN_PASSWORD_LENGTH = 6;

const metaSecurity = z.object({ captcha_token: z.string().nullish() }).nullish();
const pkce = { code_challenge: z.string().nullish(), code_challenge_method: z.string().nullish() };
const signupBody = z.looseObject({
  email: z.string(),
  password: z.string(),
  data: z.record(z.string(), z.unknown()).nullish(),
  gotrue_meta_security: metaSecurity,
  ...pkce,
});
const passwordGrantBody = z.looseObject({
  email: z.string(),
  password: z.string(),
  gotrue_meta_security: metaSecurity,
});
const refreshGrantBody = z.looseObject({ refresh_token: z.string() });
const verifyBody = z.looseObject({
  type: z.string(),
  token_hash: z.string().optional(),
  token: z.string().optional(),
  email: z.string().optional(),
  phone: z.string().optional(),
  gotrue_meta_security: metaSecurity,
});
const recoverBody = z.looseObject({ email: z.string(), gotrue_meta_security: metaSecurity, ...pkce });
const resendBody = z.looseObject({
  type: z.enum(["signup", "email_change", "sms", "phone_change"]),
  email: z.string().optional(),
  gotrue_meta_security: metaSecurity,
  ...pkce,
});
const updateUserBody = z.looseObject({
  password: z.string().optional(),
  current_password: z.string().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
  email: z.string().optional(),
  nonce: z.string().optional(),
  ...pkce,
});

export async function startGoTrueFake(options: GoTrueFakeOptions = {}): Promise<GoTrueFake> {
  // The fake's clock (rate limits, link lifetimes): injected by the integration tests; the browser
  // tests, whose app runs on the real clock, leave it at that.
  const now = options.now ?? (() => Date.now());
  const emailsPerHour = options.emailsPerHour ?? 2;
  const secondsBetweenEmails = options.secondsBetweenEmails ?? 60;
  const linkLifetimeMs = (options.linkLifetimeSeconds ?? 3600) * 1000;
  const signInLimit = options.signInsPerFiveMinutes ?? 30;
  const state = {
    confirmations: options.confirmations ?? true,
    siteUrl: options.siteUrl ?? "http://localhost:3000",
  };
  const anonKey = "fake-anon-key";
  const users = new Map<string, FakeUser>();
  const sessions = new Map<string, FakeSession>();
  const emails: GoTrueEmail[] = [];
  const emailTimes: number[] = [];
  const signInTimes: number[] = [];

  const iso = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toISOString());
  const byEmail = (email: string) => [...users.values()].find((u) => u.email === email.trim().toLowerCase());

  /** The reply's version header and error shape follow the request's, as GoTrue's middleware does. */
  const versioned = (req: FakeRequest) => req.headers["x-supabase-api-version"] === API_VERSION;
  const reply = (req: FakeRequest, status: number, body?: unknown): FakeReply => ({
    status,
    body,
    headers: versioned(req) ? { "x-supabase-api-version": API_VERSION } : {},
  });
  const apiError = (
    req: FakeRequest,
    status: number,
    code: string,
    message: string,
    extra: Record<string, unknown> = {},
  ): FakeReply => ({
    status,
    headers: {
      "x-sb-error-code": code,
      ...(versioned(req) ? { "x-supabase-api-version": API_VERSION } : {}),
    },
    body: versioned(req)
      ? { code, message, ...extra }
      : { code: status, error_code: code, msg: message, ...extra },
  });

  const identityOf = (u: FakeUser) => ({
    identity_id: u.identityId,
    id: u.id,
    user_id: u.id,
    identity_data: {
      email: u.email,
      email_verified: u.confirmedAt !== null,
      phone_verified: false,
      sub: u.id,
    },
    provider: "email",
    last_sign_in_at: iso(u.createdAt),
    created_at: iso(u.createdAt),
    updated_at: iso(u.createdAt),
    email: u.email,
  });
  const userJson = (u: FakeUser) => ({
    id: u.id,
    aud: "authenticated",
    role: "authenticated",
    email: u.email,
    email_confirmed_at: iso(u.confirmedAt),
    confirmed_at: iso(u.confirmedAt),
    phone: "",
    confirmation_sent_at: iso(u.confirmationSentAt),
    recovery_sent_at: iso(u.recoverySentAt),
    app_metadata: { provider: "email", providers: ["email"] },
    user_metadata: u.metadata,
    identities: [identityOf(u)],
    created_at: iso(u.createdAt),
    updated_at: iso(u.createdAt),
    is_anonymous: false,
  });
  /** signup.go sanitizeUser: what a sign-up for a confirmed address gets, so it looks like a new one. */
  const obfuscatedUserJson = (email: string, data: Record<string, unknown>) => ({
    id: randomUUID(),
    aud: "authenticated",
    role: "",
    email,
    phone: "",
    confirmation_sent_at: iso(now()),
    app_metadata: { provider: "email", providers: ["email"] },
    user_metadata: data,
    identities: [],
    created_at: iso(now()),
    updated_at: iso(now()),
    is_anonymous: false,
  });

  async function issueSession(u: FakeUser, method: "password" | "otp", existing?: FakeSession) {
    // The token's iat/exp are on the process's real clock, not the fake's: supabase-js checks a
    // session's expiry against Date.now() in the app under test, which no test can shift.
    const realNow = Math.floor(Date.now() / 1000);
    const session: FakeSession = existing ?? {
      id: randomUUID(),
      userId: u.id,
      refreshToken: "",
      // When the session was opened, on the fake's clock: the app compares it with its own.
      amr: [{ method, timestamp: Math.floor(now() / 1000) }],
    };
    session.refreshToken = randomBytes(12).toString("hex");
    sessions.set(session.id, session);
    const access_token = await new SignJWT({
      email: u.email,
      phone: "",
      role: "authenticated",
      aud: "authenticated",
      session_id: session.id,
      aal: "aal1",
      amr: session.amr,
      app_metadata: { provider: "email", providers: ["email"] },
      user_metadata: u.metadata,
      is_anonymous: false,
    })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setSubject(u.id)
      .setIssuedAt(realNow)
      .setExpirationTime(realNow + 3600)
      .sign(SECRET);
    return {
      access_token,
      token_type: "bearer",
      expires_in: 3600,
      expires_at: realNow + 3600,
      refresh_token: session.refreshToken,
      user: userJson(u),
    };
  }

  /** The bearer's session and user, or the error GoTrue's auth middleware answers. */
  async function bearer(req: FakeRequest): Promise<{ user: FakeUser; session: FakeSession } | FakeReply> {
    const header = req.headers.authorization;
    const token = (Array.isArray(header) ? header[0] : header)?.replace(/^Bearer /, "") ?? "";
    if (!token) return apiError(req, 401, "no_authorization", "This endpoint requires a valid Bearer token");
    try {
      const { payload } = await jwtVerify(token, SECRET);
      const user = typeof payload.sub === "string" ? users.get(payload.sub) : undefined;
      if (!user) return apiError(req, 403, "user_not_found", "User from sub claim in JWT does not exist");
      const session = sessions.get(String(payload.session_id));
      if (!session) {
        return apiError(req, 403, "session_not_found", "Session from session_id claim in JWT does not exist");
      }
      return { user, session };
    } catch {
      return apiError(req, 403, "bad_jwt", "invalid JWT: unable to parse or verify signature");
    }
  }

  async function mirror(text: string, params: unknown[]): Promise<void> {
    if (options.db) await options.db.query(text, params);
  }

  /** mail.go: sends a link, or the 429 the per-address frequency or the project's hourly limit gives. */
  function sendLink(
    req: FakeRequest,
    u: FakeUser,
    type: GoTrueEmail["type"],
    pkceFlow: boolean,
  ): FakeReply | null {
    const at = now();
    const last = type === "signup" ? u.confirmationSentAt : u.recoverySentAt;
    if (last !== undefined && last + secondsBetweenEmails * 1000 > at) {
      const left = Math.floor((last + secondsBetweenEmails * 1000 - at) / 1000);
      return apiError(
        req,
        429,
        "over_email_send_rate_limit",
        `For security purposes, you can only request this after ${left} seconds.`,
      );
    }
    while (emailTimes.length > 0 && (emailTimes[0] ?? 0) <= at - 3600_000) emailTimes.shift();
    if (emailTimes.length >= emailsPerHour) {
      return apiError(req, 429, "over_email_send_rate_limit", "email rate limit exceeded");
    }
    const otp = String(randomBytes(4).readUInt32BE() % 1_000_000).padStart(6, "0");
    const hash = createHash("sha224").update(`${u.email}${otp}`).digest("hex");
    const tokenHash = pkceFlow ? `pkce_${hash}` : hash;
    if (type === "signup") {
      u.confirmationToken = tokenHash;
      u.confirmationSentAt = at;
    } else {
      u.recoveryToken = tokenHash;
      u.recoverySentAt = at;
    }
    emailTimes.push(at);
    const linkType = type === "signup" ? "email" : "recovery";
    emails.push({
      to: u.email,
      type,
      tokenHash,
      link: `${state.siteUrl.replace(/\/+$/, "")}/auth/confirm?token_hash=${tokenHash}&type=${linkType}`,
      sentAt: at,
    });
    return null;
  }

  function weakPassword(req: FakeRequest, password: string): FakeReply | null {
    if (password.length >= MIN_PASSWORD_LENGTH) return null;
    const message = `Password should be at least ${MIN_PASSWORD_LENGTH} characters.`;
    return apiError(req, 422, "weak_password", message, { weak_password: { reasons: ["length"] } });
  }

  async function confirm(u: FakeUser): Promise<void> {
    u.confirmedAt = now();
    await mirror("update auth.users set email_confirmed_at = $2::timestamptz where id = $1", [
      u.id,
      iso(u.confirmedAt),
    ]);
  }

  const apikey = { apikey: anonKey };
  const routes: FakeRoute[] = [
    {
      method: "POST",
      path: "/auth/v1/signup",
      headers: apikey,
      body: signupBody,
      async handle(req) {
        const body = signupBody.parse(req.body);
        const email = body.email.trim().toLowerCase();
        const data = body.data ?? {};
        const weak = weakPassword(req, body.password);
        if (weak) return weak;
        const existing = byEmail(email);
        if (existing?.confirmedAt != null) {
          if (!state.confirmations)
            return apiError(req, 422, "user_already_exists", "User already registered");
          return reply(req, 200, obfuscatedUserJson(email, data));
        }
        if (existing) {
          // "Do not update the user because we can't be sure of their claimed identity."
          if (!state.confirmations) {
            await confirm(existing);
            return reply(req, 200, await issueSession(existing, "password"));
          }
          const refused = sendLink(req, existing, "signup", Boolean(body.code_challenge));
          return refused ?? reply(req, 200, userJson(existing));
        }
        const user: FakeUser = {
          id: randomUUID(),
          identityId: randomUUID(),
          email,
          password: body.password,
          confirmedAt: state.confirmations ? null : now(),
          metadata: data,
          createdAt: now(),
        };
        if (state.confirmations) {
          // One transaction in GoTrue: when the email can't go out, the user is not created.
          const refused = sendLink(req, user, "signup", Boolean(body.code_challenge));
          if (refused) return refused;
        }
        users.set(user.id, user);
        await mirror(
          `insert into auth.users (id, email, email_confirmed_at, raw_user_meta_data, created_at)
           values ($1, $2, $3::timestamptz, $4::jsonb, $5::timestamptz)`,
          [user.id, user.email, iso(user.confirmedAt), JSON.stringify(data), iso(user.createdAt)],
        );
        if (!state.confirmations) return reply(req, 200, await issueSession(user, "password"));
        return reply(req, 200, userJson(user));
      },
    },
    {
      method: "POST",
      path: "/auth/v1/token",
      headers: apikey,
      query: z.looseObject({ grant_type: z.enum(["password", "refresh_token"]) }),
      async handle(req) {
        if (req.query.get("grant_type") === "refresh_token") {
          const parsed = refreshGrantBody.safeParse(req.body);
          const session = [...sessions.values()].find((s) => s.refreshToken === parsed.data?.refresh_token);
          const user = session ? users.get(session.userId) : undefined;
          if (!session || !user) {
            return apiError(
              req,
              400,
              "refresh_token_not_found",
              "Invalid Refresh Token: Refresh Token Not Found",
            );
          }
          return reply(req, 200, await issueSession(user, "password", session));
        }
        const parsed = passwordGrantBody.safeParse(req.body);
        if (!parsed.success) return apiError(req, 400, "validation_failed", "missing email or phone");
        const at = now();
        while (signInTimes.length > 0 && (signInTimes[0] ?? 0) <= at - 300_000) signInTimes.shift();
        if (signInTimes.length >= signInLimit) {
          return apiError(req, 429, "over_request_rate_limit", "Request rate limit reached");
        }
        signInTimes.push(at);
        const user = byEmail(parsed.data.email);
        if (!user || user.password !== parsed.data.password) {
          return apiError(req, 400, "invalid_credentials", "Invalid login credentials");
        }
        if (user.confirmedAt === null)
          return apiError(req, 400, "email_not_confirmed", "Email not confirmed");
        return reply(req, 200, await issueSession(user, "password"));
      },
    },
    {
      method: "GET",
      path: "/auth/v1/user",
      headers: apikey,
      async handle(req) {
        const auth = await bearer(req);
        if (!("user" in auth)) return auth;
        return reply(req, 200, userJson(auth.user));
      },
    },
    {
      method: "PUT",
      path: "/auth/v1/user",
      headers: apikey,
      body: updateUserBody,
      async handle(req) {
        const auth = await bearer(req);
        if (!("user" in auth)) return auth;
        const body = updateUserBody.parse(req.body);
        const { user, session } = auth;
        if (body.password !== undefined) {
          const weak = weakPassword(req, body.password);
          if (weak) return weak;
          if (body.password === user.password) {
            return apiError(
              req,
              422,
              "same_password",
              "New password should be different from the old password.",
            );
          }
          // models.User.UpdatePassword: every link is spent, every other session ends.
          user.password = body.password;
          user.confirmationToken = undefined;
          user.recoveryToken = undefined;
          for (const s of [...sessions.values()]) {
            if (s.userId === user.id && s.id !== session.id) sessions.delete(s.id);
          }
        }
        if (body.data) {
          for (const [k, v] of Object.entries(body.data)) {
            if (v === null) delete user.metadata[k];
            else user.metadata[k] = v;
          }
        }
        return reply(req, 200, userJson(user));
      },
    },
    {
      method: "POST",
      path: "/auth/v1/logout",
      headers: apikey,
      async handle(req) {
        const auth = await bearer(req);
        if (!("user" in auth)) return auth;
        const scope = req.query.get("scope") ?? "global";
        for (const s of [...sessions.values()]) {
          if (s.userId !== auth.user.id) continue;
          const mine = s.id === auth.session.id;
          if (scope === "global" || (scope === "local" && mine) || (scope === "others" && !mine)) {
            sessions.delete(s.id);
          }
        }
        return reply(req, 204);
      },
    },
    {
      method: "POST",
      path: "/auth/v1/verify",
      headers: apikey,
      body: verifyBody,
      async handle(req) {
        const body = verifyBody.parse(req.body);
        if (!body.token_hash) {
          return apiError(req, 400, "validation_failed", "This fake verifies token hashes only");
        }
        if (body.email || body.phone) {
          return apiError(req, 400, "validation_failed", "Only the token_hash and type should be provided");
        }
        const kinds: Record<string, ("signup" | "recovery")[]> = {
          signup: ["signup"],
          invite: ["signup"],
          email: ["signup", "recovery"],
          recovery: ["recovery"],
          magiclink: ["recovery"],
        };
        const allowed = kinds[body.type];
        if (!allowed) return apiError(req, 400, "validation_failed", "Invalid email verification type");
        let found: { user: FakeUser; kind: "signup" | "recovery" } | undefined;
        for (const u of users.values()) {
          if (allowed.includes("signup") && u.confirmationToken === body.token_hash)
            found = { user: u, kind: "signup" };
          else if (allowed.includes("recovery") && u.recoveryToken === body.token_hash) {
            found = { user: u, kind: "recovery" };
          }
        }
        const expired = (sentAt: number | undefined) =>
          sentAt === undefined || sentAt + linkLifetimeMs < now();
        if (
          !found ||
          expired(found.kind === "signup" ? found.user.confirmationSentAt : found.user.recoverySentAt)
        ) {
          return apiError(req, 403, "otp_expired", "Email link is invalid or has expired");
        }
        const { user, kind } = found;
        if (kind === "signup") user.confirmationToken = undefined;
        else user.recoveryToken = undefined;
        if (user.confirmedAt === null) await confirm(user);
        return reply(req, 200, await issueSession(user, "otp"));
      },
    },
    {
      method: "POST",
      path: "/auth/v1/recover",
      headers: apikey,
      body: recoverBody,
      async handle(req) {
        const body = recoverBody.parse(req.body);
        const user = byEmail(body.email);
        if (!user) return reply(req, 200, {});
        return sendLink(req, user, "recovery", Boolean(body.code_challenge)) ?? reply(req, 200, {});
      },
    },
    {
      method: "POST",
      path: "/auth/v1/resend",
      headers: apikey,
      body: resendBody,
      async handle(req) {
        const body = resendBody.parse(req.body);
        if (body.type !== "signup" || !body.email) {
          return apiError(req, 400, "validation_failed", "This fake resends sign-up links only");
        }
        const user = byEmail(body.email);
        if (!user || user.confirmedAt !== null) return reply(req, 200, {});
        return sendLink(req, user, "signup", Boolean(body.code_challenge)) ?? reply(req, 200, {});
      },
    },
  ];

  const server = await startFakeServer("gotrue", routes);
  return {
    url: server.url,
    anonKey,
    get requests() {
      return server.requests.map((r) => ({ method: r.method, path: r.path }));
    },
    violations: server.violations,
    emails,
    get confirmations() {
      return state.confirmations;
    },
    set confirmations(v: boolean) {
      state.confirmations = v;
    },
    get siteUrl() {
      return state.siteUrl;
    },
    set siteUrl(v: string) {
      state.siteUrl = v;
    },
    lastEmail: (to, type) => emails.filter((e) => e.to === to.toLowerCase() && e.type === type).at(-1),
    sessionCount: (email) => {
      const user = byEmail(email);
      return user ? [...sessions.values()].filter((s) => s.userId === user.id).length : 0;
    },
    failNext: server.failNext,
    close: server.close,
  };
}
