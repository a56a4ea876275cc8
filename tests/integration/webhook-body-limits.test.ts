import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as retellTools } from "@/app/api/tools/retell/route";
import { POST as vapiTools } from "@/app/api/tools/vapi/route";
import { POST as unsubscribe } from "@/app/api/unsubscribe/[token]/route";
import { POST as calcom } from "@/app/api/webhooks/calcom/route";
import { POST as resend } from "@/app/api/webhooks/resend/route";
import { POST as retell } from "@/app/api/webhooks/retell/route";
import { POST as vapi } from "@/app/api/webhooks/vapi/route";
import { setDbHandle } from "@/lib/db";
import { setQueue } from "@/lib/integrations/queue";
import { WEBHOOK_BODY_LIMITS } from "@/lib/next/with-webhook";
import { recordingQueue } from "../helpers/dialer-fixtures";
import { createTestDb, type TestDb } from "../helpers/test-db";

const ROUTES: { path: string; post: (request: Request) => Promise<Response>; limit: number }[] = [
  { path: "/api/webhooks/retell", post: (r) => retell(r), limit: WEBHOOK_BODY_LIMITS.voice },
  { path: "/api/webhooks/vapi", post: (r) => vapi(r), limit: WEBHOOK_BODY_LIMITS.voice },
  { path: "/api/tools/retell", post: (r) => retellTools(r), limit: WEBHOOK_BODY_LIMITS.voice },
  { path: "/api/tools/vapi", post: (r) => vapiTools(r), limit: WEBHOOK_BODY_LIMITS.voice },
  { path: "/api/webhooks/resend", post: (r) => resend(r), limit: WEBHOOK_BODY_LIMITS.small },
  { path: "/api/webhooks/calcom", post: (r) => calcom(r), limit: WEBHOOK_BODY_LIMITS.small },
  {
    path: "/api/unsubscribe/tok",
    post: (r) => unsubscribe(r, { params: Promise.resolve({ token: "tok" }) }),
    limit: WEBHOOK_BODY_LIMITS.small,
  },
];

const CHUNK = 64 * 1024;

/** A 200 MB body made on demand, counting how much of it the route pulled. */
function hugeStream() {
  const pulled = { bytes: 0 };
  const chunk = new Uint8Array(CHUNK).fill(0x61);
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled.bytes >= 200 * 1024 * 1024) return controller.close();
      pulled.bytes += CHUNK;
      controller.enqueue(chunk);
    },
  });
  return { stream, pulled };
}

// Sizes only: no row can be written before the body is read, so PGlite is enough.
describe("webhook and tool routes refuse oversized bodies before reading them whole", () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb("pglite");
    setDbHandle(db);
    setQueue(recordingQueue());
  });
  afterAll(async () => {
    setDbHandle(undefined);
    setQueue(undefined);
    await db.destroy();
  });
  const stored = async () =>
    (await db.query<{ n: number }>("select count(*)::int as n from public.webhook_events"))[0]?.n;

  describe.each(ROUTES)("$path", ({ path, post, limit }) => {
    it("answers 413 to a declared Content-Length over the limit, without reading the body", async () => {
      const { stream, pulled } = hugeStream();
      const res = await post(
        new Request(`http://127.0.0.1${path}`, {
          method: "POST",
          headers: { "content-length": String(200 * 1024 * 1024) },
          body: stream,
          duplex: "half",
        } as RequestInit),
      );
      expect(res.status).toBe(413);
      expect((await res.json()).error).toMatch(/larger than \d+ MB/);
      expect(pulled.bytes).toBeLessThanOrEqual(2 * CHUNK);
      expect(await stored()).toBe(0);
    });

    it("answers 413 to a streamed body once it passes the limit, and stops pulling it", async () => {
      const { stream, pulled } = hugeStream();
      const res = await post(
        new Request(`http://127.0.0.1${path}`, {
          method: "POST",
          body: stream,
          duplex: "half",
        } as RequestInit),
      );
      expect(res.status).toBe(413);
      // Read up to the limit and at most a few chunks past it: 200 MB were never buffered.
      expect(pulled.bytes).toBeGreaterThan(limit);
      expect(pulled.bytes).toBeLessThanOrEqual(limit + 4 * CHUNK);
      expect(await stored()).toBe(0);
    });

    it("takes a body right at the limit and judges it on its signature", async () => {
      const res = await post(
        new Request(`http://127.0.0.1${path}`, { method: "POST", body: "x".repeat(limit) }),
      );
      expect(res.status).not.toBe(413);
      expect(await stored()).toBe(0);
    });
  });
});
