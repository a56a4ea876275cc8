import { existsSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { env, integrations, isLoopbackHost, type RunMode, type ServerEnv } from "@/env";
import { type BootPhase, startBoot } from "@/lib/boot-state";
import { getDbHandle } from "@/lib/db";
import type { Database } from "@/lib/db/client";
import { rowsOf } from "@/lib/db/client";
import { verifyPassword } from "@/lib/integrations/auth/builtin/password";
import { sessionSecret } from "@/lib/integrations/auth/builtin/session-secret";
import { setJobHandler } from "@/lib/integrations/queue";
import { logger } from "@/lib/logger";
import { DEMO_USER, seedDemo } from "@/lib/services/demo/seed-demo";
import { handleJob } from "@/lib/services/jobs/handle-job";

/**
 * Server start: validate the environment (an invalid one stops the server with what to set),
 * say which mode and fallbacks are in use, and in local mode start preparing the embedded
 * database (create, migrate, seed) in the background, so the server answers at once.
 */
export async function boot(): Promise<void> {
  const e = env();
  // The in-process queue's worker: the same handler the QStash route calls, run at the job's time.
  setJobHandler(async (job) => {
    await handleJob({ job, now: new Date() });
  });
  logger.info(`starting in ${e.mode} mode`);
  for (const i of integrations(e)) {
    logger.info(`  ${i.name.padEnd(9)} ${i.using}${i.simulated ? "  (simulated/local)" : ""}`);
  }
  const nodeMajor = Number(process.versions.node.split(".")[0]);
  if (e.mode === "hosted" && nodeMajor < 22) {
    // docs/decisions/0007-node-versions.md: supabase-js declares Node 22 and drops 20 in a future release.
    logger.warn(
      `Node ${process.versions.node}: hosted mode (Supabase Auth) is supported on Node 22 or later; set the deployment's Node version to 22+.`,
    );
  }
  if (e.mode !== "local") {
    startDialerTicker(e);
    return;
  }
  // The database is prepared in the background: the server answers meanwhile (pages get a
  // "preparing the local database…" page from the proxy, /api/health waits), and each step is
  // logged, so a first start that takes half a minute says what it is doing.
  const state = startBoot((report) => prepareLocalDatabase(e, report));
  state.done.then(
    () => startDialerTicker(e),
    (error: unknown) => {
      // Refuse to serve with a database that could not be prepared rather than fail on every request.
      console.error(`\n[dialer] cannot start: ${(error as Error).message}\n`);
      process.exit(1);
    },
  );
}

/** Local mode: open (or create), migrate, warm up and seed the embedded database. */
async function prepareLocalDatabase(
  e: ServerEnv & { mode: RunMode },
  report: (phase: BootPhase, step: string) => void,
): Promise<void> {
  const started = Date.now();
  const fresh = !existsSync(
    /* turbopackIgnore: true */ path.join(/* turbopackIgnore: true */ e.PGLITE_DIR, "PG_VERSION"),
  );
  const opening = fresh ? "Creating the embedded database" : "Opening the embedded database";
  report("opening", opening);
  logger.info(
    `${opening.toLowerCase()} (${e.PGLITE_DIR})${fresh ? ": first start, about half a minute" : ""}…`,
  );
  const { db } = await getDbHandle({
    onMigrating: () => {
      report("migrating", "Applying migrations");
      logger.info(`  opened in ${Date.now() - started} ms; applying migrations…`);
    },
    onMigrated: (applied) =>
      logger.info(`  ${applied} migration(s) applied after ${Date.now() - started} ms`),
  });
  await db.execute(sql`select count(*) from public.organizations`);
  logger.info(`embedded database ready in ${Date.now() - started} ms (${e.PGLITE_DIR})`);
  // Listening beyond this machine (HOST), the demo is seeded only when asked for by name.
  const exposed = e.HOST !== undefined && !isLoopbackHost(e.HOST);
  if (e.SEED_DEMO === "true" || e.SEED_DEMO === "started" || (e.SEED_DEMO !== "false" && !exposed)) {
    report("seeding", "Seeding the demo organization");
    const created = await seedDemo({ db, secret: sessionSecret(), started: e.SEED_DEMO === "started" });
    logger.info(
      `${created ? "seeded demo organization; " : ""}demo sign-in: ${DEMO_USER.email} / ${DEMO_USER.password}`,
    );
  }
  if (exposed) await warnIfDemoReachable(db, e.HOST ?? "");
  logger.info(`ready after ${Date.now() - started} ms`);
}

/**
 * Local mode with HOST set listens on the network. The demo account's password is printed in the
 * README and on the sign-in page, so while it exists anyone who can reach this machine can sign in.
 */
async function warnIfDemoReachable(db: Database, host: string): Promise<void> {
  const [demo] = rowsOf<{ hash: string | null }>(
    await db.execute(
      sql`select encrypted_password as hash from auth.users where lower(email) = ${DEMO_USER.email}`,
    ),
  );
  if (!demo) return;
  const published = await verifyPassword(demo.hash, DEMO_USER.password);
  const bar = "!".repeat(78);
  logger.warn(
    [
      bar,
      `HOST=${host}: this local-mode server is reachable from your network, and the demo account`,
      `${DEMO_USER.email} exists${published ? ` with its published password "${DEMO_USER.password}"` : ""}.`,
      "Anyone who can reach this machine can sign in with it. Unset HOST to listen on 127.0.0.1 only,",
      "or start from a fresh .data directory with SEED_DEMO=false.",
      bar,
    ].join("\n"),
  );
}

type Ticker = { timer?: ReturnType<typeof setInterval>; running: boolean };
// One ticker per process: dev hot reloads re-run boot, and two tickers would only contend for locks.
const tickerHolder = globalThis as { __dialerTicker?: Ticker };

/**
 * Without QStash (or off Vercel), nothing calls /api/cron/tick, so the server ticks the dialer
 * itself. A tick that is still running makes the next one skip (the claim's advisory lock would
 * make it a no-op anyway). Hosted deployments use Vercel Cron or a QStash schedule instead
 * (docs/decisions/0003-dialer-plan.md).
 */
function startDialerTicker(e: ServerEnv & { mode: RunMode }): void {
  const external = e.mode === "hosted" && (Boolean(e.QSTASH_TOKEN) || Boolean(e.VERCEL));
  if (external || e.DIALER_TICK_SECONDS === 0 || tickerHolder.__dialerTicker) return;
  const ticker: Ticker = { running: false };
  tickerHolder.__dialerTicker = ticker;
  ticker.timer = setInterval(async () => {
    if (ticker.running) return;
    ticker.running = true;
    try {
      await handleJob({ job: { type: "tick" }, now: new Date() });
    } catch (error) {
      logger.error("dialer tick failed", { error: (error as Error).message });
    } finally {
      ticker.running = false;
    }
  }, e.DIALER_TICK_SECONDS * 1000);
  ticker.timer.unref?.();
  logger.info(`dialer ticks every ${e.DIALER_TICK_SECONDS} s in this process`);
}
