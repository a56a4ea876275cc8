import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "@/lib/db/client";
import { withService, withUser } from "@/lib/db/with-user";
import { DEFAULT_RETRY_POLICY } from "@/lib/dialer/campaign-settings";
import { DEFAULT_TEMPLATES } from "@/lib/email/templates/defaults";
import { AppError } from "@/lib/errors";
import { createOutboxMailer } from "@/lib/integrations/mail/outbox/outbox-mailer";
import { MailError, type Mailer } from "@/lib/integrations/mail/types";
import { campaignSettingsSchema } from "@/lib/schemas/campaign";
import { createCampaign } from "@/lib/services/campaigns/create-campaign";
import { updateCampaignSettings } from "@/lib/services/campaigns/update-campaign-settings";
import { listEmailTemplates } from "@/lib/services/email/list-email-templates";
import { resetEmailTemplate } from "@/lib/services/email/reset-email-template";
import { saveEmailTemplate } from "@/lib/services/email/save-email-template";
import { sendTestEmail } from "@/lib/services/email/send-test-email";
import type { Actor } from "@/lib/services/organizations/roles";
import { createOrgWithMembers, pgErrorCode, type TestUser } from "../helpers/fixtures";
import { createTestDb, type TestDb, testDbKinds } from "../helpers/test-db";

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (e: unknown) => e,
  );
}

describe.each(testDbKinds())("email templates on %s", (kind) => {
  let db: TestDb;
  let admin: TestUser;
  let member: TestUser;
  let adminActor: Actor;
  let memberActor: Actor;
  let orgId: string;

  beforeAll(async () => {
    db = await createTestDb(kind);
    const org = await createOrgWithMembers(db, {
      name: "Acme Solar",
      members: { owner: "owner", member: "member" },
    });
    orgId = org.orgId;
    admin = org.members.owner;
    member = org.members.member;
    adminActor = { userId: admin.id, email: admin.email, orgId, role: "owner" };
    memberActor = { userId: member.id, email: member.email, orgId, role: "member" };
  });
  afterAll(() => db.destroy());

  const as = <T>(user: TestUser, fn: Parameters<typeof withUser<T>>[1]) => withUser(user.claims, fn, db.db);
  const templateRows = () =>
    db.query<{ kind: string; subject: string; enabled: boolean }>(
      "select kind, subject, enabled from public.email_templates where org_id = $1 order by kind",
      [orgId],
    );

  it("lists the defaults before anything is saved", async () => {
    const list = await as(member, (tx) => listEmailTemplates({ tx, orgId }));
    expect(list.map((t) => t.kind)).toEqual(["confirmation", "missed_call", "not_interested", "reminder"]);
    expect(list.every((t) => t.isDefault && t.enabled)).toBe(true);
    expect(list[1]?.subject).toBe(DEFAULT_TEMPLATES.missed_call.subject);
  });

  it("saves a valid template for an admin, and the list shows it", async () => {
    const input = {
      kind: "missed_call" as const,
      subject: "We missed you, {{ first_name }}",
      body: "Hi {{first_name}},\n\nCall us at {{callback_number}}.\n\n{{sender_name}}",
      enabled: false,
    };
    await as(admin, (tx) => saveEmailTemplate({ tx, actor: adminActor, input }));
    // Saving again updates the one row.
    await as(admin, (tx) => saveEmailTemplate({ tx, actor: adminActor, input: { ...input, enabled: true } }));
    expect(await templateRows()).toEqual([
      { kind: "missed_call", subject: "We missed you, {{ first_name }}", enabled: true },
    ]);
    const list = await as(member, (tx) => listEmailTemplates({ tx, orgId }));
    const missed = list.find((t) => t.kind === "missed_call");
    expect(missed).toMatchObject({ isDefault: false, enabled: true, body: input.body });
  });

  it("refuses an unknown placeholder under its field and saves nothing", async () => {
    const error = await rejection(
      as(admin, (tx) =>
        saveEmailTemplate({
          tx,
          actor: adminActor,
          input: { kind: "confirmation", subject: "Booked", body: "Hi {{frist_name}}", enabled: true },
        }),
      ),
    );
    expect(error).toBeInstanceOf(AppError);
    const appError = error as AppError;
    expect(appError.code).toBe("validation");
    expect(appError.details?.fields?.body).toContain("{{frist_name}}");
    expect(appError.details?.fields?.body).toContain("{{first_name}}");
    expect(appError.details?.fields?.subject).toBeUndefined();
    expect((await templateRows()).map((r) => r.kind)).toEqual(["missed_call"]);
  });

  it("does not let a member save, in the service or underneath in RLS", async () => {
    const input = {
      kind: "reminder" as const,
      subject: "Soon",
      body: "See you {{meeting_time}}",
      enabled: true,
    };
    const refused = await rejection(as(member, (tx) => saveEmailTemplate({ tx, actor: memberActor, input })));
    expect(refused).toMatchObject({ code: "forbidden" });
    // A caller claiming admin still meets row-level security.
    const lying = await rejection(
      as(member, (tx) => saveEmailTemplate({ tx, actor: { ...memberActor, role: "admin" }, input })),
    );
    expect(pgErrorCode(lying)).toBe("42501");
    expect((await templateRows()).map((r) => r.kind)).toEqual(["missed_call"]);
  });

  it("resets a template to the default", async () => {
    const reset = await as(admin, (tx) => resetEmailTemplate({ tx, actor: adminActor, kind: "missed_call" }));
    expect(reset.subject).toBe(DEFAULT_TEMPLATES.missed_call.subject);
    expect(await templateRows()).toEqual([]);
    const list = await as(admin, (tx) => listEmailTemplates({ tx, orgId }));
    expect(list.find((t) => t.kind === "missed_call")).toMatchObject({ isDefault: true, enabled: true });
    expect(
      await rejection(as(member, (tx) => resetEmailTemplate({ tx, actor: memberActor, kind: "reminder" }))),
    ).toMatchObject({ code: "forbidden" });
  });

  it("sends a test to the admin's own address and records a test email in the outbox", async () => {
    const result = await sendTestEmail({
      actor: adminActor,
      input: { kind: "confirmation", ...DEFAULT_TEMPLATES.confirmation },
      db: db.db,
      mail: createOutboxMailer(),
    });
    expect(result).toMatchObject({ to: admin.email, transport: "outbox" });
    const [row] = await db.query<Record<string, unknown>>(
      "select kind, status, lead_id, to_address, dedupe_key, transport, subject, text from public.emails where id = $1",
      [result.emailId],
    );
    expect(row).toMatchObject({
      kind: "test",
      status: "outboxed",
      lead_id: null,
      to_address: admin.email,
      transport: "outbox",
    });
    expect(row?.dedupe_key).toMatch(new RegExp(`^test/[0-9a-f-]{36}/${admin.id}$`));
    expect(row?.subject).toBe("You're booked: Tuesday, December 8 at 10:30 AM (Central Time)");
    expect(row?.text).toContain("Acme Solar");
    // Members see it in the outbox (RLS select).
    const visible = await as(member, (tx) =>
      tx.execute(sql`select id from public.emails where kind = 'test'`),
    );
    expect(rowsOf(visible)).toHaveLength(1);

    // A second send right away is refused, and writes nothing.
    const again = await rejection(
      sendTestEmail({
        actor: adminActor,
        input: { kind: "confirmation", ...DEFAULT_TEMPLATES.confirmation },
        db: db.db,
        mail: createOutboxMailer(),
      }),
    );
    expect(again).toMatchObject({ code: "rate_limited" });
    expect(await db.query("select id from public.emails where kind = 'test'")).toHaveLength(1);
  });

  it("refuses a test send of an invalid template, and records a failed send with its reason", async () => {
    const other = await createOrgWithMembers(db, { members: { owner: "owner" } });
    const owner = other.members.owner;
    const actor: Actor = { userId: owner.id, email: owner.email, orgId: other.orgId, role: "owner" };
    const invalid = await rejection(
      sendTestEmail({
        actor,
        input: { kind: "missed_call", subject: "Hi", body: "{{meeting_time}}" },
        db: db.db,
      }),
    );
    expect(invalid).toMatchObject({ code: "validation" });
    const refusing: Mailer = {
      transport: "resend",
      async send() {
        throw new MailError("invalid", "The address was refused.");
      },
    };
    const failed = await rejection(
      sendTestEmail({
        actor,
        input: { kind: "missed_call", ...DEFAULT_TEMPLATES.missed_call },
        db: db.db,
        mail: refusing,
      }),
    );
    expect(failed).toMatchObject({ code: "unavailable" });
    const rows = await db.query<{ status: string; reason: string }>(
      "select status, reason from public.emails where org_id = $1",
      [other.orgId],
    );
    expect(rows).toEqual([{ status: "failed", reason: "The address was refused." }]);
  });

  it("persists a campaign's email switches, and keeps them when a save leaves them out", async () => {
    const campaign = await as(admin, (tx) =>
      createCampaign({
        tx,
        actor: adminActor,
        input: { name: "Solar", defaultTimezone: "America/Chicago", requireConsent: false },
      }),
    );
    const base = {
      name: "Solar",
      voiceProvider: "simulator" as const,
      agentId: "",
      callerId: "",
      callingWindow: { days: [1, 2, 3, 4, 5], startMinute: 540, endMinute: 1200 },
      retryPolicy: DEFAULT_RETRY_POLICY,
      maxAttempts: 3,
      maxAttemptsPerDay: 2,
      maxConcurrentCalls: 5,
      dailyCallCap: null,
      spendCapDollars: null,
      requireConsent: false,
      breakerFailurePercent: 80,
      breakerWindow: 10,
    };
    const disabled = () =>
      withService(async (tx) => {
        const r = rowsOf<{ disabled_email_kinds: string[] }>(
          await tx.execute(sql`select disabled_email_kinds from public.campaigns where id = ${campaign.id}`),
        );
        return r[0]?.disabled_email_kinds;
      }, db.db);

    expect(await disabled()).toEqual([]);
    const settings = campaignSettingsSchema.parse({
      ...base,
      disabledEmailKinds: ["reminder", "missed_call"],
    });
    await as(admin, (tx) =>
      updateCampaignSettings({ tx, actor: adminActor, campaignId: campaign.id, settings }),
    );
    expect(await disabled()).toEqual(["missed_call", "reminder"]);
    await as(admin, (tx) =>
      updateCampaignSettings({
        tx,
        actor: adminActor,
        campaignId: campaign.id,
        settings: campaignSettingsSchema.parse(base),
      }),
    );
    expect(await disabled()).toEqual(["missed_call", "reminder"]);
    await as(admin, (tx) =>
      updateCampaignSettings({
        tx,
        actor: adminActor,
        campaignId: campaign.id,
        settings: campaignSettingsSchema.parse({ ...base, disabledEmailKinds: [] }),
      }),
    );
    expect(await disabled()).toEqual([]);
  });
});
