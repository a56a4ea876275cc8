/**
 * `npm run dev` and `npm start`: `next dev|start` on the interface the environment chooses
 * (src/env.ts `listenHost`: HOST when set, else 127.0.0.1 in local mode, where a published demo
 * password must not be reachable from the network), with the peer-address hook preloaded so the
 * app knows which socket a request came from (scripts/peer-address.cjs). Extra arguments go to
 * Next; an explicit `-H`/`--hostname` wins over HOST.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
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

const require = createRequire(import.meta.url);
const hook = path.join(import.meta.dirname, "peer-address.cjs");
const child = spawn(
  process.execPath,
  [require.resolve("next/dist/bin/next"), command, ...args, ...(host ? ["-H", host] : [])],
  {
    stdio: "inherit",
    env: {
      ...process.env,
      NODE_OPTIONS: [process.env.NODE_OPTIONS, `--require ${JSON.stringify(hook)}`].filter(Boolean).join(" "),
    },
  },
);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => child.kill(signal));
}
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
