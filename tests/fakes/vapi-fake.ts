import { randomUUID } from "node:crypto";
import { z } from "zod";
import { bearer, type FakeServer, startFakeServer } from "./fake-server";

/*
 * A contract fake of Vapi's call API (providers.md 2.1-2.3; @vapi-ai/server-sdk 2.0.1
 * `CreateCallDto`, `Call`), reached through the SDK's `baseUrl`: POST /call checks the body
 * (only documented fields, an E.164 customer number, an assistant and a phone number id,
 * `assistantOverrides` with its documented fields) and Bearer auth, and answers a `queued` call
 * with `subscriptionLimits`; GET /call/:id answers the stored call or Vapi's 404 body;
 * GET /phone-number lists the account's numbers (`{ id, number, provider, status, ... }`).
 */

const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, "must be E.164");

const customer = z
  .object({
    number: e164,
    name: z.string().max(40).optional(),
    email: z.string().optional(),
    externalId: z.string().optional(),
    extension: z.string().optional(),
    numberE164CheckEnabled: z.boolean().optional(),
  })
  .strict();

const assistantOverrides = z
  .object({
    variableValues: z.record(z.string(), z.unknown()).optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
    firstMessage: z.string().optional(),
    maxDurationSeconds: z.number().optional(),
    serverMessages: z.array(z.string()).optional(),
    voicemailMessage: z.string().optional(),
  })
  .strict();

/** The CreateCallDto fields a phone call from a saved assistant uses; anything else is a violation. */
export const createCallBody = z
  .object({
    assistantId: z.string().min(1),
    assistantVersion: z.string().nullable().optional(),
    assistantOverrides: assistantOverrides.optional(),
    phoneNumberId: z.string().min(1),
    customer,
    name: z.string().max(40).optional(),
    schedulePlan: z.object({ earliestAt: z.string(), latestAt: z.string().optional() }).optional(),
  })
  .strict();

export type FakeVapiCall = Record<string, unknown> & {
  id: string;
  status: "scheduled" | "queued" | "ringing" | "in-progress" | "forwarding" | "ended";
};

export type VapiFake = FakeServer & {
  apiKey: string;
  /** Calls created through the fake, by id. */
  calls: Map<string, FakeVapiCall>;
  /** Moves a call along (e.g. to ended with an endedReason and analysis), as Vapi would. */
  updateCall(id: string, patch: Partial<FakeVapiCall>): FakeVapiCall;
  /** Answers the next POST /call with an error status and Vapi's NestJS-style error body. */
  failCreate(status: number, message?: string, times?: number): void;
  /** The account's phone numbers, as GET /phone-number lists them. */
  phoneNumbers: { id: string; number: string }[];
};

const ORG = "5a6b7c8d-0000-4000-8000-00000000a001";

/** The fake account's phone number: +1 212 555 0100, as the test campaigns' caller id. */
export const FAKE_VAPI_NUMBER = { id: "7d2f0c11-0a4e-4b43-9bd5-51e6a2c3f010", number: "+12125550100" };

export async function startVapiFake({
  apiKey = "vapi_fake_private_key",
}: {
  apiKey?: string;
} = {}): Promise<VapiFake> {
  const calls = new Map<string, FakeVapiCall>();
  const phoneNumbers = [{ ...FAKE_VAPI_NUMBER }];
  const auth = bearer(apiKey);
  const server = await startFakeServer("vapi", [
    {
      method: "POST",
      path: "/call",
      headers: auth,
      body: createCallBody,
      handle(req) {
        const body = createCallBody.parse(req.body);
        if (!phoneNumbers.some((n) => n.id === body.phoneNumberId)) {
          return {
            status: 400,
            body: { message: "Couldn't Get Phone Number.", error: "Bad Request", statusCode: 400 },
          };
        }
        const at = new Date().toISOString();
        const call: FakeVapiCall = {
          id: randomUUID(),
          orgId: ORG,
          type: "outboundPhoneCall",
          status: "queued",
          createdAt: at,
          updatedAt: at,
          assistantId: body.assistantId,
          phoneNumberId: body.phoneNumberId,
          customer: body.customer,
          ...(body.assistantOverrides ? { assistantOverrides: body.assistantOverrides } : {}),
          phoneCallProvider: "twilio",
          phoneCallTransport: "pstn",
        };
        calls.set(call.id, call);
        return {
          status: 201,
          body: {
            ...call,
            subscriptionLimits: {
              concurrencyBlocked: false,
              concurrencyLimit: 10,
              remainingConcurrentCalls: 9,
            },
          },
        };
      },
    },
    {
      method: "GET",
      path: "/call/:id",
      headers: auth,
      handle(req) {
        const call = calls.get(req.params.id ?? "");
        return call ? { body: call } : { status: 404, body: { message: "Not Found", statusCode: 404 } };
      },
    },
    {
      method: "GET",
      path: "/phone-number",
      headers: auth,
      query: z.object({ limit: z.coerce.number().int().min(0).max(1000).optional() }).strict(),
      handle() {
        const at = "2026-11-01T12:00:00.000Z";
        return {
          body: phoneNumbers.map((n) => ({
            ...n,
            provider: "vapi",
            orgId: ORG,
            status: "active",
            createdAt: at,
            updatedAt: at,
          })),
        };
      },
    },
  ]);
  return {
    ...server,
    apiKey,
    calls,
    phoneNumbers,
    updateCall(id, patch) {
      const call = calls.get(id);
      if (!call) throw new Error(`vapi fake: no call ${id}`);
      Object.assign(call, patch, { updatedAt: new Date().toISOString() });
      return call;
    },
    failCreate(status, message = `fake ${status}`, times = 1) {
      const error = status === 401 ? "Unauthorized" : status === 429 ? "Too Many Requests" : "Error";
      server.failNext("POST", "/call", { status, body: { message, error, statusCode: status } }, times);
    },
  };
}
