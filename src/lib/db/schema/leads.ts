import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  foreignKey,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { DIALABLE_LEAD_STATUSES, LEAD_STATUSES } from "../../leads/lead-statuses";
import { authUsers } from "./auth";
import { organizations } from "./tenancy";

export const campaignStatus = pgEnum("campaign_status", [
  "draft",
  "active",
  "paused",
  "completed",
  "archived",
]);

/** Design section 4: how a lead moves through the dialer. */
export const leadStatus = pgEnum("lead_status", LEAD_STATUSES);

/**
 * `'pending', 'callback'` written into a statement as constants, for `status in (…)`. The
 * planner uses the partial leads_dial_queue_idx only when it can prove a query's predicate
 * implies the index's, and it cannot see through bind parameters.
 */
export const dialableStatusList = sql.raw(DIALABLE_LEAD_STATUSES.map((s) => `'${s}'`).join(", "));

/**
 * The predicates of the partial lead indexes. A query reaches one of those indexes only when it
 * says `deleted_at is null` (or `is not null`) itself, literally: `leadFilterConditions` does.
 */
const live = sql`deleted_at is null`;
const trashed = sql`deleted_at is not null`;

/** Which voice adapter places a campaign's calls (design section 1: the simulator when no key is set). */
export const voiceProvider = pgEnum("voice_provider", ["simulator", "retell", "vapi"]);

export const timezoneSource = pgEnum("timezone_source", ["column", "inferred", "default"]);
export const dncSource = pgEnum("dnc_source", ["manual", "import", "call", "api"]);
/** `abandoned`: staging with no activity for hours; the tick freed its rows (it can be resumed). */
export const importStatus = pgEnum("import_status", [
  "staging",
  "completed",
  "failed",
  "cancelled",
  "abandoned",
]);
export const duplicateMode = pgEnum("duplicate_mode", ["skip", "update"]);
export const importRowStatus = pgEnum("import_row_status", [
  "valid",
  "rejected",
  "imported",
  "updated",
  "skipped",
]);

const orgId = () =>
  uuid("org_id")
    .notNull()
    .references(() => organizations.id, { onDelete: "cascade" });

/**
 * The organization of a row that also names its parent by `(id, org_id)` (a lead its campaign, a
 * staged row its import): that composite key already proves the organization exists, and the
 * parent's own key removes the row with the organization. A second key to organizations would
 * only add a check per row, the costliest part of an import after the search index
 * (docs/decisions/0012-search-and-import.md).
 */
const orgIdViaParent = () => uuid("org_id").notNull();

export const campaigns = pgTable(
  "campaigns",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: orgId(),
    name: text("name").notNull(),
    status: campaignStatus("status").notNull().default("draft"),
    /** IANA zone for leads whose own zone can't be found. */
    defaultTimezone: text("default_timezone").notNull(),
    /** Dial only leads with recorded consent (the dialer checks it at claim time). */
    requireConsent: boolean("require_consent").notNull().default(false),
    voiceProvider: voiceProvider("voice_provider").notNull().default("simulator"),
    /** Retell agent id or Vapi assistant id; the simulator needs none. */
    agentId: text("agent_id"),
    /** E.164 number the calls come from (Retell `from_number`, Vapi phone number id). */
    callerId: text("caller_id"),
    /** Local weekdays (0 = Sunday) and minutes after local midnight; always clamped into 08:00-21:00. */
    callingDays: integer("calling_days").array().notNull().default(sql`'{1,2,3,4,5}'::integer[]`),
    callingStartMinute: integer("calling_start_minute").notNull().default(540),
    callingEndMinute: integer("calling_end_minute").notNull().default(1200),
    /** Per call result: retry or not, and after how many minutes (src/lib/dialer/campaign-settings.ts). */
    retryPolicy: jsonb("retry_policy").$type<Record<string, unknown>>().notNull().default({}),
    maxAttempts: integer("max_attempts").notNull().default(3),
    /** Attempts per lead in any 24 hours (Florida and Oklahoma allow 3). */
    maxAttemptsPerDay: integer("max_attempts_per_day").notNull().default(2),
    maxConcurrentCalls: integer("max_concurrent_calls").notNull().default(5),
    /** Calls started per day in the campaign's default time zone; null = no cap. */
    dailyCallCap: integer("daily_call_cap"),
    /** Stop dialing once the campaign's calls cost this much; null = no cap. */
    spendCapCents: integer("spend_cap_cents"),
    /** Pause when at least this share (percent) of the last `breaker_window` ended calls failed; null = off. */
    breakerFailurePercent: integer("breaker_failure_percent").default(80),
    breakerWindow: integer("breaker_window").notNull().default(10),
    /** Why the dialer paused the campaign by itself (breaker, spend cap), shown on its page. */
    pausedReason: text("paused_reason"),
    /** Follow-up emails this campaign does not send (email kinds, e.g. `{missed_call}`). */
    disabledEmailKinds: text("disabled_email_kinds").array().notNull().default(sql`'{}'::text[]`),
    startedAt: timestamp("started_at", { withTimezone: true }),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    createdBy: uuid("created_by").references(() => authUsers.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("campaigns_active_idx").on(t.status).where(sql`status = 'active'`),
    index("campaigns_org_id_idx").on(t.orgId, t.createdAt.desc(), t.id.desc()),
    // Target of the composite foreign keys that keep a tenant's rows pointing at its own campaigns.
    unique("campaigns_id_org_id_key").on(t.id, t.orgId),
  ],
).enableRLS();

export const leadImports = pgTable(
  "lead_imports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: orgId(),
    campaignId: uuid("campaign_id").notNull(),
    fileName: text("file_name").notNull(),
    status: importStatus("status").notNull().default("staging"),
    duplicateMode: duplicateMode("duplicate_mode").notNull().default("skip"),
    /** Column mapping and bulk consent as chosen by the user. */
    options: jsonb("options").$type<Record<string, unknown>>().notNull().default({}),
    totalRows: integer("total_rows").notNull().default(0),
    importedCount: integer("imported_count").notNull().default(0),
    updatedCount: integer("updated_count").notNull().default(0),
    skippedCount: integer("skipped_count").notNull().default(0),
    rejectedCount: integer("rejected_count").notNull().default(0),
    /** Leads that arrived with a warning (an unusable email left out, a zone that fell back). */
    warnedCount: integer("warned_count").notNull().default(0),
    error: text("error"),
    /**
     * The file as the browser read it: size, data rows and a fingerprint of its bytes. The file
     * never reaches the server, so resuming means choosing it again; these tell it is the same.
     */
    fileBytes: bigint("file_bytes", { mode: "number" }),
    fileRows: integer("file_rows"),
    fileFingerprint: text("file_fingerprint"),
    /** Rows staged so far, and the last of them: batches arrive in file order, so 2..this are in. */
    stagedRows: integer("staged_rows").notNull().default(0),
    stagedThroughRow: integer("staged_through_row").notNull().default(0),
    /** Start, each staged batch, resume: the tick abandons a staging import idle for hours. */
    lastActivityAt: timestamp("last_activity_at", { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid("created_by").references(() => authUsers.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp("completed_at", { withTimezone: true }),
  },
  (t) => [
    index("lead_imports_org_id_idx").on(t.orgId, t.createdAt.desc()),
    // The tick's sweep of idle staging imports, across organizations.
    index("lead_imports_staging_idle_idx").on(t.lastActivityAt).where(sql`status = 'staging'`),
    // The import page's list of unfinished imports.
    index("lead_imports_unfinished_idx")
      .on(t.orgId, t.lastActivityAt.desc())
      .where(sql`status in ('staging', 'abandoned')`),
    index("lead_imports_campaign_id_idx").on(t.campaignId),
    unique("lead_imports_id_org_id_key").on(t.id, t.orgId),
    foreignKey({
      columns: [t.campaignId, t.orgId],
      foreignColumns: [campaigns.id, campaigns.orgId],
    }).onDelete("cascade"),
  ],
).enableRLS();

export const leads = pgTable(
  "leads",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: orgIdViaParent(),
    campaignId: uuid("campaign_id").notNull(),
    /** E.164. Unique within the campaign. */
    phone: text("phone").notNull(),
    phoneExtension: text("phone_extension"),
    firstName: text("first_name"),
    lastName: text("last_name"),
    company: text("company"),
    email: text("email"),
    /** IANA zone the dialer reads the calling window in. */
    timezone: text("timezone").notNull(),
    timezoneSource: timezoneSource("timezone_source").notNull(),
    /**
     * Set when the number maps to several zones: the dialer then requires the call time to be
     * allowed in every one of them.
     */
    timezoneCandidates: text("timezone_candidates").array(),
    consent: boolean("consent"),
    consentSource: text("consent_source"),
    consentAt: timestamp("consent_at", { withTimezone: true }),
    /** Unmapped import columns and API extras; passed to the agent as variables. */
    customFields: jsonb("custom_fields").$type<Record<string, string>>().notNull().default({}),
    status: leadStatus("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }),
    lastCalledAt: timestamp("last_called_at", { withTimezone: true }),
    /** Context variables for the next call (a scheduled single call); moved onto the call at claim. */
    nextCallContext: jsonb("next_call_context").$type<Record<string, string>>(),
    importId: uuid("import_id").references(() => leadImports.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    /**
     * In the trash since then (docs/security.md, "Deleting and erasing data"): every list, count,
     * search and the dialer leave the lead out; an admin may restore it until the tick erases it
     * 30 days later.
     */
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    deletedBy: uuid("deleted_by").references(() => authUsers.id, { onDelete: "set null" }),
    /** One lowercase string over name, company, email and phone, for trigram search. */
    searchText: text("search_text").generatedAlwaysAs(
      sql`lower(coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || coalesce(company, '') || ' ' || coalesce(email, '') || ' ' || phone)`,
    ),
  },
  (t) => [
    // Live leads only: a trashed lead and a new one with its number may exist side by side, and a
    // restore that would make two live leads of one number is refused (restore-leads.ts).
    uniqueIndex("leads_campaign_id_phone_key").on(t.campaignId, t.phone).where(live),
    // The lead table, its counts and the API list read live leads only, so their indexes hold
    // live leads only: the trash costs them nothing, and counts stay index-only scans.
    index("leads_org_id_created_at_idx").on(t.orgId, t.createdAt.desc(), t.id.desc()).where(live),
    index("leads_org_id_status_idx").on(t.orgId, t.status, t.createdAt.desc()).where(live),
    index("leads_campaign_id_created_at_idx").on(t.campaignId, t.createdAt.desc(), t.id.desc()).where(live),
    // Every lead, trashed or not: do-not-call marks them all, and an erase finds a person by number.
    index("leads_org_id_phone_idx").on(t.orgId, t.phone),
    index("leads_org_id_name_idx").on(t.orgId, t.lastName, t.firstName).where(live),
    // The lead table's other sort keys, so each first page is an index walk at a million leads.
    index("leads_org_id_company_idx").on(t.orgId, t.company, t.id).where(live),
    index("leads_org_id_attempts_idx").on(t.orgId, t.attempts, t.id).where(live),
    index("leads_org_id_last_called_at_idx").on(t.orgId, t.lastCalledAt.desc(), t.id.desc()).where(live),
    index("leads_org_id_timezone_idx").on(t.orgId, t.timezone, t.id).where(live),
    // The claim walks this per open time zone: dialable leads in due order (src/lib/services/dialer/claim-calls.ts).
    index("leads_dial_queue_idx")
      .on(t.campaignId, t.timezone, sql`coalesce(next_attempt_at, '-infinity'::timestamptz)`)
      .where(sql`status in (${dialableStatusList}) and deleted_at is null`),
    // The trash page (newest first) and the tick's purge of leads trashed 30 days ago.
    index("leads_trash_idx").on(t.orgId, t.deletedAt.desc(), t.id.desc()).where(trashed),
    index("leads_trash_purge_idx").on(t.deletedAt).where(trashed),
    index("leads_deleted_by_idx").on(t.deletedBy).where(sql`deleted_by is not null`),
    index("leads_import_id_idx").on(t.importId),
    unique("leads_id_org_id_key").on(t.id, t.orgId),
    // A lead can only belong to a campaign of its own organization, whoever writes it.
    foreignKey({
      columns: [t.campaignId, t.orgId],
      foreignColumns: [campaigns.id, campaigns.orgId],
    }).onDelete("cascade"),
  ],
).enableRLS();

/** Staging for an import: nothing reaches `leads` until the import is committed in one statement. */
export const leadImportRows = pgTable(
  "lead_import_rows",
  {
    importId: uuid("import_id").notNull(),
    orgId: orgIdViaParent(),
    /** The row number a person sees in a spreadsheet (the header is row 1). */
    rowNumber: integer("row_number").notNull(),
    status: importRowStatus("status").notNull(),
    /** Normalized lead for valid rows. */
    lead: jsonb("lead").$type<Record<string, unknown>>(),
    /** The original cells, so rejected and skipped rows can be handed back as CSV. */
    raw: jsonb("raw").$type<string[]>().notNull(),
    phone: text("phone"),
    reason: text("reason"),
  },
  (t) => [
    primaryKey({ columns: [t.importId, t.rowNumber] }),
    index("lead_import_rows_org_id_idx").on(t.orgId),
    // The commit matches written leads back to their staged rows by phone.
    index("lead_import_rows_import_id_phone_idx").on(t.importId, t.phone),
    foreignKey({
      columns: [t.importId, t.orgId],
      foreignColumns: [leadImports.id, leadImports.orgId],
    }).onDelete("cascade"),
  ],
).enableRLS();

/** A lead's history: creation, status changes, consent and do-not-call, written by triggers. */
export const leadEvents = pgTable(
  "lead_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    orgId: orgId(),
    leadId: uuid("lead_id").notNull(),
    type: text("type").notNull(),
    fromStatus: leadStatus("from_status"),
    toStatus: leadStatus("to_status"),
    actorId: uuid("actor_id").references(() => authUsers.id, { onDelete: "set null" }),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("lead_events_lead_id_idx").on(t.leadId, t.createdAt.desc(), t.id.desc()),
    index("lead_events_org_id_idx").on(t.orgId),
    foreignKey({ columns: [t.leadId, t.orgId], foreignColumns: [leads.id, leads.orgId] }).onDelete("cascade"),
  ],
).enableRLS();

/** Organization-wide do-not-call list. The dialer must check it at claim time, not only at import. */
export const doNotCall = pgTable(
  "do_not_call",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: orgId(),
    /** E.164. */
    phone: text("phone").notNull(),
    reason: text("reason"),
    source: dncSource("source").notNull(),
    addedBy: uuid("added_by").references(() => authUsers.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("do_not_call_org_id_phone_key").on(t.orgId, t.phone),
    // The list, newest first; numbers added at the same instant (an import) in number order.
    index("do_not_call_org_id_created_at_idx").on(t.orgId, t.createdAt.desc(), t.phone),
  ],
).enableRLS();

/** Organization API keys for CRMs. Only a SHA-256 of the key is stored; it is shown once. */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: orgId(),
    name: text("name").notNull(),
    /** The first characters of the key, to recognise it in the list. */
    prefix: text("prefix").notNull(),
    keyHash: text("key_hash").notNull().unique(),
    createdBy: uuid("created_by").references(() => authUsers.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("api_keys_org_id_idx").on(t.orgId)],
).enableRLS();
