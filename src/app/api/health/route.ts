import { sql } from "drizzle-orm";
import { env, integrations } from "@/env";
import { getDbHandle } from "@/lib/db";

export const dynamic = "force-dynamic";

/** Liveness and readiness: the run mode, what each integration uses, whether the database answers. */
export async function GET() {
  const e = env();
  const started = Date.now();
  let database: { ok: boolean; latencyMs?: number; error?: string };
  try {
    const { db } = await getDbHandle();
    await db.execute(sql`select 1`);
    database = { ok: true, latencyMs: Date.now() - started };
  } catch {
    database = { ok: false, error: "database did not answer" };
  }
  const body = {
    status: database.ok ? "ok" : "degraded",
    mode: e.mode,
    database,
    integrations: integrations(e).map(({ name, using, simulated }) => ({ name, using, simulated })),
  };
  return Response.json(body, { status: database.ok ? 200 : 503, headers: { "cache-control": "no-store" } });
}
