import { sql } from "drizzle-orm";
import { env, integrations } from "@/env";
import { bootState } from "@/lib/boot-state";
import { getDbHandle } from "@/lib/db";
import { currentContext } from "@/lib/next/request-auth";
import { hasCronSecret } from "@/lib/next/with-cron";
import { hasRole } from "@/lib/services/organizations/roles";

export const dynamic = "force-dynamic";
// One query and the environment; a health check that takes longer than this is an answer too.
export const maxDuration = 10;

/** A signed-in owner or admin; false on any failure (the database may be the thing that is down). */
async function isSignedInAdmin(): Promise<boolean> {
  try {
    const ctx = await currentContext();
    return ctx?.org ? hasRole(ctx.org.role, "admin") : false;
  } catch {
    return false;
  }
}

/**
 * Liveness and readiness. Anyone gets the status and the run mode (uptime checks need no
 * secret); the database latency and what each integration runs on go only to a signed-in admin
 * or a caller with the cron secret: they map the deployment for an attacker.
 */
export async function GET(request: Request) {
  const e = env();
  let database: { ok: boolean; latencyMs?: number; error?: string };
  try {
    // Local mode's first start: ready means created, migrated and seeded, not just open.
    await bootState()?.done;
    const { db } = await getDbHandle();
    const started = Date.now();
    await db.execute(sql`select 1`);
    database = { ok: true, latencyMs: Date.now() - started };
  } catch {
    database = { ok: false, error: "database did not answer" };
  }
  const summary = { status: database.ok ? "ok" : "degraded", mode: e.mode };
  const detailed = hasCronSecret(request) || (database.ok && (await isSignedInAdmin()));
  const body = detailed
    ? {
        ...summary,
        database,
        integrations: integrations(e).map(({ name, using, simulated }) => ({ name, using, simulated })),
      }
    : summary;
  return Response.json(body, { status: database.ok ? 200 : 503, headers: { "cache-control": "no-store" } });
}
