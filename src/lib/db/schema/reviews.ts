import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { authUsers } from "./auth";
import { calls } from "./dialer";
import { campaigns } from "./leads";
import { organizations } from "./tenancy";

/** The organization's own review tags ("pricing objection", "great close"), managed in settings. */
export const reviewTags = pgTable(
  "review_tags",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  // One tag per name and organization, whatever its case; the settings list reads by name.
  (t) => [uniqueIndex("review_tags_org_id_name_key").on(t.orgId, sql`lower(${t.name})`)],
).enableRLS();

/**
 * One QA review per call: the latest reviewer's score, tags, notes and coaching flag. Earlier
 * versions live in the audit log (`calls.review`), scores and flags only. Deleted with its call,
 * so erasing a lead's calls takes the notes about them too.
 */
export const callReviews = pgTable(
  "call_reviews",
  {
    callId: uuid("call_id")
      .primaryKey()
      .references(() => calls.id, { onDelete: "cascade" }),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    /** The call's campaign, copied so the reviews list filters by campaign on its own index walk. */
    campaignId: uuid("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    score: smallint("score").notNull(),
    /** review_tags ids; a deleted tag is removed from every review in the same transaction. */
    tagIds: uuid("tag_ids").array().notNull().default(sql`'{}'::uuid[]`),
    notes: text("notes").notNull().default(""),
    /** Flagged for coaching: the call is worth going through with the team. */
    flagged: boolean("flagged").notNull().default(false),
    reviewerId: uuid("reviewer_id").references(() => authUsers.id, { onDelete: "set null" }),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("call_reviews_score_check", sql`${t.score} between 1 and 5`),
    // The reviews list, newest first (all reviews, low scores, by campaign or tag: filters of this
    // walk), ending in the key so equal times need no sort (docs/decisions/0010-list-plans.md).
    index("call_reviews_org_id_reviewed_at_idx").on(t.orgId, t.reviewedAt.desc(), t.callId.desc()),
    // Flagged calls, the coaching queue: few, and read often.
    index("call_reviews_flagged_idx").on(t.orgId, t.reviewedAt.desc(), t.callId.desc()).where(sql`flagged`),
  ],
).enableRLS();
