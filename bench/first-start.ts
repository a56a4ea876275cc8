/**
 * A newcomer's first `npm run dev`: a fresh embedded database and a fresh Next build folder, then
 * the sign-in page requested the moment Next prints "Ready", as someone who just ran the README's
 * command would. Prints when each thing happened (seconds after the launch), what the first
 * answer was (the "preparing" page or the real one), and how noisy the log was.
 *
 *   npm run bench first-start            (BENCH_PORT, default 3151)
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const PORT = Number(process.env.BENCH_PORT ?? 3151);
const DIST = ".next-bench-first";

type Answer = { at: number; status: number; preparing: boolean; ms: number };

export async function benchFirstStart(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "dialer-first-start-"));
  rmSync(DIST, { recursive: true, force: true });
  const t0 = Date.now();
  const since = () => (Date.now() - t0) / 1000;
  const lines: { at: number; text: string }[] = [];
  const child: ChildProcess = spawn(
    process.execPath,
    [
      "node_modules/tsx/dist/cli.mjs",
      "--tsconfig",
      "tsconfig.scripts.json",
      "scripts/serve.ts",
      "dev",
      "-p",
      String(PORT),
    ],
    {
      env: {
        ...process.env,
        NEXT_DIST_DIR: DIST,
        PGLITE_DIR: path.join(dataDir, "pglite"),
        DATABASE_URL: "",
        NEXT_TELEMETRY_DISABLED: "1",
        PORT: String(PORT),
        APP_URL: `http://127.0.0.1:${PORT}`,
        HOST: "127.0.0.1",
      },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    },
  );
  let ready = null as number | null;
  let onReady: () => void = () => {};
  const readyPromise = new Promise<void>((r) => {
    onReady = r;
  });
  const collect = (d: Buffer) => {
    for (const text of String(d).split("\n")) {
      if (!text.trim()) continue;
      lines.push({ at: since(), text });
      if (ready === null && /Ready in/.test(text)) {
        ready = since();
        onReady();
      }
    }
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const stop = () => {
    try {
      if (child.pid) process.kill(-child.pid, "SIGTERM");
    } catch {
      // gone
    }
  };
  try {
    await readyPromise;
    const answers: Answer[] = [];
    const deadline = Date.now() + 900_000;
    // The sign-in page, asked for at once and then every second until the real page comes.
    for (;;) {
      const started = Date.now();
      const at = since();
      const res = await fetch(`http://127.0.0.1:${PORT}/sign-in`, { redirect: "manual" });
      const body = await res.text();
      const preparing = /preparing the local database/i.test(body);
      answers.push({ at, status: res.status, preparing, ms: Date.now() - started });
      if (res.status === 200 && !preparing) break;
      if (Date.now() > deadline) {
        for (const l of lines) console.log(`  ${l.at.toFixed(1).padStart(6)} s  ${l.text.slice(0, 110)}`);
        throw new Error("no sign-in page in 15 minutes");
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
    const warmStarted = Date.now();
    await (await fetch(`http://127.0.0.1:${PORT}/sign-in`)).text();
    const warm = Date.now() - warmStarted;
    const first = answers[0];
    const last = answers[answers.length - 1];
    console.log(
      `\nfirst start (npm run dev, fresh .data and build folder), load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}`,
    );
    console.log(`  "Ready" printed                  ${ready?.toFixed(1)} s`);
    if (first) {
      console.log(
        `  first answer to /sign-in         ${(first.at + first.ms / 1000).toFixed(1)} s (${first.status}${first.preparing ? ", the preparing page" : ""}, ${first.ms} ms after asking)`,
      );
    }
    if (last) console.log(`  the real sign-in page            ${(last.at + last.ms / 1000).toFixed(1)} s`);
    console.log(`  sign-in page again (compiled)    ${warm} ms`);
    // The start-up's own lines, not the calls and emails that follow.
    const dialer = lines.filter(
      (l) => /\[dialer\]/.test(l.text) && /start|database|migration|seed|ready|compiling/i.test(l.text),
    );
    for (const l of dialer) console.log(`  ${l.at.toFixed(1).padStart(6)} s  ${l.text.slice(0, 110)}`);
    const deprecations = lines.filter((l) => /deprecated/i.test(l.text)).length;
    const failed = lines.filter((l) => /webhook delivery failed/.test(l.text)).length;
    console.log(
      `  log: ${lines.length} lines, ${deprecations} deprecation warnings, ${failed} failed webhook deliveries`,
    );
  } finally {
    stop();
    await new Promise((r) => setTimeout(r, 1000));
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(DIST, { recursive: true, force: true });
  }
}
