import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { jwtVerify, SignJWT } from "jose";
import { keepConnectionsLongerThanClients } from "./fake-server";

/**
 * A contract fake of Supabase Auth (GoTrue) on 127.0.0.1: the endpoints @supabase/ssr calls for
 * password sign-in, sign-up, user lookup and sign-out, with GoTrue's documented shapes. Tokens
 * are HS256, so supabase-js verifies them by calling GET /auth/v1/user, as it does for projects
 * with symmetric keys.
 */
export type GoTrueFake = {
  url: string;
  anonKey: string;
  requests: { method: string; path: string }[];
  /** Require email confirmation on sign-up (no session returned). */
  confirmations: boolean;
  close(): Promise<void>;
};

const SECRET = new TextEncoder().encode("gotrue-fake-jwt-secret-0123456789abcdef");

async function body(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

export async function startGoTrueFake(): Promise<GoTrueFake> {
  const users = new Map<string, { id: string; email: string; password: string }>();
  const requests: { method: string; path: string }[] = [];
  const state = { confirmations: false };

  const userJson = (u: { id: string; email: string }) => ({
    id: u.id,
    aud: "authenticated",
    role: "authenticated",
    email: u.email,
    email_confirmed_at: new Date().toISOString(),
    app_metadata: { provider: "email", providers: ["email"] },
    user_metadata: {},
    identities: [],
    created_at: new Date().toISOString(),
    updated_at: new Date().toISOString(),
  });

  async function session(u: { id: string; email: string }) {
    const now = Math.floor(Date.now() / 1000);
    const access_token = await new SignJWT({
      email: u.email,
      role: "authenticated",
      aud: "authenticated",
      session_id: randomUUID(),
    })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setSubject(u.id)
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .sign(SECRET);
    return {
      access_token,
      token_type: "bearer",
      expires_in: 3600,
      expires_at: now + 3600,
      refresh_token: randomUUID(),
      user: userJson(u),
    };
  }

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    requests.push({ method: req.method ?? "GET", path: url.pathname });
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(payload));
    };
    if (req.headers.apikey !== fake.anonKey) return send(401, { message: "Invalid API key" });
    try {
      if (req.method === "POST" && url.pathname === "/auth/v1/signup") {
        const { email, password } = (await body(req)) as { email: string; password: string };
        if ([...users.values()].some((u) => u.email === email)) {
          return send(422, { code: 422, error_code: "user_already_exists", msg: "User already registered" });
        }
        const user = { id: randomUUID(), email, password };
        users.set(user.id, user);
        if (state.confirmations) return send(200, { ...userJson(user), email_confirmed_at: null });
        return send(200, await session(user));
      }
      if (
        req.method === "POST" &&
        url.pathname === "/auth/v1/token" &&
        url.searchParams.get("grant_type") === "password"
      ) {
        const { email, password } = (await body(req)) as { email: string; password: string };
        const user = [...users.values()].find((u) => u.email === email && u.password === password);
        if (!user)
          return send(400, {
            code: 400,
            error_code: "invalid_credentials",
            msg: "Invalid login credentials",
          });
        return send(200, await session(user));
      }
      if (req.method === "GET" && url.pathname === "/auth/v1/user") {
        const token = (req.headers.authorization ?? "").replace(/^Bearer /, "");
        try {
          const { payload } = await jwtVerify(token, SECRET);
          const user = payload.sub ? users.get(payload.sub) : undefined;
          if (!user) return send(403, { code: 403, error_code: "user_not_found", msg: "User not found" });
          return send(200, userJson(user));
        } catch {
          return send(403, { code: 403, error_code: "bad_jwt", msg: "invalid JWT" });
        }
      }
      if (req.method === "POST" && url.pathname === "/auth/v1/logout") {
        res.writeHead(204);
        return res.end();
      }
      return send(404, { code: 404, msg: `fake has no ${req.method} ${url.pathname}` });
    } catch (error) {
      return send(500, { msg: (error as Error).message });
    }
  });
  keepConnectionsLongerThanClients(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const fake: GoTrueFake = {
    url: `http://127.0.0.1:${port}`,
    anonKey: "fake-anon-key",
    requests,
    get confirmations() {
      return state.confirmations;
    },
    set confirmations(v: boolean) {
      state.confirmations = v;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}
