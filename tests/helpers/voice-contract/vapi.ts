import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import { POST as toolRoute } from "@/app/api/tools/vapi/route";
import { POST as webhookRoute } from "@/app/api/webhooks/vapi/route";
import { encryptionKey } from "@/lib/crypto/encryption-key";
import { seal } from "@/lib/crypto/secret-box";
import type { StartCallInput } from "@/lib/integrations/voice/types";
import { createVapiVoice } from "@/lib/integrations/voice/vapi/vapi-voice";
import { signVapiBody, vapiAuthHeaders } from "@/lib/integrations/voice/vapi/verify-request";
import { credentialAad } from "@/lib/services/credentials/provider-credentials";
import { acceptVapiTool } from "@/lib/services/tools/accept-vapi-tool";
import { FAKE_VAPI_NUMBER, startVapiFake, type VapiFake } from "../../fakes/vapi-fake";
import {
  type PayloadIds,
  type Proof,
  type ProviderFake,
  START_IDS,
  START_METADATA,
  type VoiceDriver,
} from "./driver";

const FIXTURES = path.resolve(import.meta.dirname, "../../fixtures/vapi");
export const VAPI_ASSISTANT = "0b5e1c6d-4f0e-4b9a-9a41-2e6f1d0c9b77";
export const VAPI_PHONE_NUMBER_ID = FAKE_VAPI_NUMBER.id;
/** The tool call id in tests/fixtures/vapi/tool-calls.json. */
const TOOL_CALL_ID = "call_Ab12";

const readFixture = (fixture: string) =>
  JSON.parse(readFileSync(path.join(FIXTURES, `${fixture}.json`), "utf8"));

/** A documented server message from tests/fixtures/vapi, re-addressed to one of our calls. */
export function vapiBody(fixture: string, ids: PayloadIds): string {
  const body = readFixture(fixture);
  const metadata = {
    call_id: ids.callId,
    org_id: ids.orgId,
    campaign_id: ids.campaignId ?? "",
    lead_id: ids.leadId ?? "",
  };
  body.message.call.id = ids.providerCallId;
  body.message.call.assistantOverrides = { ...body.message.call.assistantOverrides, metadata };
  if (body.message.assistant) body.message.assistant.metadata = metadata;
  return JSON.stringify(body);
}

/** A documented tool-calls message from tests/fixtures/vapi, addressed to a call, then edited. */
export function vapiToolBody(
  fixture: string,
  c: Pick<PayloadIds, "providerCallId" | "callId" | "orgId">,
  edit?: (message: Record<string, unknown> & { toolCallList: Record<string, unknown>[] }) => void,
): string {
  const body = readFixture(fixture);
  const metadata = { call_id: c.callId, org_id: c.orgId };
  body.message.call.id = c.providerCallId;
  body.message.call.assistantOverrides = { metadata };
  body.message.assistant.metadata = metadata;
  edit?.(body.message);
  return JSON.stringify(body);
}

export const vapiStartInput = (over: Partial<StartCallInput> = {}): StartCallInput => ({
  ...START_IDS,
  fromNumber: VAPI_PHONE_NUMBER_ID,
  agentId: VAPI_ASSISTANT,
  variables: { first_name: "Ada", last_name: "Lovelace", company: "Acme", today: "2026-12-03" },
  ...over,
});

/** Vapi's HMAC credential for `body` at `at`: `x-signature` over `{timestamp}.{body}`, `x-timestamp`. */
export function vapiSignature(body: string, secret: string, at: Date): Proof {
  const { signature, timestamp } = signVapiBody(body, secret, at);
  return { "x-signature": signature, "x-timestamp": timestamp };
}

const asVapi = (fake: ProviderFake) => fake as unknown as VapiFake;

export const vapi: VoiceDriver = {
  name: "vapi",
  label: "Vapi",

  startFake: (options) => startVapiFake(options) as Promise<ProviderFake>,
  voice: (fake, { apiKey = fake.apiKey, baseUrl = fake.url } = {}) =>
    createVapiVoice({ apiKey, baseUrl, account: "vapi:env", concurrencyCap: 10 }),
  account: { key: "vapi:env", cap: 10 },
  creates: (fake) => fake.requests.filter((r) => r.method === "POST" && r.path === "/call"),
  startInput: vapiStartInput,
  createBody: {
    assistantId: VAPI_ASSISTANT,
    phoneNumberId: VAPI_PHONE_NUMBER_ID,
    customer: { number: "+16465550111", name: "Ada Lovelace" },
    assistantOverrides: {
      variableValues: { first_name: "Ada", last_name: "Lovelace", company: "Acme", today: "2026-12-03" },
      metadata: START_METADATA,
    },
  },
  createdStatus: (fake, id) => asVapi(fake).calls.get(id)?.status,
  createdStatusExpected: "queued",
  noCallerId: /no caller id/,
  failures: [
    [
      401,
      "Invalid Key. Hot tip, you may be using the private key instead of the public key, or vice versa.",
      { kind: "auth" },
    ],
    [403, "Forbidden", { kind: "auth" }],
    [429, "Too Many Requests", { kind: "over_concurrency" }],
    [
      400,
      "Couldn't Create Call. call.start.error-subscription-concurrency-limit-reached",
      { kind: "over_concurrency" },
    ],
    [400, "call.start.error-subscription-insufficient-credits", { kind: "auth" }],
    [400, "customer.number must be a valid phone number in the E.164 format", { kind: "invalid_number" }],
    [400, "Couldn't Get Assistant. `assistantId` 0b5e1c6d does not exist.", { kind: "rejected" }],
    [500, "Internal server error", { kind: "transient" }],
    [503, "Service Unavailable", { kind: "transient" }],
  ],
  getCall: {
    ongoing: (fake, id) =>
      asVapi(fake).updateCall(id, { status: "in-progress", startedAt: "2026-12-03T15:00:05.000Z" }),
    ended: (fake, id) =>
      asVapi(fake).updateCall(id, {
        status: "ended",
        endedReason: "customer-ended-call",
        endedAt: "2026-12-03T15:02:05.000Z",
        cost: 0.2049,
        analysis: {
          summary: "Wants a callback.",
          structuredData: { outcome: "callback", callback_at: "2026-12-04T15:00:00Z" },
        },
        artifact: {
          transcript: "AI: Hi\nUser: Later please\n",
          messages: [{ role: "user", message: "Later please" }],
        },
      }),
    endedReport: (providerCallId) => ({
      provider: "vapi",
      providerCallId,
      callId: START_IDS.callId,
      event: "analyzed",
      result: "answered",
      outcome: "callback",
      callbackAt: new Date("2026-12-04T15:00:00Z"),
      durationSeconds: 120,
      costCents: 20,
      agentId: VAPI_ASSISTANT,
      transcriptTurns: [{ role: "user", text: "Later please" }],
    }),
    unknownId: randomUUID(),
  },
  endBusy: (fake, id, at) =>
    asVapi(fake).updateCall(id, {
      status: "ended",
      endedReason: "customer-busy",
      endedAt: at.toISOString(),
      cost: 0,
    }),
  busyReason: "customer-busy",

  // The caller id as the campaign form stores it (E.164): the fake account's Vapi number.
  campaign: { agentId: VAPI_ASSISTANT, callerId: FAKE_VAPI_NUMBER.number },
  envVar: "VAPI_WEBHOOK_SECRET",
  envKeyIsApiKey: false,
  newKey: (kind) => `whsec_${kind}_${randomBytes(12).toString("hex")}`,
  async storeOrgKey(db, orgId, secret) {
    const key = encryptionKey();
    await db.query(
      `insert into public.provider_credentials
         (org_id, provider, api_key_ciphertext, api_key_hint, webhook_secret_ciphertext, config)
       values ($1, 'vapi', $2, 'abcd', $3, $4::jsonb)`,
      [
        orgId,
        seal("vapi_org_private_key", key, credentialAad(orgId, "vapi", "api_key")),
        seal(secret, key, credentialAad(orgId, "vapi", "webhook_secret")),
        JSON.stringify({ phoneNumberId: VAPI_PHONE_NUMBER_ID }),
      ],
    );
  },
  sign: async (body, secret, at) => vapiSignature(body, secret, at),
  async badProofs(body, secret, at) {
    const good = vapiSignature(body, secret, at);
    return [
      vapiSignature(body, "whsec_somebody_else", at),
      vapiSignature(body, secret, new Date(at.getTime() - 6 * 60_000)),
      vapiSignature(body, secret, new Date(at.getTime() + 6 * 60_000)),
      { "x-signature": good["x-signature"] as string },
      { "x-timestamp": good["x-timestamp"] as string },
      {},
      { ...good, "x-signature": "00".repeat(32) },
      { authorization: "Bearer whsec_wrong" },
      { "x-vapi-secret": `${secret}x` },
    ];
  },
  otherGoodProofs: (_body, secret): Proof[] => [
    { authorization: `Bearer ${secret}` },
    { "x-vapi-secret": secret },
  ],
  verifiesAtWallClock: false,
  refusal: { error: "Invalid Vapi signature or credential." },

  postWebhook: (body, proof = {}) =>
    webhookRoute(new Request("http://127.0.0.1/api/webhooks/vapi", { method: "POST", headers: proof, body })),
  body: vapiBody,
  fixtures: {
    busy: "end-of-call-report-customer-busy",
    noAnswer: "end-of-call-report-customer-did-not-answer",
    booked: "end-of-call-report-booked",
    unknownReason: "end-of-call-report-unknown-reason",
  },
  doNotCallBody: (ids) => vapiBody("end-of-call-report-do-not-call", ids),
  tamper: (body) => body.replace('"customer-busy"', '"customer-ended-call"'),
  unknownReason: "call.in-the-future.some-new-reason",
  foreignBody: JSON.stringify({ event: "call_ended", call: {} }),
  eventName: (e) => e.event_key,
  // Stored under the scope of the credential that signed it: the deployment's secret here.
  endedEvent: (id) => `environment:${id}:end-of-call-report:`,
  newProviderCallId: () => randomUUID(),
  bookedCall: {
    dispatched(fake) {
      const body = vapi.creates(fake).at(-1)?.body as {
        assistantId: string;
        phoneNumberId: string;
        assistantOverrides: { variableValues: Record<string, unknown>; metadata: unknown };
      };
      // The campaign's caller id (E.164) was looked up among the account's numbers.
      expect([body.assistantId, body.phoneNumberId]).toEqual([VAPI_ASSISTANT, VAPI_PHONE_NUMBER_ID]);
      return {
        variables: body.assistantOverrides.variableValues,
        metadata: body.assistantOverrides.metadata,
      };
    },
    events: [
      ["status-update-ringing", { status: "dialing", started_at: null }],
      ["status-update-in-progress", { status: "live" }],
      ["speech-update", null],
      ["conversation-update", null],
      ["status-update-ended-customer-ended-call", null],
      ["end-of-call-report-booked", null],
    ],
    call: {
      status: "ended",
      result: "answered",
      outcome: "booked",
      provider_reason: "customer-ended-call",
      duration_seconds: 93,
      cost_cents: 12,
      agent_id: VAPI_ASSISTANT,
      recording_url: "https://storage.vapi.ai/9f1c6a52-mono.wav",
      summary: "Ada booked a cleaning for Friday at 10 AM.",
      transcript: expect.stringContaining("You're booked for Friday at 10 AM."),
    },
    turns: [
      { role: "agent", text: "Hi Ada, this is Riley from Acme Dental. Do you have a minute?" },
      { role: "user", text: "Sure, go ahead." },
      { role: "agent", text: "You're booked for Friday at 10 AM. Anything else?" },
      { role: "user", text: "No, thanks. Bye!" },
    ],
    analysis: { structuredData: { outcome: "booked" }, successEvaluation: "true" },
    // Ringing, speech, conversation and ended-status updates are acknowledged, not stored.
    stored: (id) => [`environment:${id}:status-update:in-progress`, `environment:${id}:end-of-call-report:`],
  },
  finalFirst: {
    fixture: "end-of-call-report-callback",
    call: {
      status: "ended",
      result: "answered",
      outcome: "callback",
      provider_reason: "assistant-ended-call",
      cost_cents: 8,
    },
    times: { callback_at: "2026-12-04T20:00:00.000Z", started_at: "2026-12-03T12:18:00.000Z" },
    leadStatus: "callback",
    late: ["status-update-ended-customer-ended-call", "status-update-in-progress"],
    stored: (id) => [`environment:${id}:end-of-call-report:`, `environment:${id}:status-update:in-progress`],
  },

  postTool: (body, proof) =>
    toolRoute(new Request("http://127.0.0.1/api/tools/vapi", { method: "POST", headers: proof, body })),
  acceptTool: ({ db, rawBody, proof, envKey, now, run }) =>
    acceptVapiTool({
      db: db.db,
      rawBody,
      headers: vapiAuthHeaders(new Headers(proof)),
      environmentSecret: envKey,
      now,
      runTool: run,
    }),
  // The SDK's shape, as in the fixture: arguments as a JSON string, in both lists.
  toolBody: (call, tool) =>
    vapiToolBody("tool-calls", call, (m) => {
      const toolCall = {
        id: TOOL_CALL_ID,
        type: "function",
        function: { name: tool.name, arguments: JSON.stringify(tool.args) },
      };
      m.toolCallList = [toolCall];
      const [listed] = m.toolWithToolCallList as { function: object }[];
      m.toolWithToolCallList = [{ ...listed, function: { ...listed?.function, name: tool.name }, toolCall }];
    }),
  answerOf(reply, name) {
    const { results } = reply as { results: { toolCallId: string; name: string }[] };
    expect(Object.keys(reply as object)).toEqual(["results"]);
    expect(results).toHaveLength(1);
    const { toolCallId, name: named, ...answer } = results[0] as { toolCallId: string; name: string };
    expect([toolCallId, named]).toEqual([TOOL_CALL_ID, name]);
    return answer as { result: string };
  },
  malformedToolBodies: (c) => [
    JSON.stringify({ message: { type: "speech-update", call: { id: c.providerCallId } } }),
    vapiToolBody("tool-calls", c, (m) => {
      m.toolCallList = [];
      (m as Record<string, unknown>).toolWithToolCallList = [];
    }),
  ],
};
