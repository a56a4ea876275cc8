import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actionTransaction } from "@/lib/next/safe-action";
import { createOrgWithMembers, type TestOrg } from "../helpers/fixtures";
import { createTestDb, type TestDb, testDbKinds } from "../helpers/test-db";

describe.each(testDbKinds())("server action transactions on %s", (kind) => {
  let db: TestDb;
  let org: TestOrg<"owner">;
  beforeAll(async () => {
    db = await createTestDb(kind);
    org = await createOrgWithMembers(db, { members: { owner: "owner" } });
  });
  afterAll(() => db.destroy());

  const writeCampaign = (name: string) => (tx: Parameters<Parameters<typeof actionTransaction>[1]>[0]) =>
    tx.execute(
      sql`insert into public.campaigns (org_id, name, default_timezone) values (${org.orgId}, ${name}, 'UTC')`,
    );
  const exists = async (name: string) =>
    (await db.query("select 1 from public.campaigns where name = $1", [name])).length === 1;

  it("commits what a successful action wrote", async () => {
    await actionTransaction(
      org.members.owner.claims,
      async (tx) => {
        await writeCampaign("kept")(tx);
        return { success: true };
      },
      db.db,
    );
    expect(await exists("kept")).toBe(true);
  });

  it("rolls back what a failed action wrote before it failed, and still returns its result", async () => {
    const result = await actionTransaction(
      org.members.owner.claims,
      async (tx) => {
        await writeCampaign("half-done")(tx);
        return { success: false, serverError: "second step failed" };
      },
      db.db,
    );
    expect(result).toEqual({ success: false, serverError: "second step failed" });
    expect(await exists("half-done")).toBe(false);
  });

  it("commits before a redirect (a navigation is not a failure)", async () => {
    await actionTransaction(
      org.members.owner.claims,
      async (tx) => {
        await writeCampaign("then-redirect")(tx);
        return { success: false, navigationKind: "redirect" };
      },
      db.db,
    );
    expect(await exists("then-redirect")).toBe(true);
  });
});
