import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as oneClickPost } from "@/app/api/unsubscribe/[token]/route";
import { POST as resendPost } from "@/app/api/webhooks/resend/route";
import { resetEnvCache } from "@/env";
import { setDbHandle } from "@/lib/db";
import { withService } from "@/lib/db/with-user";
import type { MailWebhookHeaders } from "@/lib/integrations/mail";
import { setQueue } from "@/lib/integrations/queue";
import { acceptResendEvent } from "@/lib/services/email/accept-resend-event";
import { findUnsubscribe, maskAddress, unsubscribeByToken } from "@/lib/services/email/unsubscribe";
import { suppressionReason } from "@/lib/services/email/write-email";
import { proxy } from "@/proxy";
import { insertCampaign, insertLead, recordingQueue } from "../helpers/dialer-fixtures";
import { createOrgWithMembers } from "../helpers/fixtures";
import { createTestDb, type TestDb, testDbKinds } from "../helpers/test-db";

const SECRET = `whsec_${randomBytes(24).toString("base64")}`;
const OTHER_SECRET = `whsec_${randomBytes(24).toString("base64")}`;

/** Svix/Standard Webhooks signing, written out here so the test does not trust the verifier's own code. */
function sign(body: string, { secret = SECRET, id = `msg_${randomUUID()}`, at = new Date() } = {}) {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const key = Buffer.from(secret.slice("whsec_".length), "base64");
  const signature = createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64");
  return { id, timestamp, signature: `v1,${signature}` };
}

type EmailRow = {
  status: string;
  reason: string | null;
  delivered_at: Date | null;
};

describe.each(testDbKinds())("Resend delivery events and unsubscribe (%s)", (kind) => {
  let db: TestDb;
  let orgId: string;
  let orgName: string;
  let campaignId: string;

  beforeAll(async () => {
    db = await createTestDb(kind);
    setDbHandle(db);
    setQueue(recordingQueue());
    const org = await createOrgWithMembers(db, { name: "Acme Roofing", members: { owner: "owner" } });
    orgId = org.orgId;
    orgName = org.name;
    campaignId = await insertCampaign(db, orgId);
  });
  afterAll(async () => {
    setDbHandle(undefined);
    setQueue(undefined);
    delete process.env.RESEND_WEBHOOK_SECRET;
    resetEnvCache();
    await db.destroy();
  });
  beforeEach(() => {
    process.env.RESEND_WEBHOOK_SECRET = SECRET;
    resetEnvCache();
  });

  /** A sent email (to a fresh address unless given) with a Resend id and an unsubscribe token. */
  async function sentEmail(over: { to?: string; status?: string } = {}) {
    const to = over.to ?? `lead-${randomBytes(4).toString("hex")}@example.test`;
    const leadId = await insertLead(db, orgId, campaignId);
    await db.query("update public.leads set email = $1 where id = $2", [to, leadId]);
    const providerMessageId = randomUUID();
    const token = randomBytes(24).toString("base64url");
    const [row] = await db.query<{ id: string }>(
      `insert into public.emails (org_id, lead_id, campaign_id, kind, dedupe_key, transport, status, to_address,
         from_address, subject, html, text, provider_message_id, unsubscribe_token, sent_at)
       values ($1, $2, $3, 'missed_call', $4, 'resend', $5, $6, 'Acme <hello@acme.test>', 'Sorry we missed you',
         '<p>Hi</p>', 'Hi', $7, $8, now()) returning id`,
      [
        orgId,
        leadId,
        campaignId,
        `missed_call/${randomUUID()}/${leadId}`,
        over.status ?? "sent",
        to,
        providerMessageId,
        token,
      ],
    );
    return { id: row!.id, leadId, to, providerMessageId, token };
  }

  const emailRow = async (id: string) =>
    (
      await db.query<EmailRow>("select status, reason, delivered_at from public.emails where id = $1", [id])
    )[0]!;
  const suppressions = (address: string) =>
    db.query<{ reason: string; email_id: string | null }>(
      "select reason, email_id from public.email_suppressions where org_id = $1 and email = $2",
      [orgId, address.toLowerCase()],
    );
  /** What the sending code decides for a later follow-up to this address (null: it would be sent). */
  const nextFollowUp = (address: string) =>
    withService(
      (tx) =>
        suppressionReason(tx, orgId, { email: address, status: "pending", onDnc: false, trashed: false }),
      db.db,
    );
  const storedEvents = async () =>
    Number(
      (
        await db.query<{ n: number | string }>(
          "select count(*) as n from public.webhook_events where provider = 'resend'",
        )
      )[0]!.n,
    );

  const event = (
    type: string,
    email: { providerMessageId: string; id: string; to: string },
    data: object = {},
  ) =>
    JSON.stringify({
      type,
      created_at: new Date().toISOString(),
      data: {
        email_id: email.providerMessageId,
        from: "Acme <hello@acme.test>",
        to: [email.to],
        subject: "Sorry we missed you",
        created_at: new Date().toISOString(),
        // Resend delivers tags as an object.
        tags: { email_id: email.id, org_id: orgId },
        ...data,
      },
    });

  /** Posts a body to the webhook route with the given Svix headers (or signed with SECRET). */
  const post = (body: string, headers: Partial<MailWebhookHeaders> | null = sign(body)) => {
    const h = new Headers({ "content-type": "application/json" });
    if (headers?.id) h.set("svix-id", headers.id);
    if (headers?.timestamp) h.set("svix-timestamp", headers.timestamp);
    if (headers?.signature) h.set("svix-signature", headers.signature);
    return resendPost(
      new Request("http://localhost/api/webhooks/resend", { method: "POST", headers: h, body }),
    );
  };

  describe("signature", () => {
    it.each([
      [
        "a tampered body",
        (body: string) => ({ body: body.replace("email.delivered", "email.bounced"), headers: sign(body) }),
      ],
      ["the wrong secret", (body: string) => ({ body, headers: sign(body, { secret: OTHER_SECRET }) })],
      [
        "a stale timestamp",
        (body: string) => ({ body, headers: sign(body, { at: new Date(Date.now() - 10 * 60_000) }) }),
      ],
      ["no svix-signature", (body: string) => ({ body, headers: { ...sign(body), signature: null } })],
      ["no svix-id", (body: string) => ({ body, headers: { ...sign(body), id: null } })],
      ["no svix-timestamp", (body: string) => ({ body, headers: { ...sign(body), timestamp: null } })],
      ["no headers at all", (body: string) => ({ body, headers: null })],
    ])("%s: 401 and nothing written", async (_label, make) => {
      const email = await sentEmail();
      const before = await storedEvents();
      const { body, headers } = make(event("email.delivered", email));
      const res = await post(body, headers);
      expect(res.status).toBe(401);
      expect(await storedEvents()).toBe(before);
      expect((await emailRow(email.id)).status).toBe("sent");
    });

    it("no RESEND_WEBHOOK_SECRET configured: 401 even for a correctly signed body, nothing written", async () => {
      delete process.env.RESEND_WEBHOOK_SECRET;
      resetEnvCache();
      const email = await sentEmail();
      const before = await storedEvents();
      const res = await post(event("email.bounced", email, { bounce: { type: "Permanent", message: "x" } }));
      expect(res.status).toBe(401);
      expect(await storedEvents()).toBe(before);
      expect((await emailRow(email.id)).status).toBe("sent");
      expect(await suppressions(email.to)).toEqual([]);
    });

    it("a signed body that is not a Resend event: 422, nothing written", async () => {
      const before = await storedEvents();
      const res = await post(JSON.stringify({ hello: "world" }));
      expect(res.status).toBe(422);
      expect(await storedEvents()).toBe(before);
    });
  });

  describe("delivery events", () => {
    it("delivered: status delivered with delivered_at; the event is stored under its svix-id", async () => {
      const email = await sentEmail();
      const body = event("email.delivered", email);
      const headers = sign(body);
      const res = await post(body, headers);
      expect(res.status).toBe(200);
      const row = await emailRow(email.id);
      expect(row.status).toBe("delivered");
      expect(row.delivered_at).not.toBeNull();
      const [stored] = await db.query<{
        org_id: string;
        type: string;
        processed_at: unknown;
        error: string | null;
      }>(
        "select org_id, type, processed_at, error from public.webhook_events where provider = 'resend' and event_key = $1",
        [headers.id],
      );
      expect(stored).toMatchObject({ org_id: orgId, type: "email.delivered", error: null });
      expect(stored!.processed_at).not.toBeNull();
    });

    it("the same delivery twice: acknowledged as a duplicate, stored once, nothing changes", async () => {
      const email = await sentEmail();
      const body = event("email.delivered", email);
      const headers = sign(body);
      expect((await post(body, headers)).status).toBe(200);
      const first = await emailRow(email.id);
      const before = await storedEvents();
      const again = await post(body, headers);
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual({ ok: true, duplicate: true });
      expect(await storedEvents()).toBe(before);
      expect(await emailRow(email.id)).toEqual(first);
    });

    it("hard bounce: bounced with the reason, and the address is suppressed", async () => {
      const email = await sentEmail({ to: `Bounce-${randomBytes(3).toString("hex")}@Example.test` });
      const res = await post(
        event("email.bounced", email, {
          bounce: { type: "Permanent", subType: "General", message: "The mailbox does not exist." },
        }),
      );
      expect(res.status).toBe(200);
      const row = await emailRow(email.id);
      expect(row.status).toBe("bounced");
      expect(row.reason).toContain("Permanent");
      expect(row.reason).toContain("The mailbox does not exist.");
      // Lower-cased, as the sending code looks it up: a later follow-up to this address is skipped.
      expect(await suppressions(email.to)).toEqual([{ reason: "bounced", email_id: email.id }]);
      expect(await nextFollowUp(email.to)).toBe("bounced");
    });

    it("soft bounce: bounced, but the address is not suppressed", async () => {
      const email = await sentEmail();
      await post(
        event("email.bounced", email, {
          bounce: { type: "Transient", subType: "MailboxFull", message: "Full." },
        }),
      );
      const row = await emailRow(email.id);
      expect(row.status).toBe("bounced");
      expect(row.reason).toContain("Transient");
      expect(await suppressions(email.to)).toEqual([]);
      expect(await nextFollowUp(email.to)).toBeNull();
    });

    it("complaint: complained, and the address is suppressed for the organization", async () => {
      const email = await sentEmail();
      expect((await post(event("email.complained", email))).status).toBe(200);
      expect((await emailRow(email.id)).status).toBe("complained");
      expect(await suppressions(email.to)).toEqual([{ reason: "complained", email_id: email.id }]);
      expect(await nextFollowUp(email.to)).toBe("complained");
    });

    it("failed: failed with Resend's reason", async () => {
      const email = await sentEmail();
      await post(event("email.failed", email, { failed: { reason: "reached_daily_quota" } }));
      const row = await emailRow(email.id);
      expect(row.status).toBe("failed");
      expect(row.reason).toBe("reached_daily_quota");
    });

    it("delivered after bounced (out of order): stays bounced", async () => {
      const email = await sentEmail();
      await post(event("email.bounced", email, { bounce: { type: "Permanent", message: "Gone." } }));
      expect((await post(event("email.delivered", email))).status).toBe(200);
      const row = await emailRow(email.id);
      expect(row.status).toBe("bounced");
      expect(row.delivered_at).toBeNull();
    });

    it("bounce after a complaint keeps the complaint; opened/clicked are stored and change nothing", async () => {
      const email = await sentEmail();
      await post(event("email.complained", email));
      await post(event("email.bounced", email, { bounce: { type: "Transient", message: "Later." } }));
      const before = await storedEvents();
      await post(event("email.opened", email));
      expect(await storedEvents()).toBe(before + 1);
      expect((await emailRow(email.id)).status).toBe("complained");
    });

    it("found by the email_id tag when Resend's id is not on the row yet", async () => {
      const email = await sentEmail();
      await db.query("update public.emails set provider_message_id = null where id = $1", [email.id]);
      await post(event("email.delivered", { ...email, providerMessageId: randomUUID() }));
      expect((await emailRow(email.id)).status).toBe("delivered");
    });

    it("an event for an email we do not know is stored without an organization and changes nothing", async () => {
      const body = JSON.stringify({
        type: "email.delivered",
        data: { email_id: randomUUID(), to: ["x@y.test"] },
      });
      const headers = sign(body);
      expect((await post(body, headers)).status).toBe(200);
      const [stored] = await db.query<{ org_id: string | null }>(
        "select org_id from public.webhook_events where provider = 'resend' and event_key = $1",
        [headers.id],
      );
      expect(stored).toEqual({ org_id: null });
    });

    it("the service refuses a signature made with another secret than the one it is given", async () => {
      const email = await sentEmail();
      const body = event("email.complained", email);
      await expect(
        acceptResendEvent({
          db: db.db,
          rawBody: body,
          headers: sign(body),
          secret: OTHER_SECRET,
          now: new Date(),
          queue: recordingQueue(),
        }),
      ).rejects.toMatchObject({ code: "unauthorized" });
      expect(await suppressions(email.to)).toEqual([]);
    });
  });

  describe("unsubscribe", () => {
    it("by token: shows the organization and a masked address, then suppresses the address once", async () => {
      const email = await sentEmail();
      const view = await findUnsubscribe(db.db, email.token);
      expect(view).toEqual({ orgName, maskedAddress: maskAddress(email.to), unsubscribed: false });
      expect(view!.maskedAddress).not.toContain(email.to.split("@")[0]);

      const first = await unsubscribeByToken({ db: db.db, token: email.token, now: new Date() });
      expect(first).toMatchObject({ added: true, unsubscribed: true, orgName });
      const second = await unsubscribeByToken({ db: db.db, token: email.token, now: new Date() });
      expect(second.added).toBe(false);
      expect(await suppressions(email.to)).toEqual([{ reason: "unsubscribed", email_id: email.id }]);
      expect((await findUnsubscribe(db.db, email.token))?.unsubscribed).toBe(true);
      expect(await nextFollowUp(email.to)).toBe("unsubscribed");
    });

    it("one-click POST (RFC 8058): 200 and one suppression, also when clicked twice", async () => {
      const email = await sentEmail();
      const click = () =>
        oneClickPost(
          new Request(`http://localhost/api/unsubscribe/${email.token}`, {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded" },
            body: "List-Unsubscribe=One-Click",
          }),
          { params: Promise.resolve({ token: email.token }) },
        );
      expect((await click()).status).toBe(200);
      expect((await click()).status).toBe(200);
      expect(await suppressions(email.to)).toEqual([{ reason: "unsubscribed", email_id: email.id }]);
    });

    it("an address already suppressed by a bounce keeps its first reason", async () => {
      const email = await sentEmail();
      await post(event("email.bounced", email, { bounce: { type: "Permanent", message: "Gone." } }));
      await unsubscribeByToken({ db: db.db, token: email.token, now: new Date() });
      expect(await suppressions(email.to)).toEqual([{ reason: "bounced", email_id: email.id }]);
    });

    it("the page is public, and a one-click POST to the page's address reaches the one-click route", async () => {
      const page = await proxy(new NextRequest("http://localhost/unsubscribe/some-token-0123456789"));
      expect(page.headers.get("location")).toBeNull();
      const oneClick = await proxy(
        new NextRequest("http://localhost/unsubscribe/some-token-0123456789", {
          method: "POST",
          body: "List-Unsubscribe=One-Click",
        }),
      );
      expect(oneClick.headers.get("x-middleware-rewrite")).toBe(
        "http://localhost/api/unsubscribe/some-token-0123456789",
      );
      // The page's own confirm button is a server action: it stays on the page.
      const action = await proxy(
        new NextRequest("http://localhost/unsubscribe/some-token-0123456789", {
          method: "POST",
          headers: { "next-action": "abc" },
        }),
      );
      expect(action.headers.get("x-middleware-rewrite")).toBeNull();
      // Other pages still need a session.
      const dashboard = await proxy(new NextRequest("http://localhost/campaigns"));
      expect(dashboard.headers.get("location")).toContain("/sign-in");
    });

    it("an unknown or malformed token is refused and writes nothing", async () => {
      const before = await db.query("select id from public.email_suppressions where org_id = $1", [orgId]);
      for (const token of [
        randomBytes(24).toString("base64url"),
        "short",
        "../../etc/passwd",
        "x".repeat(500),
      ]) {
        expect(await findUnsubscribe(db.db, token)).toBeNull();
        await expect(unsubscribeByToken({ db: db.db, token, now: new Date() })).rejects.toMatchObject({
          code: "not_found",
        });
        const res = await oneClickPost(
          new Request(`http://localhost/api/unsubscribe/x`, { method: "POST" }),
          {
            params: Promise.resolve({ token }),
          },
        );
        expect(res.status).toBe(404);
      }
      expect(await db.query("select id from public.email_suppressions where org_id = $1", [orgId])).toEqual(
        before,
      );
    });
  });
});
