import { sql } from "drizzle-orm";
import { env, integrations } from "@/env";
import { getDbHandle } from "@/lib/db";
import { sessionSecret } from "@/lib/integrations/auth/builtin/session-secret";
import { logger } from "@/lib/logger";
import { DEMO_USER, seedDemo } from "@/lib/services/demo/seed-demo";

/**
 * Server start: validate the environment (an invalid one stops the server with what to set),
 * say which mode and fallbacks are in use, and in local mode migrate, warm up and seed the
 * embedded database so the first request is not the slow one.
 */
export async function boot(): Promise<void> {
  const e = env();
  logger.info(`starting in ${e.mode} mode`);
  for (const i of integrations(e)) {
    logger.info(`  ${i.name.padEnd(9)} ${i.using}${i.simulated ? "  (simulated/local)" : ""}`);
  }
  if (e.mode !== "local") return;
  const started = Date.now();
  const { db } = await getDbHandle();
  await db.execute(sql`select count(*) from public.organizations`);
  logger.info(`embedded database ready in ${Date.now() - started} ms (${e.PGLITE_DIR})`);
  if (e.SEED_DEMO !== "false") {
    const created = await seedDemo({ db, secret: sessionSecret() });
    logger.info(
      `${created ? "seeded demo organization; " : ""}demo sign-in: ${DEMO_USER.email} / ${DEMO_USER.password}`,
    );
  }
}
