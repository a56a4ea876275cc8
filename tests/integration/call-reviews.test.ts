import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "@/lib/db/client";
import { callReviewCondition } from "@/lib/db/queries/call-reviews";
import { withUser } from "@/lib/db/with-user";
import { type ReviewListQuery, reviewListQuerySchema } from "@/lib/schemas/review";
import type { Actor } from "@/lib/services/organizations/roles";
import { getCallReviewView } from "@/lib/services/reviews/get-call-review";
import { listReviewQueue } from "@/lib/services/reviews/list-review-queue";
import {
  createReviewTag,
  deleteReviewTagById,
  renameReviewTagById,
} from "@/lib/services/reviews/manage-review-tags";
import { saveCallReview } from "@/lib/services/reviews/save-call-review";
import { insertCampaign, insertLead, nextPhone } from "../helpers/dialer-fixtures";
import { appErrorOf, createOrgWithMembers, pgErrorCode, type TestOrg } from "../helpers/fixtures";
import { createTestDb, type TestDb, testDbKinds } from "../helpers/test-db";

type Role = "owner" | "admin" | "member";
type Org = TestOrg<Role>;

const T0 = new Date("2026-12-01T15:00:00Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

// The cases run in order and build on each other: one organization's calls are reviewed step by step.
describe.each(testDbKinds())("call reviews on %s", (kind) => {
  let db: TestDb;
  let org: Org;
  let other: TestOrg<"owner">;
  let campaignA: string;
  let campaignB: string;
  /** Answered calls, oldest first: calls[0] at T0, calls[1] a minute later… */
  const calls: string[] = [];
  let noAnswer: string;
  let live: string;
  let otherCall: string;

  const actor = (role: Role): Actor => {
    const user = org.members[role];
    return { userId: user.id, email: user.email, orgId: org.orgId, role };
  };
  const as = <T>(role: Role, fn: Parameters<typeof withUser<T>>[1]) =>
    withUser(org.members[role].claims, fn, db.db);

  async function insertCallRow(
    orgId: string,
    campaignId: string,
    { result, status = "ended", createdAt }: { result: string | null; status?: string; createdAt: Date },
  ): Promise<string> {
    const phone = nextPhone();
    const leadId = await insertLead(db, orgId, campaignId, { phone, status: "not_interested" });
    const [row] = await db.query<{ id: string }>(
      `insert into public.calls (org_id, campaign_id, lead_id, attempt_no, status, result, provider, provider_account,
         to_number, deadline_at, created_at, duration_seconds)
       values ($1, $2, $3, 1, $4, $5::public.call_result, 'simulator', 'simulator:test', $6, $7, $7, 95) returning id`,
      [orgId, campaignId, leadId, status, result, phone, createdAt.toISOString()],
    );
    if (!row) throw new Error("call insert returned nothing");
    return row.id;
  }

  beforeAll(async () => {
    db = await createTestDb(kind);
    org = await createOrgWithMembers(db, { members: { owner: "owner", admin: "admin", member: "member" } });
    other = await createOrgWithMembers(db, { members: { owner: "owner" } });
    campaignA = await insertCampaign(db, org.orgId);
    campaignB = await insertCampaign(db, org.orgId);
    for (let i = 0; i < 4; i++) {
      calls.push(
        await insertCallRow(org.orgId, i < 3 ? campaignA : campaignB, {
          result: "answered",
          createdAt: at(i),
        }),
      );
    }
    noAnswer = await insertCallRow(org.orgId, campaignA, { result: "no_answer", createdAt: at(10) });
    live = await insertCallRow(org.orgId, campaignA, { result: null, status: "live", createdAt: at(11) });
    otherCall = await insertCallRow(other.orgId, await insertCampaign(db, other.orgId), {
      result: "answered",
      createdAt: at(0),
    });
  });
  afterAll(() => db?.destroy());

  const queue = (role: Role, q: Partial<ReviewListQuery>) =>
    as(role, (tx) => listReviewQueue({ tx, actor: actor(role), query: reviewListQuerySchema.parse(q) }));
  const ids = (list: { rows: { callId: string }[] }) => list.rows.map((r) => r.callId);

  it("lists answered calls nobody has reviewed, newest first, to every member", async () => {
    const list = await queue("member", {});
    expect(ids(list)).toEqual([...calls].reverse());
    expect(list.total).toBe(4);
    expect(ids(await queue("member", { campaignId: campaignB }))).toEqual([calls[3]]);
  });

  it("saves a review with score, tags, notes and flag, by the reviewer at the given time, audited without the notes", async () => {
    const objection = await as("owner", (tx) =>
      createReviewTag({ tx, actor: actor("owner"), input: { name: "Pricing objection" } }),
    );
    const saved = await as("owner", (tx) =>
      saveCallReview({
        tx,
        actor: actor("owner"),
        input: {
          callId: calls[0] as string,
          score: 2,
          tagIds: [objection.id],
          notes: "Talked over the lead.",
          flagged: true,
        },
        now: at(60),
      }),
    );
    expect(saved).toMatchObject({
      score: 2,
      tagIds: [objection.id],
      flagged: true,
      reviewerId: org.members.owner.id,
    });
    expect(saved.reviewedAt.toISOString()).toBe(at(60).toISOString());

    // A member reads it on the call page but may not write one.
    const view = await as("member", (tx) =>
      getCallReviewView({ tx, actor: actor("member"), callId: calls[0] as string }),
    );
    expect(view.canReview).toBe(false);
    expect(view.review).toMatchObject({
      score: 2,
      notes: "Talked over the lead.",
      reviewerName: expect.any(String),
    });
    expect(view.tags.map((t) => t.name)).toEqual(["Pricing objection"]);

    const [audit] = await db.query<{ action: string; actor_id: string; data: Record<string, unknown> }>(
      "select action, actor_id, data from public.audit_log where org_id = $1 and target_id = $2",
      [org.orgId, calls[0]],
    );
    expect(audit).toMatchObject({ action: "calls.review", actor_id: org.members.owner.id });
    expect(audit?.data).toEqual({ score: 2, flagged: true, tags: 1 });
  });

  it("moves a reviewed call out of 'to review' and into the reviewed, flagged and low-score queues", async () => {
    expect(ids(await queue("member", {}))).not.toContain(calls[0]);
    expect(ids(await queue("member", { queue: "reviewed" }))).toEqual([calls[0]]);
    expect(ids(await queue("member", { queue: "flagged" }))).toEqual([calls[0]]);
    expect(ids(await queue("member", { queue: "low" }))).toEqual([calls[0]]);
    const [row] = (await queue("member", { queue: "reviewed" })).rows;
    expect(row).toMatchObject({ score: 2, flagged: true, campaignId: campaignA, durationSeconds: 95 });
  });

  it("replaces the review on a second save (an admin), keeping the earlier score in the audit log", async () => {
    await as("admin", (tx) =>
      saveCallReview({
        tx,
        actor: actor("admin"),
        input: { callId: calls[0] as string, score: 5, tagIds: [], notes: "", flagged: false },
        now: at(90),
      }),
    );
    expect(ids(await queue("member", { queue: "flagged" }))).toEqual([]);
    expect(ids(await queue("member", { queue: "low" }))).toEqual([]);
    const [row] = (await queue("member", { queue: "reviewed" })).rows;
    expect(row).toMatchObject({ score: 5, flagged: false });
    const entries = await db.query<{ data: Record<string, unknown> }>(
      "select data from public.audit_log where org_id = $1 and target_id = $2 order by id",
      [org.orgId, calls[0]],
    );
    expect(entries.map((e) => e.data)).toEqual([
      { score: 2, flagged: true, tags: 1 },
      { score: 5, flagged: false, tags: 0, previousScore: 2, previousFlagged: true },
    ]);
  });

  it("refuses a member's review, an open call, another organization's call and a tag that isn't the organization's", async () => {
    const input = (callId: string, tagIds: string[] = []) => ({
      callId,
      score: 3,
      tagIds,
      notes: "",
      flagged: false,
    });
    const member = await appErrorOf(
      as("member", (tx) =>
        saveCallReview({ tx, actor: actor("member"), input: input(calls[1] as string), now: at(5) }),
      ),
    );
    expect(member.code).toBe("forbidden");
    const open = await appErrorOf(
      as("owner", (tx) => saveCallReview({ tx, actor: actor("owner"), input: input(live), now: at(5) })),
    );
    expect(open.code).toBe("conflict");
    const foreign = await appErrorOf(
      as("owner", (tx) => saveCallReview({ tx, actor: actor("owner"), input: input(otherCall), now: at(5) })),
    );
    expect(foreign.code).toBe("not_found");
    const [otherTag] = await db.query<{ id: string }>(
      "insert into public.review_tags (org_id, name) values ($1, 'Theirs') returning id",
      [other.orgId],
    );
    const tag = await appErrorOf(
      as("owner", (tx) =>
        saveCallReview({
          tx,
          actor: actor("owner"),
          input: input(calls[1] as string, [otherTag?.id as string]),
          now: at(5),
        }),
      ),
    );
    expect(tag.code).toBe("validation");
    expect(tag.details?.fields?.tagIds).toBeDefined();
  });

  it("RLS refuses an admin's review row that hangs off another organization's call", async () => {
    const error = await as("admin", (tx) =>
      tx.execute(sql`insert into public.call_reviews (call_id, org_id, campaign_id, score, reviewed_at)
                     values (${otherCall}, ${org.orgId}, ${campaignA}, 3, ${at(5).toISOString()})`),
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(pgErrorCode(error)).toBe("42501");
  });

  it("manages tags: a name taken in any case is refused, renames keep reviews, deleting takes the tag off them", async () => {
    const great = await as("admin", (tx) =>
      createReviewTag({ tx, actor: actor("admin"), input: { name: "Great close" } }),
    );
    const again = await appErrorOf(
      as("admin", (tx) => createReviewTag({ tx, actor: actor("admin"), input: { name: "great CLOSE" } })),
    );
    expect(again.code).toBe("conflict");
    expect(again.details?.fields?.name).toContain("already");
    const memberTry = await appErrorOf(
      as("member", (tx) => createReviewTag({ tx, actor: actor("member"), input: { name: "Mine" } })),
    );
    expect(memberTry.code).toBe("forbidden");

    await as("owner", (tx) =>
      saveCallReview({
        tx,
        actor: actor("owner"),
        input: { callId: calls[1] as string, score: 4, tagIds: [great.id], notes: "", flagged: false },
        now: at(100),
      }),
    );
    expect(ids(await queue("member", { queue: "reviewed", tagId: great.id }))).toEqual([calls[1]]);
    const clash = await appErrorOf(
      as("admin", (tx) =>
        renameReviewTagById({
          tx,
          actor: actor("admin"),
          input: { id: great.id, name: "pricing objection" },
        }),
      ),
    );
    expect(clash.code).toBe("conflict");
    const renamed = await as("admin", (tx) =>
      renameReviewTagById({ tx, actor: actor("admin"), input: { id: great.id, name: "Strong close" } }),
    );
    expect(renamed.name).toBe("Strong close");

    const deleted = await as("admin", (tx) =>
      deleteReviewTagById({ tx, actor: actor("admin"), input: { id: great.id } }),
    );
    expect(deleted.reviewsUntagged).toBe(1);
    expect(ids(await queue("member", { queue: "reviewed", tagId: great.id }))).toEqual([]);
    const [review] = await db.query<{ tag_ids: string[] }>(
      "select tag_ids from public.call_reviews where call_id = $1",
      [calls[1]],
    );
    expect(review?.tag_ids).toEqual([]);
    const actions = await db.query<{ action: string }>(
      "select action from public.audit_log where org_id = $1 and target_type = 'review_tags' order by id",
      [org.orgId],
    );
    expect(actions.map((a) => a.action)).toEqual([
      "review_tags.create",
      "review_tags.create",
      "review_tags.rename",
      "review_tags.delete",
    ]);
  });

  it("gives the calls log a review condition: reviewed, unreviewed, flagged, low", async () => {
    await as("owner", (tx) =>
      saveCallReview({
        tx,
        actor: actor("owner"),
        input: { callId: calls[2] as string, score: 1, tagIds: [], notes: "", flagged: true },
        now: at(120),
      }),
    );
    const matching = (filter: Parameters<typeof callReviewCondition>[0]) =>
      as("member", async (tx) =>
        rowsOf<{ id: string }>(
          await tx.execute(
            sql`select calls.id from public.calls where calls.org_id = ${org.orgId} and ${callReviewCondition(filter)} order by calls.created_at`,
          ),
        ).map((r) => r.id),
      );
    expect(await matching("reviewed")).toEqual([calls[0], calls[1], calls[2]]);
    expect(await matching("unreviewed")).toEqual([calls[3], noAnswer, live]);
    expect(await matching("flagged")).toEqual([calls[2]]);
    expect(await matching("low")).toEqual([calls[2]]);
  });
});
