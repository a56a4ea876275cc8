import { createHash, randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GET as cronTick } from "@/app/api/cron/tick/route";
import { POST as queuePost } from "@/app/api/queue/[job]/route";
import { resetEnvCache } from "@/env";
import { setDbHandle } from "@/lib/db";
import { setQueue } from "@/lib/integrations/queue";
import { insertCampaign, insertLead, recordingQueue } from "../helpers/dialer-fixtures";
import { createOrgWithMembers } from "../helpers/fixtures";
import { createTestDb, type TestDb, testDbKinds } from "../helpers/test-db";

const SECRET = "cron-secret-for-tests-0123456789";
const CURRENT = "sig_current_test_key";
const NEXT = "sig_next_test_key";
const ORIGIN = "https://dialer.test";

async function sign(url: string, body: string, key = CURRENT): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ body: createHash("sha256").update(body).digest("base64url") })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer("Upstash")
    .setSubject(url)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + 300)
    .setJti(randomUUID())
    .sign(new TextEncoder().encode(key));
}

function cron(auth?: string): Promise<Response> {
  const headers = new Headers();
  if (auth !== undefined) headers.set("authorization", auth);
  return cronTick(new Request(`${ORIGIN}/api/cron/tick`, { headers }));
}

function deliver(job: string, body: string, signature?: string): Promise<Response> {
  const headers = new Headers({ "content-type": "application/json" });
  if (signature) headers.set("upstash-signature", signature);
  return queuePost(new Request(`${ORIGIN}/api/queue/${job}`, { method: "POST", headers, body }), {
    params: Promise.resolve({ job }),
  });
}

describe.each(testDbKinds())("cron and queue routes on %s", (kind) => {
  let db: TestDb;
  let orgId: string;
  let queue: ReturnType<typeof recordingQueue>;
  const saved = { ...process.env };

  async function callCount(): Promise<number> {
    const [row] = await db.query<{ n: number }>(`select count(*)::int as n from public.calls`);
    return row?.n ?? -1;
  }

  beforeAll(async () => {
    db = await createTestDb(kind);
    setDbHandle(db);
    Object.assign(process.env, {
      CRON_SECRET: SECRET,
      QSTASH_CURRENT_SIGNING_KEY: CURRENT,
      QSTASH_NEXT_SIGNING_KEY: NEXT,
      APP_URL: ORIGIN,
    });
    resetEnvCache();
    orgId = (await createOrgWithMembers(db, { members: { owner: "owner" } })).orgId;
  });
  beforeEach(() => {
    queue = recordingQueue();
    setQueue(queue);
  });
  afterAll(async () => {
    process.env = saved;
    resetEnvCache();
    setQueue(undefined);
    setDbHandle(undefined);
    await db.destroy();
  });

  it("refuses a tick without the right cron secret and writes nothing", async () => {
    const campaignId = await insertCampaign(db, orgId);
    await insertLead(db, orgId, campaignId);
    for (const auth of [undefined, "", "Bearer", "Bearer wrong", `Basic ${SECRET}`, `Bearer ${SECRET}x`]) {
      expect((await cron(auth)).status, String(auth)).toBe(401);
    }
    expect(await callCount()).toBe(0);
    expect(queue.jobs).toHaveLength(0);
  });

  it("runs the tick with the cron secret", async () => {
    const response = await cron(`Bearer ${SECRET}`);
    expect(response.status).toBe(200);
    // The clock is real here, so whether the lead is inside its window depends on when the test runs.
    const summary = (await response.json()) as { campaigns: number; claimed: number };
    expect(summary.campaigns).toBeGreaterThanOrEqual(1);
    expect(await callCount()).toBe(summary.claimed);
    expect(queue.jobs).toHaveLength(summary.claimed);
  });

  it("answers 503 with what to set when CRON_SECRET is missing", async () => {
    delete process.env.CRON_SECRET;
    resetEnvCache();
    try {
      const response = await cron(`Bearer ${SECRET}`);
      expect(response.status).toBe(503);
      expect(JSON.stringify(await response.json())).toContain("CRON_SECRET");
    } finally {
      process.env.CRON_SECRET = SECRET;
      resetEnvCache();
    }
  });

  it("refuses a queue delivery with a missing or bad signature and writes nothing", async () => {
    const before = await callCount();
    const body = JSON.stringify({ type: "tick" });
    const url = `${ORIGIN}/api/queue/tick`;
    const bad = [
      undefined,
      "not-a-jwt",
      await sign(url, body, "sig_some_other_key"),
      await sign(url, JSON.stringify({ type: "tick", campaignId: randomUUID() })),
      await sign(`${ORIGIN}/api/queue/dispatch-call`, body),
    ];
    for (const signature of bad) expect((await deliver("tick", body, signature)).status).toBe(401);
    expect(await callCount()).toBe(before);
    expect(queue.jobs).toHaveLength(0);
  });

  it("runs a signed job, with the current or the next key", async () => {
    const body = JSON.stringify({ type: "dispatch-call", callId: randomUUID() });
    const url = `${ORIGIN}/api/queue/dispatch-call`;
    const response = await deliver("dispatch-call", body, await sign(url, body));
    expect(response.status).toBe(200);
    // No such call: a duplicate or stale delivery is acknowledged and skipped.
    expect(await response.json()).toEqual({ ok: true, result: { status: "skipped" } });
    expect((await deliver("dispatch-call", body, await sign(url, body, NEXT))).status).toBe(200);
  });

  it("tells QStash not to retry a malformed job", async () => {
    const body = JSON.stringify({ type: "dispatch-call", callId: "nope" });
    const response = await deliver(
      "dispatch-call",
      body,
      await sign(`${ORIGIN}/api/queue/dispatch-call`, body),
    );
    expect(response.status).toBe(489);
    expect(response.headers.get("upstash-nonretryable-error")).toBe("true");
  });
});
