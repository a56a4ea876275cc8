import { randomUUID } from "node:crypto";
import { z } from "zod";
import { bearer, type FakeServer, startFakeServer } from "./fake-server";

/*
 * A contract fake of Resend's POST /emails (providers.md section 5): Bearer auth, the documented
 * payload (`from` as "Name <address>" or an address, `to`, `subject`, `html`, `text`, `headers`,
 * `tags` as [{ name, value }] in ASCII letters, digits, `_` and `-`), and an `Idempotency-Key`
 * header on every send (we always send one). The same key twice answers the same id and
 * delivers once, as Resend does for 24 hours. `failNext` gives 429s with `retry-after`.
 */

const tagPart = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,256}$/, "tags allow ASCII letters, digits, _ and - (max 256)");
const address = z.string().refine((s) => {
  const inner = /<([^<>]+)>\s*$/.exec(s)?.[1] ?? s;
  return z.email().safeParse(inner.trim()).success || /^[^@\s]+@localhost$/.test(inner.trim());
}, "not an email address or `Name <address>`");

const sendBody = z
  .object({
    from: address,
    to: z.union([address, z.array(address).min(1).max(50)]),
    subject: z.string().min(1),
    html: z.string().min(1),
    text: z.string().min(1),
    headers: z.record(z.string(), z.string()).optional(),
    tags: z.array(z.object({ name: tagPart, value: tagPart }).strict()).optional(),
  })
  // The SDK sends undefined fields as absent; anything else unknown is a mistake on our side.
  .passthrough()
  .superRefine((body, ctx) => {
    const allowed = new Set([
      "from",
      "to",
      "subject",
      "html",
      "text",
      "headers",
      "tags",
      "reply_to",
      "cc",
      "bcc",
    ]);
    for (const key of Object.keys(body)) {
      if (!allowed.has(key))
        ctx.addIssue({ code: "custom", message: `unexpected field ${key}`, path: [key] });
    }
  });

export type ResendSent = { id: string; idempotencyKey: string; body: z.infer<typeof sendBody> };

export type ResendFake = FakeServer & {
  /** Emails actually accepted (one per idempotency key). */
  sent: ResendSent[];
};

export async function startResendFake(apiKey = "re_test_key"): Promise<ResendFake> {
  const sent: ResendSent[] = [];
  const byKey = new Map<string, { id: string; raw: string }>();
  const server = await startFakeServer("resend", [
    {
      method: "POST",
      path: "/emails",
      body: sendBody,
      headers: {
        ...bearer(apiKey),
        "idempotency-key": (v) => typeof v === "string" && v.length > 0 && v.length <= 256,
      },
      handle(req) {
        const key = String(req.headers["idempotency-key"]);
        const earlier = byKey.get(key);
        if (earlier) {
          // Same key with a different payload is Resend's 409 invalid_idempotent_request.
          if (earlier.raw !== req.rawBody) {
            return {
              status: 409,
              body: {
                statusCode: 409,
                name: "invalid_idempotent_request",
                message: "Same key, different payload",
              },
            };
          }
          return { body: { id: earlier.id } };
        }
        const id = randomUUID();
        byKey.set(key, { id, raw: req.rawBody });
        sent.push({ id, idempotencyKey: key, body: sendBody.parse(req.body) });
        return { body: { id } };
      },
    },
  ]);
  return Object.assign(server, { sent });
}

/** Resend's 429, as `failNext` reply. */
export const rateLimited = (retryAfterSeconds = 1) => ({
  status: 429,
  headers: { "retry-after": String(retryAfterSeconds) },
  body: {
    statusCode: 429,
    name: "rate_limit_exceeded",
    message: "Too many requests. You can only make 2 requests per second.",
  },
});
