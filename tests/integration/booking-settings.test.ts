import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withUser } from "@/lib/db/with-user";
import { AppError } from "@/lib/errors";
import { updateBookingSettingsSchema } from "@/lib/schemas/booking-settings";
import type { Actor } from "@/lib/services/organizations/roles";
import { updateBookingSettings } from "@/lib/services/organizations/update-booking-settings";
import { createOrgWithMembers, type TestOrg, type TestUser } from "../helpers/fixtures";
import { createTestDb, type TestDb, testDbKinds } from "../helpers/test-db";

describe.each(testDbKinds())("booking settings on %s", (kind) => {
  let db: TestDb;
  let org: TestOrg<"owner" | "admin" | "member">;

  beforeAll(async () => {
    db = await createTestDb(kind);
    org = await createOrgWithMembers(db, { members: { owner: "owner", admin: "admin", member: "member" } });
  });
  afterAll(() => db.destroy());

  const update = (user: TestUser, role: Actor["role"], input: unknown) =>
    withUser(
      user.claims,
      (tx) =>
        updateBookingSettings({
          tx,
          actor: { userId: user.id, email: user.email, orgId: org.orgId, role },
          input: updateBookingSettingsSchema.parse(input),
        }),
      db.db,
    );
  const stored = async () =>
    (
      await db.query<{
        business_hours: unknown;
        appointment_minutes: number;
        callback_number: string | null;
      }>(
        "select business_hours, appointment_minutes, callback_number from public.organizations where id = $1",
        [org.orgId],
      )
    )[0];

  it("starts from weekdays 9 to 5, 30-minute meetings and no callback number", async () => {
    expect(await stored()).toEqual({
      business_hours: { days: [1, 2, 3, 4, 5], startMinute: 540, endMinute: 1020 },
      appointment_minutes: 30,
      callback_number: null,
    });
  });

  it("saves an admin's hours, meeting length and callback number, audited by the trigger", async () => {
    const input = {
      businessHours: { days: [2, 4, 6], startMinute: 600, endMinute: 960 },
      appointmentMinutes: 45,
      callbackNumber: "415 555 2671",
    };
    await update(org.members.admin, "admin", input);
    expect(await stored()).toEqual({
      business_hours: { days: [2, 4, 6], startMinute: 600, endMinute: 960 },
      appointment_minutes: 45,
      callback_number: "+14155552671",
    });
    const audit = await db.query<{ actor_id: string }>(
      "select actor_id from public.audit_log where org_id = $1 and action = 'organizations.update'",
      [org.orgId],
    );
    expect(audit.map((a) => a.actor_id)).toContain(org.members.admin.id);
  });

  it("refuses a member, and RLS refuses one who claims to be an admin", async () => {
    const before = await stored();
    const input = {
      businessHours: { days: [1], startMinute: 0, endMinute: 60 },
      appointmentMinutes: 15,
      callbackNumber: null,
    };
    const error = await update(org.members.member, "member", input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("forbidden");
    const forged = await update(org.members.member, "admin", input).catch((e: unknown) => e);
    expect((forged as AppError).code).toBe("forbidden");
    expect(await stored()).toEqual(before);
  });
});
