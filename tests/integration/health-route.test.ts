import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as health } from "@/app/api/health/route";
import { resetEnvCache } from "@/env";
import { setDbHandle } from "@/lib/db";
import { createTestDb, type TestDb } from "../helpers/test-db";

const SECRET = "health-cron-secret-0123456789-abcdef";

describe("GET /api/health", () => {
  let db: TestDb;
  const saved = { ...process.env };
  beforeAll(async () => {
    db = await createTestDb("pglite");
    setDbHandle(db);
    process.env.CRON_SECRET = SECRET;
    resetEnvCache();
  });
  afterAll(async () => {
    process.env = saved;
    resetEnvCache();
    setDbHandle(undefined);
    await db.destroy();
  });

  const get = (authorization?: string) =>
    health(new Request("http://dialer.test/api/health", { headers: authorization ? { authorization } : {} }));

  it("tells an anonymous caller the status and the mode, and nothing about the integrations", async () => {
    for (const authorization of [undefined, "Bearer wrong-secret", `Basic ${SECRET}`]) {
      const res = await get(authorization);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: "ok", mode: "local" });
    }
  });

  it("gives the database and integration details to a caller with the cron secret", async () => {
    const body = await (await get(`Bearer ${SECRET}`)).json();
    expect(body).toMatchObject({ status: "ok", mode: "local", database: { ok: true } });
    expect(body.integrations.map((i: { name: string }) => i.name)).toEqual(
      expect.arrayContaining(["database", "voice", "email"]),
    );
  });
});
