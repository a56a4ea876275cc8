import { sql } from "drizzle-orm";
import { type Database, rowsOf } from "@/lib/db/client";
import { withService } from "@/lib/db/with-user";
import { BuiltinAuth } from "@/lib/integrations/auth/builtin/builtin-auth";
import { createOrganization } from "../organizations/create-organization";

export const DEMO_USER = { email: "demo@example.com", password: "demo-dialer", fullName: "Dana Demo" };
export const DEMO_ORG_NAME = "Acme Solar (demo)";

/**
 * Local mode's first start: a demo organization and user, so the app shows something at once.
 * Idempotent: does nothing when the demo user exists. Returns whether it created them.
 */
export async function seedDemo({ db, secret }: { db: Database; secret: string }): Promise<boolean> {
  const existing = rowsOf<{ id: string }>(
    await db.execute(sql`select id from auth.users where lower(email) = ${DEMO_USER.email}`),
  );
  if (existing.length > 0) return false;
  // A cookie jar that goes nowhere: seeding signs nobody in.
  const auth = new BuiltinAuth({
    db,
    secret,
    secureCookies: false,
    cookies: { getAll: () => [], set: () => {} },
  });
  const result = await auth.signUp(DEMO_USER);
  const userId = result.status === "signed-in" ? result.user.sub : result.userId;
  await withService(
    (tx) =>
      createOrganization({
        tx,
        owner: { id: userId, email: DEMO_USER.email, fullName: DEMO_USER.fullName },
        name: DEMO_ORG_NAME,
        defaultCountry: "US",
        defaultTimezone: "America/Chicago",
      }),
    db,
  );
  return true;
}
