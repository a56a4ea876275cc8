import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { z } from "zod";

/*
 * The base of every contract fake (Retell, Vapi, Cal.com, Resend): an HTTP server on 127.0.0.1
 * with a route table. Each route checks its request against the documented shape (a zod schema
 * for the body or query) and the auth header, and answers with a documented response. A request
 * that breaks the contract is answered 400/401 with the reasons *and* recorded in `violations`,
 * so a test fails on it even when the code under test swallows the error.
 */

export type FakeRequest = {
  method: string;
  path: string;
  /** Path parameters from `:name` segments. */
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  body: unknown;
  rawBody: string;
};

export type FakeReply = { status?: number; body?: unknown; headers?: Record<string, string> };

export type FakeRoute = {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** e.g. `/v2/get-call/:callId` */
  path: string;
  /** The documented body shape; a mismatch is a contract violation (400). */
  body?: z.ZodType;
  /** The documented query shape, checked against `Object.fromEntries(query)`. */
  query?: z.ZodType;
  /** Headers the endpoint requires, name (lower case) to exact value or a test. */
  headers?: Record<string, string | ((value: string | undefined) => boolean)>;
  handle(req: FakeRequest): FakeReply | Promise<FakeReply>;
};

export type FakeServer = {
  url: string;
  /** Every request received, in order. */
  requests: FakeRequest[];
  /** Requests that broke the contract, with the reasons. */
  violations: { method: string; path: string; problems: string[] }[];
  /** Answer the next matching request(s) with this instead of the route's handler (outages, errors). */
  failNext(method: string, path: string, reply: FakeReply, times?: number): void;
  close(): Promise<void>;
};

function match(pattern: string, path: string): Record<string, string> | null {
  const a = pattern.split("/");
  const b = path.split("/");
  if (a.length !== b.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < a.length; i++) {
    const p = a[i] as string;
    const v = b[i] as string;
    if (p.startsWith(":")) params[p.slice(1)] = decodeURIComponent(v);
    else if (p !== v) return null;
  }
  return params;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function send(res: ServerResponse, reply: FakeReply): void {
  const status = reply.status ?? 200;
  const headers = { "content-type": "application/json", ...reply.headers };
  res.writeHead(status, headers);
  res.end(reply.body === undefined ? "" : JSON.stringify(reply.body));
}

/**
 * The client (Node's fetch, inside the SDKs) retires an idle keep-alive connection after 4 s; a
 * Node server closes it after 5 s. When the process is busy (PGlite's work runs on the same event
 * loop, CI keeps both cores loaded) the two timers can fire out of turn and a request goes out on a
 * socket the fake is closing: "fetch failed". A fake that keeps idle connections for a minute leaves
 * retiring them to the client alone; `close()` still ends them all.
 */
export function keepConnectionsLongerThanClients(server: Server): void {
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 65_000;
}

export async function startFakeServer(name: string, routes: FakeRoute[]): Promise<FakeServer> {
  const requests: FakeRequest[] = [];
  const violations: FakeServer["violations"] = [];
  const failures: { method: string; path: string; reply: FakeReply; times: number }[] = [];

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const rawBody = await readBody(req);
    let body: unknown;
    try {
      body = rawBody ? JSON.parse(rawBody) : undefined;
    } catch {
      body = undefined;
    }
    const method = req.method ?? "GET";
    let route: FakeRoute | undefined;
    let params: Record<string, string> = {};
    for (const r of routes) {
      const p = r.method === method ? match(r.path, url.pathname) : null;
      if (p) {
        route = r;
        params = p;
        break;
      }
    }
    const request: FakeRequest = {
      method,
      path: url.pathname,
      params,
      query: url.searchParams,
      headers: req.headers,
      body,
      rawBody,
    };
    requests.push(request);
    if (!route) {
      violations.push({ method, path: url.pathname, problems: [`${name} has no ${method} ${url.pathname}`] });
      send(res, { status: 404, body: { error: `${name} fake: no route ${method} ${url.pathname}` } });
      return;
    }
    const problems: string[] = [];
    for (const [header, expected] of Object.entries(route.headers ?? {})) {
      const value = req.headers[header];
      const v = Array.isArray(value) ? value[0] : value;
      const ok = typeof expected === "string" ? v === expected : expected(v);
      if (!ok) problems.push(`header ${header}: got ${v === undefined ? "nothing" : JSON.stringify(v)}`);
    }
    const unauthorized = problems.some((p) => p.startsWith("header authorization"));
    if (route.body) {
      const parsed = route.body.safeParse(body);
      if (!parsed.success) {
        problems.push(...parsed.error.issues.map((i) => `body.${i.path.join(".")}: ${i.message}`));
      }
    }
    if (route.query) {
      const parsed = route.query.safeParse(Object.fromEntries(url.searchParams));
      if (!parsed.success) {
        problems.push(...parsed.error.issues.map((i) => `query.${i.path.join(".")}: ${i.message}`));
      }
    }
    if (problems.length > 0) {
      violations.push({ method, path: url.pathname, problems });
      send(res, { status: unauthorized ? 401 : 400, body: { error: problems.join("; ") } });
      return;
    }
    const failure = failures.find((f) => f.method === method && match(f.path, url.pathname) && f.times > 0);
    if (failure) {
      failure.times -= 1;
      send(res, failure.reply);
      return;
    }
    try {
      send(res, await route.handle(request));
    } catch (error) {
      send(res, { status: 500, body: { error: `${name} fake crashed: ${(error as Error).message}` } });
    }
  });

  keepConnectionsLongerThanClients(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    violations,
    failNext(method, path, reply, times = 1) {
      failures.push({ method, path, reply, times });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

/** `Authorization: Bearer <key>` check for a route's `headers`. */
export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
