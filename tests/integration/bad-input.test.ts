import { sql } from "drizzle-orm";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withService, withUser } from "@/lib/db/with-user";
import { badSearchParam } from "@/lib/next/search-params";
import { leadFilterSchema } from "@/lib/schemas/lead";
import { proxy } from "@/proxy";
import { createOrgWithMembers } from "../helpers/fixtures";
import { createTestDb, type TestDb, testDbKinds } from "../helpers/test-db";

describe("bad bytes in a page's address", () => {
  it.each(["/outbox?q=a%00b", "/appointments?q=%00", "/leads?q=x%01", "/leads/do-not-call?page=1&q=%7F"])(
    "%s is a 400 that names the parameter, before any page or query runs",
    async (path) => {
      const res = await proxy(new NextRequest(`http://localhost${path}`));
      expect(res.status).toBe(400);
      expect(await res.text()).toContain("“q” parameter contains a control character");
    },
  );

  it("a bulk action's lead filter refuses them with the field named", () => {
    const parsed = leadFilterSchema.safeParse({ q: "a\u0000b" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues).toEqual([
      expect.objectContaining({ path: ["q"], message: "The search can't contain control characters." }),
    ]);
    expect(leadFilterSchema.parse({ q: "  Ava Stone " })).toEqual({ q: "Ava Stone" });
  });

  it("tabs, line breaks and ordinary text pass", () => {
    expect(badSearchParam(new URLSearchParams("q=a%09b%0Ac%0Dd&status=queued"))).toBeNull();
    expect(badSearchParam(new URLSearchParams("q%00x=1"))).toBe("q?x");
  });
});

describe.each(testDbKinds())("a failed statement's parameters stay out of its error (%s)", (kind) => {
  let db: TestDb;
  let claims: Parameters<typeof withUser>[0];
  beforeAll(async () => {
    db = await createTestDb(kind);
    claims = (await createOrgWithMembers(db, { members: { owner: "owner" } })).members.owner.claims;
  });
  afterAll(async () => {
    await db.destroy();
  });

  it.each([
    ["a member's transaction", (fn: Parameters<typeof withService>[0]) => withUser(claims, fn, db.db)],
    ["the service role's", (fn: Parameters<typeof withService>[0]) => withService(fn, db.db)],
  ])("%s: the statement and the database's reason, not the values", async (_name, run) => {
    const error = await run((tx) =>
      tx.execute(sql`select ${"+14155550123 secret transcript"}::text as t, 1 / 0 as boom`),
    ).then(
      () => null,
      (e: unknown) => e as Error & { params?: unknown; cause?: Error },
    );
    expect(error).toBeInstanceOf(Error);
    expect(error?.message).toContain("Failed query: select $1::text as t, 1 / 0 as boom");
    expect(error?.message).not.toContain("+14155550123");
    expect(error?.stack ?? "").not.toContain("+14155550123");
    expect(error?.params).toBe("[redacted]");
    expect(error?.cause?.message).toMatch(/division by zero/);
  });
});
