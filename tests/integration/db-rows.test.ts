import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "@/lib/db/client";
import { organizations } from "@/lib/db/schema";
import { withService } from "@/lib/db/with-user";
import { createOrgWithMembers } from "../helpers/fixtures";
import { createTestDb, type TestDb, testDbKinds } from "../helpers/test-db";

const AT = "2026-12-03T15:00:00.123Z";

/*
 * Raw SQL reads timestamps the same on both drivers, and the same as the query builder: Dates.
 * (Drizzle turns the drivers' own date parsing off; rowsOf parses by column type.)
 */
describe.each(testDbKinds())("raw rows on %s", (kind) => {
  let db: TestDb;
  let orgId: string;

  beforeAll(async () => {
    db = await createTestDb(kind);
    orgId = (await createOrgWithMembers(db, { members: { owner: "owner" } })).orgId;
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it("tx.execute returns timestamptz and timestamp columns as Dates; text and nulls stay as they are", async () => {
    const [row] = await withService(
      async (tx) =>
        rowsOf<Record<string, unknown>>(
          await tx.execute(sql`select ${AT}::timestamptz as at, ${AT}::timestamptz::text as label,
            null::timestamptz as none, '2026-12-03 15:00:00.123'::timestamp as naive`),
        ),
      db.db,
    );
    expect(row).toEqual({
      at: new Date(AT),
      label: "2026-12-03 15:00:00.123+00",
      none: null,
      naive: new Date(AT),
    });
  });

  it("DbHandle.query returns the same Dates", async () => {
    const [row] = await db.query<{ at: unknown; none: unknown }>(
      "select $1::timestamptz as at, null::timestamptz as none",
      [AT],
    );
    expect(row).toEqual({ at: new Date(AT), none: null });
  });

  it("reads the instant right whatever the session's zone, down to local-mean-time offsets in seconds", async () => {
    const rows = await withService(async (tx) => {
      await tx.execute(sql`set local timezone to 'America/New_York'`);
      return rowsOf<{ at: Date; old: Date; printed: string }>(
        await tx.execute(sql`select ${AT}::timestamptz as at, '1880-01-01 00:00:00+00'::timestamptz as old,
          '1880-01-01 00:00:00+00'::timestamptz::text as printed`),
      );
    }, db.db);
    expect(rows[0]?.printed).toBe("1879-12-31 19:03:58-04:56:02");
    expect(rows[0]?.at).toEqual(new Date(AT));
    expect(rows[0]?.old).toEqual(new Date("1880-01-01T00:00:00Z"));
  });

  it("a stored column reads the same through raw SQL and through the query builder", async () => {
    const { raw, built } = await withService(async (tx) => {
      const [raw] = rowsOf<{ createdAt: Date }>(
        await tx.execute(sql`select created_at as "createdAt" from public.organizations where id = ${orgId}`),
      );
      const [built] = await tx
        .select({ createdAt: organizations.createdAt })
        .from(organizations)
        .where(eq(organizations.id, orgId));
      return { raw, built };
    }, db.db);
    expect(raw?.createdAt).toBeInstanceOf(Date);
    expect(raw).toEqual(built);
  });
});
