import { randomBytes, randomUUID } from "node:crypto";
import { type SQL, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf, type Tx } from "@/lib/db/client";
import { withAnon, withUser } from "@/lib/db/with-user";
import {
  addMember,
  createAuthUser,
  createOrgWithMembers,
  pgErrorCode,
  type TestOrg,
  type TestUser,
  uniqueEmail,
} from "../helpers/fixtures";
import { createTestDb, type TestDb, testDbKinds } from "../helpers/test-db";

/*
 * The RLS matrix: every table in `public` (read from the database, not from this file) x every
 * operation x every kind of caller. Each case builds a fresh organization A (owner, admin,
 * member), seeds one row of A through the owner connection, makes one attempt as the caller in a
 * real `withUser`/`withAnon` transaction (committed when it succeeds), and then judges the effect
 * by re-reading the row through the owner connection, which RLS does not apply to.
 */

type Role = "owner" | "admin" | "member";
type Actor = Role | "outsider" | "anon";
type Op = "select" | "insert" | "update" | "delete";

const ROLES: Role[] = ["owner", "admin", "member"];
const ACTORS: Actor[] = [...ROLES, "outsider", "anon"];
const OPS: Op[] = ["select", "insert", "update", "delete"];
/** insufficient_privilege: both "permission denied for table" and "violates row-level security policy". */
const DENIED = "42501";

type World = {
  db: TestDb;
  /** Fresh for every case. */
  orgA: TestOrg<Role>;
  /** Shared by all cases; its only member (`outsider`) is its owner. */
  orgB: TestOrg<"outsider">;
};

type Key = Record<string, string>;

type Variant = {
  name: string;
  /** Inserts one row belonging to org A through the owner connection; returns its key. */
  seed(w: World): Promise<Key>;
  /** A new row for org A for an insert attempt, and the key it would have. */
  candidate(w: World): Promise<{ values: Record<string, unknown>; key: Key }>;
  /** What an update attempt sets: one column, compared as text. */
  update: { column: string; value: string };
  /** What each of org A's roles may do to such a row; everything else must change nothing. */
  can: Record<Role, Op[]>;
};

type TableSpec = {
  /** Every row of org A this table could hold, for "sees none of org A" checks. */
  scope(w: World): SQL;
  variants: Variant[];
};

function memberIds(w: World): string[] {
  return Object.values(w.orgA.members).map((u) => u.id);
}

function invitationRow(w: World, role: Role) {
  return {
    id: randomUUID(),
    org_id: w.orgA.orgId,
    email: uniqueEmail("invitee"),
    role,
    token_hash: randomBytes(32).toString("hex"),
    invited_by: w.orgA.members.owner.id,
    expires_at: new Date(Date.now() + 7 * 86_400_000).toISOString(),
  };
}

async function ownerInsert(w: World, table: string, values: Record<string, unknown>): Promise<void> {
  const columns = Object.keys(values);
  await w.db.query(
    `insert into public.${table} (${columns.join(", ")}) values (${columns.map((_, i) => `$${i + 1}`).join(", ")})`,
    Object.values(values),
  );
}

function membershipVariant(role: "member" | "owner", can: Record<Role, Op[]>): Variant {
  return {
    name: `${role}-role row`,
    async seed(w) {
      const user = await createAuthUser(w.db);
      await addMember(w.db, { orgId: w.orgA.orgId, user, role });
      return { org_id: w.orgA.orgId, user_id: user.id };
    },
    async candidate(w) {
      const user = await createAuthUser(w.db, { profile: true });
      return {
        values: { org_id: w.orgA.orgId, user_id: user.id, role },
        key: { org_id: w.orgA.orgId, user_id: user.id },
      };
    },
    update: { column: "role", value: "admin" },
    can,
  };
}

function invitationVariant(role: "member" | "owner", can: Record<Role, Op[]>): Variant {
  return {
    name: `${role}-role invitation`,
    async seed(w) {
      const row = invitationRow(w, role);
      await ownerInsert(w, "invitations", row);
      return { id: row.id };
    },
    async candidate(w) {
      const row = invitationRow(w, role);
      return { values: row, key: { id: row.id } };
    },
    update: { column: "email", value: "changed@example.test" },
    can,
  };
}

const ALL: Op[] = ["select", "insert", "update", "delete"];

// ---- lead tables (supabase/migrations/*_leads_rls.sql) ----------------------------------------

function randomPhone(): string {
  return `+1415${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;
}

async function ownerInsertReturning(
  w: World,
  table: string,
  values: Record<string, unknown>,
): Promise<string> {
  const columns = Object.keys(values);
  const [row] = await w.db.query<{ id: string }>(
    `insert into public.${table} (${columns.join(", ")}) values (${columns.map((_, i) => `$${i + 1}`).join(", ")}) returning id::text`,
    Object.values(values),
  );
  if (!row) throw new Error(`insert into ${table} returned nothing`);
  return row.id;
}

async function seedCampaign(w: World): Promise<string> {
  return ownerInsertReturning(w, "campaigns", {
    org_id: w.orgA.orgId,
    name: `Campaign ${randomUUID().slice(0, 8)}`,
    default_timezone: "America/New_York",
  });
}

function leadRow(w: World, campaignId: string) {
  return {
    id: randomUUID(),
    org_id: w.orgA.orgId,
    campaign_id: campaignId,
    phone: randomPhone(),
    first_name: "Test",
    timezone: "America/New_York",
    timezone_source: "default",
  };
}

async function seedLead(w: World): Promise<string> {
  return ownerInsertReturning(w, "leads", leadRow(w, await seedCampaign(w)));
}

async function seedImport(w: World): Promise<string> {
  return ownerInsertReturning(w, "lead_imports", {
    org_id: w.orgA.orgId,
    campaign_id: await seedCampaign(w),
    file_name: "seed.csv",
  });
}

/** A row of org A that is seeded and inserted through a plain `insert ... returning id`. */
function simpleVariant(
  name: string,
  tableName: string,
  build: (w: World) => Promise<Record<string, unknown>>,
  update: { column: string; value: string },
  can: Record<Role, Op[]>,
): Variant {
  return {
    name,
    seed: async (w) => ({ id: await ownerInsertReturning(w, tableName, await build(w)) }),
    async candidate(w) {
      const values = { id: randomUUID(), ...(await build(w)) };
      return { values, key: { id: values.id as string } };
    },
    update,
    can,
  };
}

/**
 * A report rollup row (written only by the triggers on calls and emails): keyed by its campaign,
 * a random id with no calls behind it, so the row is this case's alone.
 */
function rollupVariant(tableName: string, fields: Record<string, unknown>): Variant {
  const build = (w: World) => ({ org_id: w.orgA.orgId, campaign_id: randomUUID(), ...fields });
  return {
    name: `a ${tableName} row`,
    async seed(w) {
      const values = build(w);
      await ownerInsert(w, tableName, values);
      return { campaign_id: values.campaign_id };
    },
    async candidate(w) {
      const values = build(w);
      return { values, key: { campaign_id: values.campaign_id } };
    },
    update: { column: "placed", value: "42" },
    // Members read their organization's figures; nobody writes them but the triggers.
    can: { owner: ["select"], admin: ["select"], member: ["select"] },
  };
}

const MEMBER_WRITES: Op[] = ["select", "insert", "update"];

/** An audit entry of org A with some columns set; nobody but trusted code may write one. */
function auditVariant(
  name: string,
  columns: (w: World) => Record<string, unknown>,
  can: Record<Role, Op[]>,
): Variant {
  return {
    name,
    async seed(w) {
      const values = { org_id: w.orgA.orgId, ...columns(w) };
      const keys = Object.keys(values);
      const [row] = await w.db.query<{ id: string }>(
        `insert into public.audit_log (${keys.join(", ")}) values (${keys.map((_, i) => `$${i + 1}`).join(", ")}) returning id::text`,
        Object.values(values),
      );
      if (!row) throw new Error("audit_log seed returned nothing");
      return { id: row.id };
    },
    async candidate(w) {
      const action = `forged.${randomUUID()}`;
      return { values: { org_id: w.orgA.orgId, ...columns(w), action }, key: { action } };
    },
    update: { column: "action", value: "tampered" },
    can,
  };
}

/** A call of org A (seeded through the owner connection) for rows that hang off one. */
async function seedCall(w: World): Promise<{ id: string; campaignId: string }> {
  const lead = leadRow(w, await seedCampaign(w));
  await ownerInsert(w, "leads", lead);
  const id = await ownerInsertReturning(w, "calls", {
    org_id: w.orgA.orgId,
    campaign_id: lead.campaign_id,
    lead_id: lead.id,
    attempt_no: 1,
    provider: "simulator",
    provider_account: "simulator:local",
    to_number: lead.phone,
    deadline_at: "2026-12-01T12:10:00.000Z",
  });
  return { id, campaignId: lead.campaign_id };
}

/** Expected capabilities, from supabase/migrations/*_rls.sql. */
const SPECS: Record<string, TableSpec> = {
  organizations: {
    scope: (w) => sql`id = ${w.orgA.orgId}`,
    variants: [
      {
        name: "the organization",
        seed: async (w) => ({ id: w.orgA.orgId }),
        candidate: async () => {
          const id = randomUUID();
          return { values: { id, name: "Forged org" }, key: { id } };
        },
        update: { column: "name", value: "Renamed by test" },
        // Organizations are created only by the sign-up service (service role).
        can: { owner: ["select", "update", "delete"], admin: ["select", "update"], member: ["select"] },
      },
    ],
  },
  memberships: {
    scope: (w) => sql`org_id = ${w.orgA.orgId}`,
    variants: [
      membershipVariant("member", { owner: ALL, admin: ALL, member: ["select"] }),
      // Only an owner may grant, change or remove the owner role.
      membershipVariant("owner", { owner: ALL, admin: ["select"], member: ["select"] }),
    ],
  },
  profiles: {
    scope: (w) => sql`id in ${memberIds(w)}`,
    variants: [
      {
        name: "a co-member's profile",
        async seed(w) {
          const user = await createAuthUser(w.db);
          await addMember(w.db, { orgId: w.orgA.orgId, user, role: "member" });
          return { id: user.id };
        },
        async candidate(w) {
          // A member of org A who has no profile yet: only they may create it.
          const user = await createAuthUser(w.db);
          await w.db.query(
            `insert into public.memberships (org_id, user_id, role) values ($1, $2, 'member')`,
            [w.orgA.orgId, user.id],
          );
          return { values: { id: user.id, email: user.email, full_name: "Forged" }, key: { id: user.id } };
        },
        update: { column: "full_name", value: "Changed by test" },
        can: { owner: ["select"], admin: ["select"], member: ["select"] },
      },
    ],
  },
  invitations: {
    scope: (w) => sql`org_id = ${w.orgA.orgId}`,
    variants: [
      invitationVariant("member", { owner: ALL, admin: ALL, member: [] }),
      // Admins may see an owner invitation but not create, change or delete one.
      invitationVariant("owner", { owner: ALL, admin: ["select"], member: [] }),
    ],
  },
  audit_log: {
    scope: (w) => sql`org_id = ${w.orgA.orgId}`,
    variants: [
      {
        name: "an entry",
        async seed(w) {
          const [row] = await w.db.query<{ id: string }>(
            `insert into public.audit_log (org_id, action) values ($1, 'test.seeded') returning id::text`,
            [w.orgA.orgId],
          );
          if (!row) throw new Error("audit_log seed returned nothing");
          return { id: row.id };
        },
        async candidate(w) {
          // id is generated always; the forged entry is found by its unique action.
          const action = `forged.${randomUUID()}`;
          return { values: { org_id: w.orgA.orgId, action }, key: { action } };
        },
        update: { column: "action", value: "tampered" },
        // Admins and owners read the log; only trusted server code (and triggers) write it.
        can: { owner: ["select"], admin: ["select"], member: [] },
      },
      // The activity feed (issue 16): a member also reads campaign events and their own entries.
      auditVariant("a campaign event", () => ({ target_type: "campaigns", action: "campaigns.start" }), {
        owner: ["select"],
        admin: ["select"],
        member: ["select"],
      }),
      auditVariant(
        "the member's own entry",
        (w) => ({
          actor_id: w.orgA.members.member.id,
          action: "do_not_call.add",
          target_type: "do_not_call",
        }),
        { owner: ["select"], admin: ["select"], member: ["select"] },
      ),
      auditVariant(
        "another member's entry",
        (w) => ({ actor_id: w.orgA.members.admin.id, action: "api_keys.create", target_type: "api_keys" }),
        { owner: ["select"], admin: ["select"], member: [] },
      ),
    ],
  },
  campaigns: {
    scope: (w) => sql`org_id = ${w.orgA.orgId}`,
    variants: [
      simpleVariant(
        "a campaign",
        "campaigns",
        async (w) => ({
          org_id: w.orgA.orgId,
          name: `C ${randomUUID().slice(0, 8)}`,
          default_timezone: "UTC",
        }),
        { column: "name", value: "Renamed by test" },
        { owner: ALL, admin: ALL, member: MEMBER_WRITES },
      ),
    ],
  },
  leads: {
    scope: (w) => sql`org_id = ${w.orgA.orgId}`,
    variants: [
      // Members work leads and move them to the trash (an update); deleting a row is erasing it,
      // which only owners and admins may do.
      simpleVariant(
        "a lead",
        "leads",
        async (w) => leadRow(w, await seedCampaign(w)),
        { column: "first_name", value: "Changed" },
        { owner: ALL, admin: ALL, member: MEMBER_WRITES },
      ),
      // A lead in the trash: only owners and admins change it (restoring is such a change).
      simpleVariant(
        "a trashed lead",
        "leads",
        async (w) => ({ ...leadRow(w, await seedCampaign(w)), deleted_at: "2026-11-01T12:00:00Z" }),
        { column: "first_name", value: "Changed" },
        { owner: ALL, admin: ALL, member: ["select", "insert"] },
      ),
    ],
  },
  lead_imports: {
    scope: (w) => sql`org_id = ${w.orgA.orgId}`,
    variants: [
      simpleVariant(
        "an import",
        "lead_imports",
        async (w) => ({ org_id: w.orgA.orgId, campaign_id: await seedCampaign(w), file_name: "leads.csv" }),
        { column: "file_name", value: "renamed.csv" },
        { owner: ALL, admin: ALL, member: MEMBER_WRITES },
      ),
    ],
  },
  lead_import_rows: {
    scope: (w) => sql`org_id = ${w.orgA.orgId}`,
    variants: [
      {
        name: "a staged row",
        async seed(w) {
          const importId = await seedImport(w);
          await ownerInsert(w, "lead_import_rows", {
            import_id: importId,
            org_id: w.orgA.orgId,
            row_number: 2,
            status: "valid",
            raw: JSON.stringify(["+14155550100"]),
          });
          return { import_id: importId, row_number: "2" };
        },
        async candidate(w) {
          const importId = await seedImport(w);
          return {
            values: {
              import_id: importId,
              org_id: w.orgA.orgId,
              row_number: 3,
              status: "rejected",
              raw: JSON.stringify(["junk"]),
            },
            key: { import_id: importId, row_number: "3" },
          };
        },
        update: { column: "reason", value: "changed by test" },
        can: { owner: ALL, admin: ALL, member: ALL },
      },
    ],
  },
  lead_events: {
    scope: (w) => sql`org_id = ${w.orgA.orgId}`,
    variants: [
      {
        name: "a history entry",
        async seed(w) {
          const leadId = await seedLead(w);
          const [row] = await w.db.query<{ id: string }>(
            `insert into public.lead_events (org_id, lead_id, type) values ($1, $2, 'test.seeded') returning id::text`,
            [w.orgA.orgId, leadId],
          );
          if (!row) throw new Error("lead_events seed returned nothing");
          return { id: row.id };
        },
        async candidate(w) {
          const type = `forged.${randomUUID()}`;
          return { values: { org_id: w.orgA.orgId, lead_id: await seedLead(w), type }, key: { type } };
        },
        update: { column: "type", value: "tampered" },
        // History is written by triggers only.
        can: { owner: ["select"], admin: ["select"], member: ["select"] },
      },
    ],
  },
  do_not_call: {
    scope: (w) => sql`org_id = ${w.orgA.orgId}`,
    variants: [
      simpleVariant(
        "a do-not-call entry",
        "do_not_call",
        async (w) => ({ org_id: w.orgA.orgId, phone: randomPhone(), source: "manual" }),
        { column: "reason", value: "changed by test" },
        // Anyone adds an opt-out; only admins make a number callable again.
        { owner: ALL, admin: ALL, member: ["select", "insert"] },
      ),
    ],
  },
  api_keys: {
    scope: (w) => sql`org_id = ${w.orgA.orgId}`,
    variants: [
      simpleVariant(
        "an API key",
        "api_keys",
        async (w) => ({
          org_id: w.orgA.orgId,
          name: "CRM",
          prefix: "dk_test",
          key_hash: randomBytes(32).toString("hex"),
        }),
        { column: "name", value: "Renamed" },
        { owner: ALL, admin: ALL, member: [] },
      ),
    ],
  },
  review_tags: {
    scope: (w) => sql`org_id = ${w.orgA.orgId}`,
    variants: [
      simpleVariant(
        "a review tag",
        "review_tags",
        async (w) => ({ org_id: w.orgA.orgId, name: `Tag ${randomUUID().slice(0, 8)}` }),
        { column: "name", value: "Renamed by test" },
        // Owners and admins manage the tags; members read them (the review form, the filters).
        { owner: ALL, admin: ALL, member: ["select"] },
      ),
    ],
  },
  call_reviews: {
    scope: (w) => sql`org_id = ${w.orgA.orgId}`,
    variants: [
      {
        name: "a call's review",
        async seed(w) {
          const call = await seedCall(w);
          await ownerInsert(w, "call_reviews", {
            call_id: call.id,
            org_id: w.orgA.orgId,
            campaign_id: call.campaignId,
            score: 3,
            reviewed_at: "2026-12-01T12:00:00.000Z",
          });
          return { call_id: call.id };
        },
        async candidate(w) {
          const call = await seedCall(w);
          return {
            values: {
              call_id: call.id,
              org_id: w.orgA.orgId,
              campaign_id: call.campaignId,
              score: 4,
              reviewed_at: "2026-12-01T12:00:00.000Z",
            },
            key: { call_id: call.id },
          };
        },
        update: { column: "notes", value: "changed by test" },
        // Owners and admins review calls; members read the reviews.
        can: { owner: ALL, admin: ALL, member: ["select"] },
      },
    ],
  },
  calls: {
    scope: (w) => sql`org_id = ${w.orgA.orgId}`,
    variants: [
      simpleVariant(
        "a call",
        "calls",
        async (w) => {
          const lead = leadRow(w, await seedCampaign(w));
          await ownerInsert(w, "leads", lead);
          return {
            org_id: w.orgA.orgId,
            campaign_id: lead.campaign_id,
            lead_id: lead.id,
            attempt_no: 1,
            provider: "simulator",
            provider_account: "simulator:local",
            to_number: lead.phone,
            deadline_at: "2026-12-01T12:10:00.000Z",
          };
        },
        { column: "error", value: "changed by test" },
        // Calls are written by the dialer (service role) only; members read them.
        { owner: ["select"], admin: ["select"], member: ["select"] },
      ),
    ],
  },
  report_hourly: {
    scope: (w) => sql`org_id = ${w.orgA.orgId}`,
    variants: [rollupVariant("report_hourly", { hour: "2026-12-01T10:00:00Z", placed: 3 })],
  },
  report_org_hourly: {
    scope: (w) => sql`org_id = ${w.orgA.orgId}`,
    variants: [
      {
        name: "a report_org_hourly row",
        // Keyed by a random counter (timestamps compare badly as text), so the row is this case's own.
        async seed(w) {
          const ended = String(1 + Math.floor(Math.random() * 1e6));
          const hour = new Date(Date.UTC(2026, 0, 1) + Number(ended) * 3_600_000).toISOString();
          await ownerInsert(w, "report_org_hourly", { org_id: w.orgA.orgId, hour, ended, placed: 3 });
          return { org_id: w.orgA.orgId, ended };
        },
        async candidate(w) {
          const ended = String(1 + Math.floor(Math.random() * 1e6));
          const hour = new Date(Date.UTC(2025, 0, 1) - Number(ended) * 3_600_000).toISOString();
          return {
            values: { org_id: w.orgA.orgId, hour, ended, placed: 3 },
            key: { org_id: w.orgA.orgId, ended },
          };
        },
        update: { column: "placed", value: "42" },
        can: { owner: ["select"], admin: ["select"], member: ["select"] },
      },
    ],
  },
  report_org_lead_hours: {
    scope: (w) => sql`org_id = ${w.orgA.orgId}`,
    variants: [
      {
        name: "a report_org_lead_hours row",
        // Keyed by a random counter (timestamps compare badly as text), so the row is this case's own.
        async seed(w) {
          const ended = String(1 + Math.floor(Math.random() * 1e6));
          const hour = new Date(Date.UTC(2026, 0, 1) + Number(ended) * 3_600_000).toISOString();
          await ownerInsert(w, "report_org_lead_hours", {
            org_id: w.orgA.orgId,
            hour,
            local_dow: 1,
            local_hour: 9,
            ended,
            placed: 3,
          });
          return { org_id: w.orgA.orgId, ended };
        },
        async candidate(w) {
          const ended = String(1 + Math.floor(Math.random() * 1e6));
          const hour = new Date(Date.UTC(2025, 0, 1) - Number(ended) * 3_600_000).toISOString();
          return {
            values: { org_id: w.orgA.orgId, hour, ended, placed: 3 },
            key: { org_id: w.orgA.orgId, ended },
          };
        },
        update: { column: "placed", value: "42" },
        can: { owner: ["select"], admin: ["select"], member: ["select"] },
      },
    ],
  },
  report_lead_hours: {
    scope: (w) => sql`org_id = ${w.orgA.orgId}`,
    variants: [
      rollupVariant("report_lead_hours", { day: "2026-12-01", local_dow: 2, local_hour: 9, placed: 3 }),
    ],
  },
  report_attempts: {
    scope: (w) => sql`org_id = ${w.orgA.orgId}`,
    variants: [rollupVariant("report_attempts", { day: "2026-12-01", attempt_no: 1, placed: 3 })],
  },
  provider_credentials: {
    scope: (w) => sql`org_id = ${w.orgA.orgId}`,
    variants: [
      simpleVariant(
        "a provider credential",
        "provider_credentials",
        async (w) => ({
          org_id: w.orgA.orgId,
          provider: "vapi",
          api_key_ciphertext: "v1.sealed-in-test",
          api_key_hint: "1234",
        }),
        { column: "api_key_hint", value: "9999" },
        // Admins connect and replace keys; members see that a provider is connected. The
        // ciphertext columns are readable by no one (credentials.test.ts).
        { owner: ALL, admin: ALL, member: ["select"] },
      ),
    ],
  },
  appointments: {
    scope: (w) => sql`org_id = ${w.orgA.orgId}`,
    variants: [
      simpleVariant(
        "an appointment",
        "appointments",
        async (w) => {
          const leadId = await seedLead(w);
          return {
            org_id: w.orgA.orgId,
            lead_id: leadId,
            source: "builtin",
            start_at: new Date(Date.now() + 86_400_000).toISOString(),
            end_at: new Date(Date.now() + 86_400_000 + 1_800_000).toISOString(),
            timezone: "America/New_York",
            title: "Intro call",
          };
        },
        { column: "notes", value: "changed by test" },
        // Bookings are written by in-call tools and calendar webhooks (service role); members read them.
        { owner: ["select"], admin: ["select"], member: ["select"] },
      ),
      simpleVariant(
        "an appointment's attendance",
        "appointments",
        async (w) => {
          const leadId = await seedLead(w);
          return {
            org_id: w.orgA.orgId,
            lead_id: leadId,
            source: "builtin",
            // Attendance is recorded once a meeting has started (the database's now()): a fixed past date.
            start_at: "2026-01-05T15:00:00.000Z",
            end_at: "2026-01-05T15:30:00.000Z",
            timezone: "America/New_York",
            title: "Intro call",
          };
        },
        { column: "status", value: "completed" },
        // Whoever held the meeting records whether it took place: the status column only.
        { owner: ["select", "update"], admin: ["select", "update"], member: ["select", "update"] },
      ),
    ],
  },
  emails: {
    scope: (w) => sql`org_id = ${w.orgA.orgId}`,
    variants: [
      simpleVariant(
        "an email",
        "emails",
        async (w) => ({
          org_id: w.orgA.orgId,
          lead_id: await seedLead(w),
          kind: "missed_call",
          dedupe_key: `missed_call/${randomUUID()}`,
          transport: "outbox",
          to_address: "lead@example.test",
          from_address: "Acme <hello@example.test>",
          subject: "Sorry we missed you",
          html: "<p>Hi</p>",
          text: "Hi",
          unsubscribe_token: randomBytes(24).toString("base64url"),
        }),
        { column: "reason", value: "changed by test" },
        // Written by the outcome service, the send job and Resend's webhooks; members read the outbox.
        { owner: ["select"], admin: ["select"], member: ["select"] },
      ),
    ],
  },
  email_templates: {
    scope: (w) => sql`org_id = ${w.orgA.orgId}`,
    variants: [
      simpleVariant(
        "an email template",
        "email_templates",
        async (w) => ({
          org_id: w.orgA.orgId,
          kind: "confirmation",
          subject: "See you {{meeting_time}}",
          body: "Hi {{first_name}}",
        }),
        { column: "subject", value: "Changed by test" },
        { owner: ALL, admin: ALL, member: ["select"] },
      ),
    ],
  },
  email_suppressions: {
    scope: (w) => sql`org_id = ${w.orgA.orgId}`,
    variants: [
      simpleVariant(
        "a suppressed address",
        "email_suppressions",
        async (w) => ({ org_id: w.orgA.orgId, email: `${randomUUID()}@example.test`, reason: "manual" }),
        { column: "email", value: "changed@example.test" },
        // Anyone adds an address; only admins remove one; nobody edits one in place.
        {
          owner: ["select", "insert", "delete"],
          admin: ["select", "insert", "delete"],
          member: ["select", "insert"],
        },
      ),
    ],
  },
  webhook_events: {
    scope: (w) => sql`org_id = ${w.orgA.orgId}`,
    variants: [
      {
        name: "a webhook event",
        async seed(w) {
          const [row] = await w.db.query<{ id: string }>(
            `insert into public.webhook_events (provider, event_key, type, org_id, payload)
             values ('retell', $1, 'call_ended', $2, '{}') returning id::text`,
            [`seed-${randomUUID()}`, w.orgA.orgId],
          );
          if (!row) throw new Error("webhook_events seed returned nothing");
          return { id: row.id };
        },
        async candidate(w) {
          const eventKey = `forged-${randomUUID()}`;
          return {
            values: {
              provider: "retell",
              event_key: eventKey,
              type: "call_ended",
              org_id: w.orgA.orgId,
              payload: "{}",
            },
            key: { event_key: eventKey },
          };
        },
        update: { column: "error", value: "tampered" },
        // Raw events carry transcripts and numbers: admins read them; only webhook routes write.
        can: { owner: ["select"], admin: ["select"], member: [] },
      },
    ],
  },
};

// ---- running one attempt -------------------------------------------------------------------

type Outcome<T> = { ok: true; value: T } | { ok: false; code: string | undefined; error: unknown };

/** Runs `fn` as the caller (one of the world's actors, or any user) in one real transaction. */
async function attempt<T>(w: World, who: Actor | TestUser, fn: (tx: Tx) => Promise<T>): Promise<Outcome<T>> {
  try {
    const value =
      who === "anon" ? await withAnon(fn, w.db.db) : await withUser(userOf(w, who).claims, fn, w.db.db);
    return { ok: true, value };
  } catch (error) {
    return { ok: false, code: pgErrorCode(error), error };
  }
}

function userOf(w: World, who: Exclude<Actor, "anon"> | TestUser): TestUser {
  if (typeof who !== "string") return who;
  return who === "outsider" ? w.orgB.members.outsider : w.orgA.members[who];
}

/** A refusal must be a privilege or RLS error, never some other failure that hides a bad case. */
function expectRefused<T>(outcome: Outcome<T>, orNothing: (value: T) => void): void {
  if (outcome.ok) {
    orNothing(outcome.value);
    return;
  }
  if (outcome.code !== DENIED) throw outcome.error;
}

function expectSucceeded<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}

const table = (name: string) => sql`${sql.identifier("public")}.${sql.identifier(name)}`;
const whereKey = (key: Key) =>
  sql.join(
    Object.entries(key).map(([column, value]) => sql`${sql.identifier(column)}::text = ${value}`),
    sql` and `,
  );

function affected(result: unknown): number {
  if (Array.isArray(result)) return (result as unknown as { count: number }).count;
  return (result as { affectedRows?: number }).affectedRows ?? 0;
}

async function countAs(tx: Tx, name: string, where: SQL): Promise<number> {
  const [row] = rowsOf<{ n: number }>(
    await tx.execute(sql`select count(*)::int as n from ${table(name)} where ${where}`),
  );
  return Number(row?.n ?? -1);
}

/** Through the owner connection: no RLS, so this is what is really in the table. */
async function ownerCount(w: World, name: string, key: Key): Promise<number> {
  const entries = Object.entries(key);
  const [row] = await w.db.query<{ n: number }>(
    `select count(*)::int as n from public.${name} where ${entries.map(([c], i) => `${c}::text = $${i + 1}`).join(" and ")}`,
    entries.map(([, v]) => v),
  );
  return Number(row?.n);
}

async function ownerValue(w: World, name: string, key: Key, column: string): Promise<string | null> {
  const entries = Object.entries(key);
  const [row] = await w.db.query<{ v: string | null }>(
    `select ${column}::text as v from public.${name} where ${entries.map(([c], i) => `${c}::text = $${i + 1}`).join(" and ")}`,
    entries.map(([, v]) => v),
  );
  if (!row) throw new Error(`${name} row ${JSON.stringify(key)} is gone`);
  return row.v;
}

async function runCase(w: World, name: string, spec: TableSpec, variant: Variant, op: Op, actor: Actor) {
  const allowed = actor !== "outsider" && actor !== "anon" && variant.can[actor].includes(op);
  if (op === "select") {
    const key = await variant.seed(w);
    const outcome = await attempt(w, actor, async (tx) => ({
      row: await countAs(tx, name, whereKey(key)),
      org: await countAs(tx, name, spec.scope(w)),
    }));
    if (allowed) expect(expectSucceeded(outcome).row).toBe(1);
    else expectRefused(outcome, (seen) => expect(seen).toEqual({ row: 0, org: 0 }));
    return;
  }
  if (op === "insert") {
    const { values, key } = await variant.candidate(w);
    const columns = Object.keys(values);
    const outcome = await attempt(w, actor, (tx) =>
      tx.execute(
        sql`insert into ${table(name)} (${sql.join(
          columns.map((c) => sql.identifier(c)),
          sql`, `,
        )}) values (${sql.join(
          Object.values(values).map((v) => sql`${v}`),
          sql`, `,
        )})`,
      ),
    );
    if (allowed) expectSucceeded(outcome);
    // An INSERT that RLS refuses always raises: it cannot quietly insert nothing.
    else expectRefused(outcome, () => expect.fail("the insert was expected to be refused"));
    expect(await ownerCount(w, name, key)).toBe(allowed ? 1 : 0);
    return;
  }
  const key = await variant.seed(w);
  if (op === "update") {
    const { column, value } = variant.update;
    const before = await ownerValue(w, name, key, column);
    expect(before).not.toBe(value);
    const outcome = await attempt(w, actor, async (tx) =>
      affected(
        await tx.execute(
          sql`update ${table(name)} set ${sql.identifier(column)} = ${value} where ${whereKey(key)}`,
        ),
      ),
    );
    if (allowed) expect(expectSucceeded(outcome)).toBe(1);
    else expectRefused(outcome, (n) => expect(n).toBe(0));
    expect(await ownerValue(w, name, key, column)).toBe(allowed ? value : before);
    return;
  }
  const outcome = await attempt(w, actor, async (tx) =>
    affected(await tx.execute(sql`delete from ${table(name)} where ${whereKey(key)}`)),
  );
  if (allowed) expect(expectSucceeded(outcome)).toBe(1);
  else expectRefused(outcome, (n) => expect(n).toBe(0));
  expect(await ownerCount(w, name, key)).toBe(allowed ? 0 : 1);
}

// ---- privileges of the API roles -------------------------------------------------------------

type ApiRole = "anon" | "authenticated" | "service_role";
const API_ROLES: ApiRole[] = ["anon", "authenticated", "service_role"];
const SCHEMAS = ["public", "private"];
const DML = ["SELECT", "INSERT", "UPDATE", "DELETE"];
/** Each role's privileges on each object; a role left out holds none. */
type Grants = Record<string, Partial<Record<ApiRole, string[]>>>;

/**
 * Tables and sequences (supabase/migrations/*_rls.sql, *_api_role_grants.sql). anon holds
 * nothing; service_role holds DML on every table in public and nothing more (no TRUNCATE,
 * REFERENCES or TRIGGER, which Supabase's default privileges would give it); no role holds a
 * sequence, since identity columns draw their values without one.
 */
const TABLE_PRIVILEGES: Grants = {
  "public.api_keys": { authenticated: DML, service_role: DML },
  "public.appointments": { authenticated: ["SELECT"], service_role: DML },
  "public.audit_log": { authenticated: ["SELECT"], service_role: DML },
  "public.audit_log_id_seq": {},
  "public.call_reviews": { authenticated: DML, service_role: DML },
  "public.calls": { authenticated: ["SELECT"], service_role: DML },
  "public.campaigns": { authenticated: DML, service_role: DML },
  "public.do_not_call": { authenticated: DML, service_role: DML },
  "public.email_suppressions": { authenticated: ["SELECT", "INSERT", "DELETE"], service_role: DML },
  "public.email_templates": { authenticated: DML, service_role: DML },
  "public.emails": { authenticated: ["SELECT"], service_role: DML },
  "public.invitations": { authenticated: DML, service_role: DML },
  "public.lead_events": { authenticated: ["SELECT"], service_role: DML },
  "public.lead_events_id_seq": {},
  "public.lead_import_rows": { authenticated: DML, service_role: DML },
  "public.lead_imports": { authenticated: DML, service_role: DML },
  "public.leads": { authenticated: DML, service_role: DML },
  "public.memberships": { authenticated: DML, service_role: DML },
  "public.organizations": { authenticated: ["SELECT", "UPDATE", "DELETE"], service_role: DML },
  "public.report_attempts": { authenticated: ["SELECT"], service_role: DML },
  "public.report_hourly": { authenticated: ["SELECT"], service_role: DML },
  "public.report_lead_hours": { authenticated: ["SELECT"], service_role: DML },
  "public.report_org_hourly": { authenticated: ["SELECT"], service_role: DML },
  "public.report_org_lead_hours": { authenticated: ["SELECT"], service_role: DML },
  "public.profiles": { authenticated: ["SELECT", "INSERT", "UPDATE"], service_role: DML },
  // Column grants only (below): no role reads a ciphertext through the API.
  "public.provider_credentials": { authenticated: ["DELETE"], service_role: DML },
  "public.review_tags": { authenticated: DML, service_role: DML },
  "public.webhook_events": { authenticated: ["SELECT"], service_role: DML },
  "public.webhook_events_id_seq": {},
  // The local mailbox (account emails in local mode): the app's service role only.
  "private.account_emails": { service_role: ["SELECT", "INSERT", "DELETE"] },
  // Reached only through private.hit_rate_limit().
  "private.rate_limits": {},
};

/** Column grants beyond the table grants above: role -> table -> privilege -> columns. */
const COLUMN_PRIVILEGES = {
  authenticated: {
    "public.appointments": { UPDATE: ["status", "updated_at"] },
    "public.provider_credentials": {
      SELECT: [
        "id",
        "org_id",
        "provider",
        "api_key_hint",
        "config",
        "updated_by",
        "created_at",
        "updated_at",
      ],
      INSERT: [
        "id",
        "org_id",
        "provider",
        "api_key_ciphertext",
        "api_key_hint",
        "webhook_secret_ciphertext",
        "config",
        "updated_by",
      ],
      UPDATE: [
        "api_key_ciphertext",
        "api_key_hint",
        "webhook_secret_ciphertext",
        "config",
        "updated_by",
        "updated_at",
      ],
    },
  },
};

/** Functions: trigger functions run as their owner, so nobody needs to execute them. */
const FUNCTION_EXECUTE: Grants = {
  "private.apply_do_not_call": {},
  "private.call_ids_matching": { authenticated: ["EXECUTE"] },
  "private.audit_tenancy_change": {},
  "private.call_report_facts": { authenticated: ["EXECUTE"], service_role: ["EXECUTE"] },
  "private.co_member_ids": { authenticated: ["EXECUTE"], service_role: ["EXECUTE"] },
  "private.email_report_facts": { authenticated: ["EXECUTE"], service_role: ["EXECUTE"] },
  "private.fill_call_lead_timezone": {},
  "private.hit_rate_limit": { service_role: ["EXECUTE"] },
  "private.in_calling_window": { authenticated: ["EXECUTE"], service_role: ["EXECUTE"] },
  "private.keep_an_owner": {},
  "private.lead_ids_page": { authenticated: ["EXECUTE"] },
  "private.lead_ids_page_sql": {},
  "private.lead_in_calling_window": { authenticated: ["EXECUTE"], service_role: ["EXECUTE"] },
  "private.record_lead_changes": {},
  "private.report_calls_changed": {},
  "private.report_emails_changed": {},
  "private.user_org_ids": { authenticated: ["EXECUTE"], service_role: ["EXECUTE"] },
  "private.zone_in_calling_window": { authenticated: ["EXECUTE"], service_role: ["EXECUTE"] },
};

const SCHEMA_PRIVILEGES: Grants = {
  public: { anon: ["USAGE"], authenticated: ["USAGE"], service_role: ["USAGE"] },
  private: { authenticated: ["USAGE"], service_role: ["USAGE"] },
};

/** Every role spelled out, so a missing entry reads as "holds nothing" in a diff. */
function expected(grants: Grants): Record<string, Record<ApiRole, string[]>> {
  return Object.fromEntries(
    Object.entries(grants).map(([name, byRole]) => [
      name,
      Object.fromEntries(API_ROLES.map((role) => [role, byRole[role] ?? []])) as Record<ApiRole, string[]>,
    ]),
  );
}

type PrivilegeRow = { name: string; role: ApiRole; privileges: string[] };

async function grantsOf(db: TestDb, query: string): Promise<Record<string, Record<ApiRole, string[]>>> {
  const rows = await db.query<PrivilegeRow>(query, [API_ROLES, SCHEMAS]);
  const out: Record<string, Record<ApiRole, string[]>> = {};
  for (const row of rows) {
    const grants = out[row.name] ?? { anon: [], authenticated: [], service_role: [] };
    grants[row.role] = row.privileges;
    out[row.name] = grants;
  }
  return out;
}

/** Checked with has_*_privilege, as Postgres would when the role acts: PUBLIC's grants count. */
function tablePrivileges(db: TestDb) {
  return grantsOf(
    db,
    `select n.nspname || '.' || c.relname as name, r.role,
            array(
              select p.privilege from unnest(
                case when c.relkind = 'S' then array['USAGE', 'SELECT', 'UPDATE']
                     else array['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER'] end
              ) with ordinality p(privilege, i)
              where case when c.relkind = 'S' then has_sequence_privilege(r.role, c.oid, p.privilege)
                         else has_table_privilege(r.role, c.oid, p.privilege) end
              order by p.i
            ) as privileges
     from pg_class c
     join pg_namespace n on n.oid = c.relnamespace
     cross join unnest($1::text[]) r(role)
     where n.nspname = any($2::text[]) and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
     order by 1, 2`,
  );
}

async function columnPrivileges(db: TestDb) {
  const rows = await db.query<{ role: ApiRole; name: string; privilege: string; columns: string[] }>(
    `select r.role, n.nspname || '.' || c.relname as name, p.privilege,
            array_agg(a.attname::text order by a.attnum) as columns
     from pg_class c
     join pg_namespace n on n.oid = c.relnamespace
     join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
     cross join unnest($1::text[]) r(role)
     cross join unnest(array['SELECT', 'INSERT', 'UPDATE', 'REFERENCES']) p(privilege)
     where n.nspname = any($2::text[]) and c.relkind in ('r', 'p', 'v', 'm', 'f')
       and has_column_privilege(r.role, c.oid, a.attnum, p.privilege)
       and not has_table_privilege(r.role, c.oid, p.privilege)
     group by 1, 2, 3
     order by 1, 2, 3`,
    [API_ROLES, SCHEMAS],
  );
  const out: Record<string, Record<string, Record<string, string[]>>> = {};
  for (const row of rows) {
    const byTable = out[row.role] ?? {};
    byTable[row.name] = { ...byTable[row.name], [row.privilege]: row.columns };
    out[row.role] = byTable;
  }
  return out;
}

function functionPrivileges(db: TestDb) {
  return grantsOf(
    db,
    `select n.nspname || '.' || p.proname as name, r.role,
            case when has_function_privilege(r.role, p.oid, 'EXECUTE') then array['EXECUTE'] else array[]::text[] end
              as privileges
     from pg_proc p
     join pg_namespace n on n.oid = p.pronamespace
     cross join unnest($1::text[]) r(role)
     where n.nspname = any($2::text[])
     order by 1, 2`,
  );
}

function schemaPrivileges(db: TestDb) {
  return grantsOf(
    db,
    `select s.name, r.role,
            array(
              select p.privilege from unnest(array['USAGE', 'CREATE']) with ordinality p(privilege, i)
              where has_schema_privilege(r.role, s.name, p.privilege) order by p.i
            ) as privileges
     from unnest($2::text[]) s(name)
     cross join unnest($1::text[]) r(role)
     order by 1, 2`,
  );
}

// ---- the databases, and their own list of tables -------------------------------------------

const databases = await Promise.all(
  testDbKinds().map(async (kind) => {
    const db = await createTestDb(kind);
    const tables = (
      await db.query<{ tablename: string }>(
        `select tablename from pg_tables where schemaname = 'public' order by tablename`,
      )
    ).map((r) => r.tablename);
    return { kind, db, tables };
  }),
);

describe.each(databases)("RLS matrix on $kind", ({ db, tables }) => {
  let orgB: TestOrg<"outsider">;
  beforeAll(async () => {
    orgB = await createOrgWithMembers(db, { name: "Org B", members: { outsider: "owner" } });
  });
  afterAll(() => db.destroy());

  async function world(): Promise<World> {
    const orgA = await createOrgWithMembers(db, {
      name: "Org A",
      members: { owner: "owner", admin: "admin", member: "member" },
    });
    return { db, orgA, orgB };
  }

  it("has row-level security enabled on every table in public", async () => {
    const rows = await db.query<{ relname: string; relrowsecurity: boolean }>(
      `select c.relname, c.relrowsecurity from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind in ('r', 'p') order by c.relname`,
    );
    expect(rows.map((r) => r.relname)).toEqual(tables);
    expect(rows.filter((r) => !r.relrowsecurity).map((r) => r.relname)).toEqual([]);
  });

  // What the API roles hold, compared whole: a table, sequence or function missing from the
  // expected lists below, or a privilege nobody meant to give, shows up in the diff.
  it("grants each API role exactly its privileges on the tables and sequences of public and private", async () => {
    expect(await tablePrivileges(db)).toEqual(expected(TABLE_PRIVILEGES));
  });

  it("grants authenticated only the provider_credentials columns that carry no ciphertext", async () => {
    expect(await columnPrivileges(db)).toEqual(COLUMN_PRIVILEGES);
  });

  it("lets each API role execute exactly its functions in public and private", async () => {
    expect(await functionPrivileges(db)).toEqual(expected(FUNCTION_EXECUTE));
  });

  it("lets each API role use exactly its schemas, and none create in them", async () => {
    expect(await schemaPrivileges(db)).toEqual(expected(SCHEMA_PRIVILEGES));
  });

  it("keeps row-level security on for every table in private, with no policy to open it", async () => {
    const rows = await db.query<{ relname: string; relrowsecurity: boolean; policies: number }>(
      `select c.relname, c.relrowsecurity,
              (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'private' and c.relkind in ('r', 'p') order by c.relname`,
    );
    expect(rows).toEqual([
      { relname: "account_emails", relrowsecurity: true, policies: 0 },
      { relname: "rate_limits", relrowsecurity: true, policies: 0 },
    ]);
  });

  // The built-in sign-in's own tables (users, sessions, throttle buckets, one-time email links:
  // sign-up and password reset tokens) are the server's, reached through the owner connection.
  it("gives no API role anything on the tables in auth", async () => {
    const rows = await db.query<{ name: string }>(
      `select n.nspname || '.' || c.relname as name
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
       cross join unnest($1::text[]) r(role)
       cross join unnest(array['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) p(privilege)
       where n.nspname = 'auth' and c.relkind in ('r', 'p') and has_table_privilege(r.role, c.oid, p.privilege)`,
      [API_ROLES],
    );
    const tables = await db.query<{ relname: string }>(
      `select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'auth' and c.relkind = 'r' order by 1`,
    );
    expect(tables.map((t) => t.relname)).toContain("email_tokens");
    expect(rows).toEqual([]);
  });

  for (const name of tables) {
    const spec = SPECS[name];
    if (!spec) {
      it(`${name}: has an RLS spec`, () => {
        expect.fail(
          `Table public.${name} has no entry in SPECS in tests/integration/rls-matrix.test.ts: ` +
            "add its row factories and expected capabilities.",
        );
      });
      continue;
    }
    describe(name, () => {
      for (const variant of spec.variants) {
        for (const op of OPS) {
          for (const actor of ACTORS) {
            const allowed = actor !== "outsider" && actor !== "anon" && variant.can[actor].includes(op);
            const who =
              actor === "outsider" ? "owner of org B" : actor === "anon" ? "anon" : `org A ${actor}`;
            it(`${variant.name}: ${op} as ${who} is ${allowed ? "allowed" : "refused"}`, async () => {
              await runCase(await world(), name, spec, variant, op, actor);
            });
          }
        }
      }
    });
  }

  // ---- rules the matrix's one-row-per-variant shape can't express ----

  describe("own rows and escalation", () => {
    it.each(["owner", "admin", "member", "in no organization"] as const)(
      "a user (%s) may create and edit their own profile but not delete it",
      async (role) => {
        const w = await world();
        const me = await createAuthUser(db);
        if (role !== "in no organization") {
          await db.query(`insert into public.memberships (org_id, user_id, role) values ($1, $2, $3)`, [
            w.orgA.orgId,
            me.id,
            role,
          ]);
        }
        expectSucceeded(
          await attempt(w, me, (tx) =>
            tx.execute(
              sql`insert into public.profiles (id, email, full_name) values (${me.id}, ${me.email}, 'Me')`,
            ),
          ),
        );
        expect(await ownerValue(w, "profiles", { id: me.id }, "full_name")).toBe("Me");
        const updated = await attempt(w, me, async (tx) =>
          affected(
            await tx.execute(sql`update public.profiles set full_name = 'Me too' where id = ${me.id}`),
          ),
        );
        expect(expectSucceeded(updated)).toBe(1);
        expect(await ownerValue(w, "profiles", { id: me.id }, "full_name")).toBe("Me too");
        expectRefused(
          await attempt(w, me, async (tx) =>
            affected(await tx.execute(sql`delete from public.profiles where id = ${me.id}`)),
          ),
          (n) => expect(n).toBe(0),
        );
        expect(await ownerCount(w, "profiles", { id: me.id })).toBe(1);
      },
    );

    it("nobody can create a profile for another user id, even one without a profile", async () => {
      const w = await world();
      const stranger = await createAuthUser(db);
      expectRefused(
        await attempt(w, "owner", (tx) =>
          tx.execute(sql`insert into public.profiles (id, email) values (${stranger.id}, ${stranger.email})`),
        ),
        () => expect.fail("insert was expected to be refused"),
      );
      expect(await ownerCount(w, "profiles", { id: stranger.id })).toBe(0);
    });

    it.each(["admin", "member"] as const)("a %s may leave the organization", async (role) => {
      const w = await world();
      const me = w.orgA.members[role];
      const n = expectSucceeded(
        await attempt(w, role, async (tx) =>
          affected(
            await tx.execute(
              sql`delete from public.memberships where org_id = ${w.orgA.orgId} and user_id = ${me.id}`,
            ),
          ),
        ),
      );
      expect(n).toBe(1);
      expect(await ownerCount(w, "memberships", { org_id: w.orgA.orgId, user_id: me.id })).toBe(0);
    });

    it("an admin cannot promote a member, or themselves, to owner", async () => {
      const w = await world();
      for (const target of [w.orgA.members.member, w.orgA.members.admin]) {
        const key = { org_id: w.orgA.orgId, user_id: target.id };
        const before = await ownerValue(w, "memberships", key, "role");
        expectRefused(
          await attempt(w, "admin", async (tx) =>
            affected(
              await tx.execute(
                sql`update public.memberships set role = 'owner' where org_id = ${w.orgA.orgId} and user_id = ${target.id}`,
              ),
            ),
          ),
          (n) => expect(n).toBe(0),
        );
        expect(await ownerValue(w, "memberships", key, "role")).toBe(before);
      }
    });

    it("a member cannot promote themselves", async () => {
      const w = await world();
      const key = { org_id: w.orgA.orgId, user_id: w.orgA.members.member.id };
      expectRefused(
        await attempt(w, "member", async (tx) =>
          affected(
            await tx.execute(
              sql`update public.memberships set role = 'admin' where org_id = ${key.org_id} and user_id = ${key.user_id}`,
            ),
          ),
        ),
        (n) => expect(n).toBe(0),
      );
      expect(await ownerValue(w, "memberships", key, "role")).toBe("member");
    });

    it("an admin cannot turn a member invitation into an owner invitation", async () => {
      const w = await world();
      const row = invitationRow(w, "member");
      await ownerInsert(w, "invitations", row);
      expectRefused(
        await attempt(w, "admin", async (tx) =>
          affected(await tx.execute(sql`update public.invitations set role = 'owner' where id = ${row.id}`)),
        ),
        (n) => expect(n).toBe(0),
      );
      expect(await ownerValue(w, "invitations", { id: row.id }, "role")).toBe("member");
    });

    it("the owner of org B cannot move org B's rows into org A", async () => {
      const w = await world();
      const invitation = { ...invitationRow(w, "member"), org_id: w.orgB.orgId };
      await ownerInsert(w, "invitations", invitation);
      expectRefused(
        await attempt(w, "outsider", async (tx) =>
          affected(
            await tx.execute(
              sql`update public.invitations set org_id = ${w.orgA.orgId} where id = ${invitation.id}`,
            ),
          ),
        ),
        (n) => expect(n).toBe(0),
      );
      expect(await ownerValue(w, "invitations", { id: invitation.id }, "org_id")).toBe(w.orgB.orgId);
      const outsider = w.orgB.members.outsider.id;
      expectRefused(
        await attempt(w, "outsider", async (tx) =>
          affected(
            await tx.execute(
              sql`update public.memberships set org_id = ${w.orgA.orgId} where org_id = ${w.orgB.orgId} and user_id = ${outsider}`,
            ),
          ),
        ),
        (n) => expect(n).toBe(0),
      );
      expect(await ownerCount(w, "memberships", { org_id: w.orgB.orgId, user_id: outsider })).toBe(1);
      expect(await ownerCount(w, "memberships", { org_id: w.orgA.orgId, user_id: outsider })).toBe(0);
    });
  });

  describe("the lead search helpers (security definer)", () => {
    /** `private.lead_ids_page` for `orgId` as `who`: every lead matching "%probe%", newest first. */
    const page = (w: World, who: Actor | TestUser, orgId: string, sort = "created") =>
      attempt(w, who, async (tx) =>
        rowsOf<{ id: string }>(
          await tx.execute(
            sql`select id::text from private.lead_ids_page(${orgId}::uuid, '%probe%', null, null, null, null, null,
              null, ${sort}, 'desc', 100, 0, true) as id`,
          ),
        ).map((r) => r.id),
      );
    it("answer a member for their own organization's live leads only, and nobody else at all", async () => {
      const w = await world();
      const campaignA = await seedCampaign(w);
      const live = await ownerInsertReturning(w, "leads", { ...leadRow(w, campaignA), first_name: "Probe" });
      await ownerInsertReturning(w, "leads", {
        ...leadRow(w, campaignA),
        first_name: "Probe",
        deleted_at: "2026-12-01T12:00:00.000Z",
      });
      const campaignB = await ownerInsertReturning(w, "campaigns", {
        org_id: w.orgB.orgId,
        name: "B",
        default_timezone: "America/New_York",
      });
      const leadB = await ownerInsertReturning(w, "leads", {
        ...leadRow(w, campaignB),
        org_id: w.orgB.orgId,
        first_name: "Probe",
      });
      for (const role of ["owner", "admin", "member"] as const) {
        expect(expectSucceeded(await page(w, role, w.orgA.orgId))).toEqual([live]);
      }
      // Org B's owner asking for org A, a signed-in user of no organization, and anon.
      expect(expectSucceeded(await page(w, "outsider", w.orgA.orgId))).toEqual([]);
      expect(expectSucceeded(await page(w, "outsider", w.orgB.orgId))).toEqual([leadB]);
      const loner = await createAuthUser(db);
      expect(expectSucceeded(await page(w, loner, w.orgA.orgId))).toEqual([]);
      const anon = await page(w, "anon", w.orgA.orgId);
      expect(anon.ok ? "allowed" : anon.code).toBe(DENIED);
      // The statement builder is the owner's alone; a sort outside the list is refused, not spliced.
      const builder = await attempt(w, "owner", (tx) =>
        tx.execute(
          sql`select private.lead_ids_page_sql('walk', true, false, false, false, false, false, null, 'created', 'desc')`,
        ),
      );
      expect(builder.ok ? "allowed" : builder.code).toBe(DENIED);
      const injected = await page(w, "owner", w.orgA.orgId, "created desc; select 1 --");
      expect(injected.ok ? "allowed" : injected.code).toBe("22023");
    });
  });

  it("has a table in the database for every spec", () => {
    expect(Object.keys(SPECS).filter((t) => !tables.includes(t))).toEqual([]);
  });
});
