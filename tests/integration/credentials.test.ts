import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/env";
import { resetEncryptionKeyCache } from "@/lib/crypto/encryption-key";
import { rowsOf } from "@/lib/db/client";
import { withUser } from "@/lib/db/with-user";
import { DEFAULT_RETRY_POLICY } from "@/lib/dialer/campaign-settings";
import { AppError } from "@/lib/errors";
import { campaignSettingsSchema } from "@/lib/schemas/campaign";
import {
  type SaveProviderCredentialsInput,
  saveProviderCredentialsSchema,
} from "@/lib/schemas/provider-credentials";
import { createCampaign } from "@/lib/services/campaigns/create-campaign";
import { updateCampaignSettings } from "@/lib/services/campaigns/update-campaign-settings";
import { listProviderConnections } from "@/lib/services/credentials/list-provider-connections";
import { loadProviderCredentials } from "@/lib/services/credentials/provider-credentials";
import { removeProviderCredentials } from "@/lib/services/credentials/remove-provider-credentials";
import { saveProviderCredentials } from "@/lib/services/credentials/save-provider-credentials";
import type { Actor } from "@/lib/services/organizations/roles";
import { createOrgWithMembers, pgErrorCode, type TestOrg, type TestUser } from "../helpers/fixtures";
import { createTestDb, type TestDb, testDbKinds } from "../helpers/test-db";

const PROVIDER_ENV = [
  "RETELL_API_KEY",
  "VAPI_API_KEY",
  "VAPI_WEBHOOK_SECRET",
  "CALCOM_API_KEY",
  "CALCOM_WEBHOOK_SECRET",
  "CALCOM_EVENT_TYPE_ID",
] as const;

function setEnv(values: Partial<Record<(typeof PROVIDER_ENV)[number], string>>) {
  for (const name of PROVIDER_ENV) delete process.env[name];
  Object.assign(process.env, values);
  resetEnvCache();
}

const secretText = (label: string) => `${label}_${randomBytes(18).toString("hex")}`;

/** Every 8-character piece of a secret: none may appear in what the browser gets. */
function pieces(secret: string): string[] {
  return Array.from({ length: secret.length - 7 }, (_, i) => secret.slice(i, i + 8));
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (e: unknown) => e,
  );
}

describe.each(testDbKinds())("provider credentials on %s", (kind) => {
  let db: TestDb;
  let org: TestOrg<"owner" | "admin" | "member">;
  let other: TestOrg<"owner">;
  const saved = { ...process.env };

  beforeAll(async () => {
    process.env.ENCRYPTION_KEY = randomBytes(32).toString("base64");
    setEnv({});
    resetEncryptionKeyCache();
    db = await createTestDb(kind);
    org = await createOrgWithMembers(db, { members: { owner: "owner", admin: "admin", member: "member" } });
    other = await createOrgWithMembers(db, { members: { owner: "owner" } });
  });
  afterEach(() => setEnv({}));
  afterAll(async () => {
    process.env = saved;
    resetEnvCache();
    resetEncryptionKeyCache();
    await db.destroy();
  });

  const actorOf = (o: { orgId: string }, user: TestUser, role: Actor["role"]): Actor => ({
    userId: user.id,
    email: user.email,
    orgId: o.orgId,
    role,
  });
  const as = <T>(user: TestUser, fn: Parameters<typeof withUser<T>>[1]) => withUser(user.claims, fn, db.db);
  const save = (
    user: TestUser,
    role: Actor["role"],
    input: Record<string, unknown>,
    o: { orgId: string } = org,
  ) =>
    as(user, (tx) =>
      saveProviderCredentials({
        tx,
        actor: actorOf(o, user, role),
        input: saveProviderCredentialsSchema.parse(input) as SaveProviderCredentialsInput,
      }),
    );
  const remove = (user: TestUser, role: Actor["role"], provider: "retell" | "vapi" | "calcom") =>
    as(user, (tx) => removeProviderCredentials({ tx, actor: actorOf(org, user, role), input: { provider } }));
  const storedRows = (orgId: string) =>
    db.query<{ provider: string; api_key_ciphertext: string; webhook_secret_ciphertext: string | null }>(
      "select provider, api_key_ciphertext, webhook_secret_ciphertext from public.provider_credentials where org_id = $1 order by provider",
      [orgId],
    );
  const removeAll = () => db.query("delete from public.provider_credentials");

  it("seals an admin's key: the row holds a ciphertext, and it opens only on the server", async () => {
    await removeAll();
    const apiKey = secretText("vapi");
    const webhookSecret = secretText("whsec");
    const result = await save(org.members.admin, "admin", {
      provider: "vapi",
      apiKey: `  ${apiKey} `,
      webhookSecret,
      concurrency: "4",
    });
    expect(result).toMatchObject({ provider: "vapi", apiKeyHint: apiKey.slice(-4) });

    const [row] = await storedRows(org.orgId);
    expect(row?.api_key_ciphertext).toMatch(/^v1\./);
    expect(row?.api_key_ciphertext).not.toContain(apiKey);
    expect(row?.webhook_secret_ciphertext).not.toContain(webhookSecret);

    const loaded = await loadProviderCredentials(db.db, org.orgId, "vapi");
    expect(loaded).toMatchObject({
      apiKey,
      webhookSecret,
      config: { concurrency: 4 },
      source: "organization",
      account: `vapi:org:${org.orgId}`,
    });

    const audit = await db.query<{ actor_id: string; data: Record<string, unknown> }>(
      "select actor_id, data from public.audit_log where org_id = $1 and action = 'provider_credentials.save'",
      [org.orgId],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor_id).toBe(org.members.admin.id);
    const auditText = JSON.stringify(audit);
    for (const piece of [...pieces(apiKey), ...pieces(webhookSecret)]) expect(auditText).not.toContain(piece);
    expect(auditText).not.toContain(row?.api_key_ciphertext);
  });

  it("replacing a key with the webhook secret left blank keeps the stored secret", async () => {
    await removeAll();
    const webhookSecret = secretText("whsec");
    await save(org.members.owner, "owner", {
      provider: "calcom",
      apiKey: secretText("cal"),
      webhookSecret,
      eventTypeId: "42",
    });
    const replacement = secretText("cal");
    await save(org.members.admin, "admin", {
      provider: "calcom",
      apiKey: replacement,
      webhookSecret: "",
      eventTypeId: 43,
    });
    expect(await loadProviderCredentials(db.db, org.orgId, "calcom")).toMatchObject({
      apiKey: replacement,
      webhookSecret,
      config: { eventTypeId: 43 },
    });
    expect(await storedRows(org.orgId)).toHaveLength(1);
  });

  it("refuses a member's save and writes nothing, in the service and under RLS", async () => {
    await removeAll();
    const error = await rejection(
      save(org.members.member, "member", { provider: "retell", apiKey: "key_123456789" }),
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("forbidden");
    // A member who claims to be an admin is stopped by the database itself.
    const forged = await rejection(
      save(org.members.member, "admin", { provider: "retell", apiKey: "key_123456789" }),
    );
    expect(pgErrorCode(forged)).toBe("42501");
    expect(await storedRows(org.orgId)).toEqual([]);
    const audit = await db.query(
      "select 1 from public.audit_log where org_id = $1 and action like 'provider_credentials.%' and actor_id = $2",
      [org.orgId, org.members.member.id],
    );
    expect(audit).toEqual([]);
  });

  it("lets no user role read a ciphertext: not the owner, not an admin, not a member", async () => {
    await removeAll();
    await save(org.members.admin, "admin", {
      provider: "vapi",
      apiKey: secretText("vapi"),
      webhookSecret: secretText("whsec"),
    });
    const statements = [
      sql`select api_key_ciphertext from public.provider_credentials`,
      sql`select webhook_secret_ciphertext from public.provider_credentials`,
      sql`select * from public.provider_credentials`,
      sql`select id from public.provider_credentials where api_key_ciphertext like 'v1.%'`,
    ];
    for (const [label, role] of [
      ["owner", "owner"],
      ["admin", "admin"],
      ["member", "member"],
    ] as const) {
      const user = org.members[label];
      for (const statement of statements) {
        const error = await rejection(as(user, (tx) => tx.execute(statement)));
        expect(pgErrorCode(error), `${role}: ${JSON.stringify(statement.queryChunks[0])}`).toBe("42501");
      }
      // The columns members are granted do read.
      const visible = await as(user, async (tx) =>
        rowsOf<{ provider: string; api_key_hint: string }>(
          await tx.execute(sql`select provider, api_key_hint from public.provider_credentials`),
        ),
      );
      expect(visible.map((v) => v.provider)).toEqual(["vapi"]);
    }
    // An admin may write a row but not read a ciphertext back through `returning`.
    const returning = await rejection(
      as(org.members.admin, (tx) =>
        tx.execute(
          sql`update public.provider_credentials set api_key_hint = 'zzzz' where org_id = ${org.orgId} returning api_key_ciphertext`,
        ),
      ),
    );
    expect(pgErrorCode(returning)).toBe("42501");
    const [hint] = await db.query<{ api_key_hint: string }>(
      "select api_key_hint from public.provider_credentials where org_id = $1",
      [org.orgId],
    );
    expect(hint?.api_key_hint).not.toBe("zzzz");
  });

  it("never loads another organization's key, and a copied ciphertext does not open", async () => {
    await removeAll();
    const apiKey = secretText("retell");
    await save(org.members.admin, "admin", { provider: "retell", apiKey });
    expect(await loadProviderCredentials(db.db, other.orgId, "retell")).toBeNull();
    const otherOwner = other.members.owner;
    const listed = await as(otherOwner, (tx) => listProviderConnections({ tx, orgId: other.orgId }));
    expect(listed.find((c) => c.provider === "retell")?.source).toBe("none");
    // Even naming the victim's org id, RLS shows the outsider nothing.
    const peek = await as(otherOwner, (tx) => listProviderConnections({ tx, orgId: org.orgId }));
    expect(peek.every((c) => c.source === "none")).toBe(true);

    // A ciphertext copied into another organization's row is bound to its own (aad).
    await db.query(
      `insert into public.provider_credentials (org_id, provider, api_key_ciphertext, api_key_hint)
       select $1, provider, api_key_ciphertext, api_key_hint from public.provider_credentials where org_id = $2`,
      [other.orgId, org.orgId],
    );
    const error = await rejection(loadProviderCredentials(db.db, other.orgId, "retell"));
    expect(String(error)).toMatch(/does not open/);
    expect((await loadProviderCredentials(db.db, org.orgId, "retell"))?.apiKey).toBe(apiKey);
  });

  it("lists each provider's connection without any key material", async () => {
    await removeAll();
    setEnv({ RETELL_API_KEY: secretText("envretell") });
    const vapiKey = secretText("vapi");
    const vapiSecret = secretText("whsec");
    const calKey = secretText("cal");
    await save(org.members.admin, "admin", { provider: "vapi", apiKey: vapiKey, webhookSecret: vapiSecret });
    await save(org.members.admin, "admin", { provider: "calcom", apiKey: calKey, eventTypeId: 7 });
    const ciphertexts = (await storedRows(org.orgId)).flatMap((r) =>
      [r.api_key_ciphertext, r.webhook_secret_ciphertext].filter((c): c is string => c !== null),
    );
    expect(ciphertexts).toHaveLength(3);
    const listed = await as(org.members.member, (tx) => listProviderConnections({ tx, orgId: org.orgId }));
    expect(listed.map((c) => [c.provider, c.source, c.apiKeyHint])).toEqual([
      ["retell", "environment", null],
      ["vapi", "organization", vapiKey.slice(-4)],
      ["calcom", "organization", calKey.slice(-4)],
    ]);
    expect(listed.find((c) => c.provider === "calcom")?.config).toEqual({ eventTypeId: 7 });
    const json = JSON.stringify(listed);
    const envKey = process.env.RETELL_API_KEY ?? "";
    for (const secret of [vapiKey, vapiSecret, calKey, envKey]) {
      for (const piece of pieces(secret)) expect(json).not.toContain(piece);
    }
    for (const ciphertext of ciphertexts) expect(json).not.toContain(ciphertext.slice(3, 20));
  });

  it("removing the organization's key falls back to the environment's", async () => {
    await removeAll();
    const envKey = secretText("envvapi");
    setEnv({ VAPI_API_KEY: envKey });
    const orgKey = secretText("vapi");
    await save(org.members.admin, "admin", { provider: "vapi", apiKey: orgKey });
    expect((await loadProviderCredentials(db.db, org.orgId, "vapi"))?.apiKey).toBe(orgKey);

    const refused = await rejection(remove(org.members.member, "member", "vapi"));
    expect((refused as AppError).code).toBe("forbidden");
    expect(await storedRows(org.orgId)).toHaveLength(1);

    await remove(org.members.admin, "admin", "vapi");
    expect(await storedRows(org.orgId)).toEqual([]);
    expect(await loadProviderCredentials(db.db, org.orgId, "vapi")).toMatchObject({
      apiKey: envKey,
      source: "environment",
    });
    const listed = await as(org.members.admin, (tx) => listProviderConnections({ tx, orgId: org.orgId }));
    expect(listed.find((c) => c.provider === "vapi")).toMatchObject({
      source: "environment",
      apiKeyHint: null,
    });
    const again = await rejection(remove(org.members.admin, "admin", "vapi"));
    expect((again as AppError).code).toBe("not_found");
    const audit = await db.query<{ action: string }>(
      "select action from public.audit_log where org_id = $1 and action = 'provider_credentials.remove'",
      [org.orgId],
    );
    expect(audit).toHaveLength(1);
  });

  it("lets a campaign pick Retell only once the organization or the environment has a key", async () => {
    await removeAll();
    const owner = org.members.owner;
    const actor = actorOf(org, owner, "owner");
    const campaign = await as(owner, (tx) =>
      createCampaign({
        tx,
        actor,
        input: { name: "Switch", defaultTimezone: "America/New_York", requireConsent: false },
      }),
    );
    const settings = campaignSettingsSchema.parse({
      name: "Switch",
      voiceProvider: "retell",
      agentId: "agent_123",
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
    });
    const update = () =>
      as(owner, (tx) => updateCampaignSettings({ tx, actor, campaignId: campaign.id, settings }));

    const refused = await rejection(update());
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe("validation");
    expect((refused as AppError).message).toMatch(/Settings → Integrations/);
    const [before] = await db.query<{ voice_provider: string }>(
      "select voice_provider from public.campaigns where id = $1",
      [campaign.id],
    );
    expect(before?.voice_provider).toBe("simulator");

    await save(org.members.admin, "admin", { provider: "retell", apiKey: secretText("retell") });
    expect((await update()).voiceProvider).toBe("retell");

    // Without the organization's key, the deployment's key is enough.
    await remove(org.members.admin, "admin", "retell");
    setEnv({ RETELL_API_KEY: secretText("envretell") });
    expect((await update()).voiceProvider).toBe("retell");
  });
});
