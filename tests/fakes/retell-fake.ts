import { randomBytes } from "node:crypto";
import { z } from "zod";
import { bearer, type FakeServer, startFakeServer } from "./fake-server";

/*
 * A contract fake of Retell's call API (providers.md 1.1-1.3; retell-sdk 5.66.1
 * `CallCreatePhoneCallParams` / `PhoneCallResponse`), reached through the SDK's `baseURL`:
 * POST /v2/create-phone-call checks the documented body (E.164 numbers, string-valued dynamic
 * variables, nothing undocumented) and Bearer auth, and answers a `registered` call;
 * GET /v2/get-call/:callId answers the stored call or 404.
 */

const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, "must be E.164");

export const createPhoneCallBody = z
  .object({
    from_number: e164,
    to_number: e164,
    override_agent_id: z.string().min(1).optional(),
    override_agent_version: z.union([z.string(), z.number()]).optional(),
    agent_override: z.record(z.string(), z.unknown()).optional(),
    retell_llm_dynamic_variables: z.record(z.string(), z.string()).optional(),
    metadata: z.unknown().optional(),
    custom_sip_headers: z.record(z.string(), z.string()).optional(),
    ignore_e164_validation: z.boolean().optional(),
  })
  .strict();

export type FakeRetellCall = Record<string, unknown> & {
  call_id: string;
  call_status: "registered" | "not_connected" | "ongoing" | "ended" | "error";
};

export type RetellFake = FakeServer & {
  apiKey: string;
  /** Calls created through the fake, by call id. */
  calls: Map<string, FakeRetellCall>;
  /** Moves a call along (e.g. to ended with a disconnection reason), as Retell would. */
  updateCall(callId: string, patch: Partial<FakeRetellCall>): FakeRetellCall;
  /** Answers the next create-phone-call with an error status (401, 429, 500, ...). */
  failCreate(status: number, message?: string, times?: number): void;
};

const DEFAULT_AGENT = "agent_fake_default0000000000000";

export async function startRetellFake({
  apiKey = "key_fake_retell",
}: {
  apiKey?: string;
} = {}): Promise<RetellFake> {
  const calls = new Map<string, FakeRetellCall>();
  const auth = bearer(apiKey);
  const server = await startFakeServer("retell", [
    {
      method: "POST",
      path: "/v2/create-phone-call",
      headers: auth,
      body: createPhoneCallBody,
      handle(req) {
        const body = createPhoneCallBody.parse(req.body);
        const call: FakeRetellCall = {
          call_id: `call_${randomBytes(14).toString("hex")}`,
          call_type: "phone_call",
          agent_id: body.override_agent_id ?? DEFAULT_AGENT,
          agent_version: 1,
          call_status: "registered",
          direction: "outbound",
          from_number: body.from_number,
          to_number: body.to_number,
          ...(body.metadata === undefined ? {} : { metadata: body.metadata }),
          ...(body.retell_llm_dynamic_variables
            ? { retell_llm_dynamic_variables: body.retell_llm_dynamic_variables }
            : {}),
        };
        calls.set(call.call_id, call);
        return { status: 201, body: call };
      },
    },
    {
      method: "GET",
      path: "/v2/get-call/:callId",
      headers: auth,
      handle(req) {
        const call = calls.get(req.params.callId ?? "");
        return call ? { body: call } : { status: 404, body: { message: "Call not found" } };
      },
    },
  ]);
  return {
    ...server,
    apiKey,
    calls,
    updateCall(callId, patch) {
      const call = calls.get(callId);
      if (!call) throw new Error(`retell fake: no call ${callId}`);
      Object.assign(call, patch);
      return call;
    },
    failCreate(status, message = `fake ${status}`, times = 1) {
      server.failNext("POST", "/v2/create-phone-call", { status, body: { message } }, times);
    },
  };
}
