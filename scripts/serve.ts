/**
 * `npm run dev` and `npm start`: `next dev|start` on the interface the environment chooses
 * (src/env.ts `listenHost`: HOST when set, else 127.0.0.1 in local mode, where a published demo
 * password must not be reachable from the network), with the peer-address hook preloaded so the
 * app knows which socket a request came from (scripts/peer-address.cjs). Extra arguments go to
 * Next; an explicit `-H`/`--hostname` wins over HOST.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { connect } from "node:net";
import path from "node:path";
import nextEnv from "@next/env";

const [command, ...args] = process.argv.slice(2);
if (command !== "dev" && command !== "start") {
  console.error("usage: tsx scripts/serve.ts dev|start [next options]");
  process.exit(2);
}

// The same .env files Next itself will read, so HOST or DATABASE_URL set in .env.local count.
nextEnv.loadEnvConfig(process.cwd(), command === "dev");
const { env, EnvError, isLoopbackHost, listenHost } = await import("../src/env");

let host: string | undefined;
try {
  const e = env();
  const explicit = args.some((a) => a === "-H" || a === "--hostname" || a.startsWith("--hostname="));
  host = explicit ? undefined : listenHost(e);
  if (host && e.mode === "local" && !isLoopbackHost(host)) {
    console.warn(`[dialer] local mode listening on ${host}: reachable from other machines.`);
  }
} catch (error) {
  if (!(error instanceof EnvError)) throw error;
  console.error(`\n[dialer] cannot start: ${error.message}\n`);
  process.exit(1);
}

const launchedAt = Date.now();
// `-p 3001` without PORT: the app's own address (the call simulator's webhooks, links) must
// name the port it really listens on.
const port = portArgument(args) ?? process.env.PORT ?? "3000";
const warmUpToken = command === "dev" ? randomBytes(24).toString("hex") : undefined;
const require = createRequire(import.meta.url);
const hook = path.join(import.meta.dirname, "peer-address.cjs");
const child = spawn(
  process.execPath,
  [require.resolve("next/dist/bin/next"), command, ...args, ...(host ? ["-H", host] : [])],
  {
    stdio: "inherit",
    env: {
      ...process.env,
      PORT: port,
      ...(warmUpToken ? { DIALER_WARMUP_TOKEN: warmUpToken } : {}),
      NODE_OPTIONS: [process.env.NODE_OPTIONS, `--require ${JSON.stringify(hook)}`].filter(Boolean).join(" "),
    },
  },
);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => child.kill(signal));
}
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
void warmUp();

function portArgument(argv: string[]): string | undefined {
  for (const [i, a] of argv.entries()) {
    if (a === "-p" || a === "--port") return argv[i + 1];
    if (a.startsWith("--port=")) return a.slice("--port=".length);
  }
  return undefined;
}

/**
 * Right after Next says "Ready" nothing has happened yet: `next dev` runs the instrumentation
 * (which starts preparing the database) and compiles each page on its first request. So the
 * launcher asks at once: /api/health starts the database and answers when it is ready, and in
 * development the sign-in page compiles meanwhile (its request carries the warm-up token, so the
 * proxy lets it through instead of answering "preparing"). Then one line says where to go.
 */
async function warmUp(): Promise<void> {
  const origin = `http://${loopbackFor(host)}:${port}`;
  const get = (pathname: string, headers: Record<string, string> = {}) =>
    fetch(`${origin}${pathname}`, { headers, redirect: "manual" }).then(async (res) => {
      await res.arrayBuffer();
      return res;
    });
  // Until Next listens (a few seconds); give up quietly if it never does (it says why itself).
  const deadline = Date.now() + 120_000;
  while (!(await listening(loopbackFor(host).replace(/^\[|\]$/g, ""), Number(port)))) {
    if (child.exitCode !== null || Date.now() > deadline) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  if (command === "dev") {
    console.log(
      "[dialer] compiling the server and preparing the database; a first start takes a minute or two, pages say so meanwhile…",
    );
  }
  try {
    const pages = warmUpToken ? get("/sign-in", { "x-dialer-warmup": warmUpToken }) : Promise.resolve();
    const health = await get("/api/health");
    await pages;
    if (health.ok) {
      console.log(
        `[dialer] ready after ${((Date.now() - launchedAt) / 1000).toFixed(1)} s: open ${origin.replace("127.0.0.1", "localhost")}`,
      );
    }
  } catch {
    // The server stopped or restarted; it reports its own errors.
  }
}

function listening(address: string, portNumber: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port: portNumber }, () => {
      socket.end();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
  });
}

function loopbackFor(listen: string | undefined): string {
  if (!listen || listen === "0.0.0.0" || listen === "::") return "127.0.0.1";
  return listen.includes(":") ? `[${listen}]` : listen;
}
