import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { symmetric } from "retell-sdk/lib/webhook_auth";
import { expect } from "vitest";
import { POST as toolRoute } from "@/app/api/tools/retell/route";
import { POST as webhookRoute } from "@/app/api/webhooks/retell/route";
import { encryptionKey } from "@/lib/crypto/encryption-key";
import { seal } from "@/lib/crypto/secret-box";
import { createRetellVoice } from "@/lib/integrations/voice/retell/retell-voice";
import type { StartCallInput } from "@/lib/integrations/voice/types";
import { credentialAad } from "@/lib/services/credentials/provider-credentials";
import { acceptRetellTool } from "@/lib/services/tools/accept-retell-tool";
import { type RetellFake, startRetellFake } from "../../fakes/retell-fake";
import {
  type PayloadIds,
  type Proof,
  type ProviderFake,
  START_IDS,
  START_METADATA,
  type VoiceDriver,
} from "./driver";

// Thursday 10:00 in New York, the contract suite's clock: get-call timestamps are read from it.
const T0 = Date.parse("2026-12-03T15:00:00Z");
const FIXTURES = path.resolve(import.meta.dirname, "../../fixtures/retell");
const AGENT = "agent_campaign_0001";

/** A documented webhook body from tests/fixtures/retell, re-addressed to one of our calls. */
export function retellWebhookBody(fixture: string, ids: PayloadIds): string {
  const body = JSON.parse(readFileSync(path.join(FIXTURES, `${fixture}.json`), "utf8"));
  body.call.call_id = ids.providerCallId;
  body.call.metadata = {
    call_id: ids.callId,
    org_id: ids.orgId,
    campaign_id: ids.campaignId ?? "",
    lead_id: ids.leadId ?? "",
  };
  return JSON.stringify(body);
}

/** The `call` object Retell sends with a custom function: the live call so far. */
export function retellLiveCall(ids: Pick<PayloadIds, "providerCallId" | "callId" | "orgId">) {
  return {
    call_id: ids.providerCallId,
    call_type: "phone_call",
    call_status: "ongoing",
    direction: "outbound",
    agent_id: "agent_x",
    metadata: { call_id: ids.callId, org_id: ids.orgId },
    transcript: "Agent: Shall I book Friday?\nUser: Yes please.",
  };
}

export const retellStartInput = (over: Partial<StartCallInput> = {}): StartCallInput => ({
  ...START_IDS,
  fromNumber: "+12125550100",
  agentId: AGENT,
  variables: { first_name: "Ada", company: "Acme", today: "2026-12-03", local_time: "10:00" },
  ...over,
});

/** `x-retell-signature` for `body` signed with `key` at `at` (Retell's `v=<ms>,d=<hmac>`). */
export const retellSignature = async (body: string, key: string, at: Date): Promise<Proof> => ({
  "x-retell-signature": await symmetric.sign(body, key, at.getTime()),
});

const asRetell = (fake: ProviderFake) => fake as unknown as RetellFake;

export const retell: VoiceDriver = {
  name: "retell",
  label: "Retell",

  startFake: (options) => startRetellFake(options) as Promise<ProviderFake>,
  voice: (fake, { apiKey = fake.apiKey, baseUrl = fake.url } = {}) =>
    createRetellVoice({ apiKey, baseUrl, account: "retell:env", concurrencyCap: 20 }),
  account: { key: "retell:env", cap: 20 },
  creates: (fake) => fake.requests.filter((r) => r.path === "/v2/create-phone-call"),
  startInput: retellStartInput,
  createBody: {
    from_number: "+12125550100",
    to_number: "+16465550111",
    override_agent_id: AGENT,
    retell_llm_dynamic_variables: {
      first_name: "Ada",
      company: "Acme",
      today: "2026-12-03",
      local_time: "10:00",
    },
    metadata: START_METADATA,
  },
  createdStatus: (fake, id) => asRetell(fake).calls.get(id)?.call_status,
  createdStatusExpected: "registered",
  noCallerId: /caller id/,
  failures: [
    [401, "Unauthorized", { kind: "auth", providerReason: "401" }],
    [403, "Forbidden", { kind: "auth", providerReason: "403" }],
    [429, "Too many requests", { kind: "over_concurrency", providerReason: "429" }],
    [400, "Concurrency limit reached", { kind: "over_concurrency", providerReason: "400" }],
    [400, "Invalid to_number", { kind: "invalid_number", providerReason: "400" }],
    [
      400,
      "from_number is not purchased or imported into Retell",
      { kind: "rejected", providerReason: "400" },
    ],
    [404, "Agent not found", { kind: "rejected", providerReason: "404" }],
    [503, "Service unavailable", { kind: "transient", providerReason: "503" }],
  ],
  getCall: {
    ongoing: (fake, id) => asRetell(fake).updateCall(id, { call_status: "ongoing", start_timestamp: T0 }),
    ended: (fake, id) =>
      asRetell(fake).updateCall(id, {
        call_status: "ended",
        end_timestamp: T0 + 61_000,
        duration_ms: 61_000,
        disconnection_reason: "agent_hangup",
        call_cost: {
          combined_cost: 8.2,
          product_costs: [],
          total_duration_seconds: 61,
          total_duration_unit_price: 0.13,
        },
      }),
    endedReport: (providerCallId) => ({
      provider: "retell",
      providerCallId,
      callId: START_IDS.callId,
      event: "ended",
      result: "answered",
      providerReason: "agent_hangup",
      durationSeconds: 61,
      costCents: 8,
      agentId: AGENT,
    }),
    unknownId: "call_does_not_exist",
  },
  endBusy: (fake, id, at) =>
    asRetell(fake).updateCall(id, {
      call_status: "not_connected",
      disconnection_reason: "dial_busy",
      end_timestamp: at.getTime(),
    }),
  busyReason: "dial_busy",

  campaign: { agentId: AGENT },
  envVar: "RETELL_API_KEY",
  envKeyIsApiKey: true,
  newKey: (kind) => `key_${kind}_${randomBytes(12).toString("hex")}`,
  async storeOrgKey(db, orgId, key) {
    await db.query(
      `insert into public.provider_credentials (org_id, provider, api_key_ciphertext, api_key_hint)
       values ($1, 'retell', $2, $3)`,
      [orgId, seal(key, encryptionKey(), credentialAad(orgId, "retell", "api_key")), key.slice(-4)],
    );
  },
  sign: retellSignature,
  badProofs: async (body, key, at) => [
    await retellSignature(body, "key_somebody_else", at),
    await retellSignature(body, key, new Date(at.getTime() - 6 * 60_000)),
    await retellSignature(body, key, new Date(at.getTime() + 6 * 60_000)),
    {},
    { "x-retell-signature": "v=garbage" },
  ],
  otherGoodProofs: () => [],
  verifiesAtWallClock: true,
  refusal: { error: "Invalid webhook signature." },

  postWebhook: (body, proof = {}) =>
    webhookRoute(
      new Request("http://127.0.0.1/api/webhooks/retell", { method: "POST", headers: proof, body }),
    ),
  body: retellWebhookBody,
  fixtures: {
    busy: "call_ended_dial_busy",
    noAnswer: "call_ended_dial_no_answer",
    booked: "call_analyzed_booked",
    unknownReason: "call_ended_unknown_reason",
  },
  doNotCallBody(ids) {
    const body = JSON.parse(retellWebhookBody("call_analyzed_booked", ids));
    body.call.call_analysis = {
      call_summary: "Asked not to be called again.",
      call_successful: false,
      custom_analysis_data: { outcome: "do_not_call" },
    };
    return JSON.stringify(body);
  },
  tamper: (body) => body.replace('"dial_busy"', '"user_hangup"'),
  unknownReason: "quantum_tunnel_collapse",
  foreignBody: JSON.stringify({ message: { type: "end-of-call-report", call: { id: "9f1c6a52" } } }),
  eventName: (e) => e.type,
  endedEvent: () => "call_ended",
  newProviderCallId: () => `call_${randomBytes(14).toString("hex")}`,
  bookedCall: {
    dispatched(fake) {
      const body = retell.creates(fake).at(-1)?.body as {
        retell_llm_dynamic_variables: Record<string, unknown>;
        metadata: unknown;
      };
      // Retell takes dynamic variables as strings only.
      expect(Object.values(body.retell_llm_dynamic_variables).every((v) => typeof v === "string")).toBe(true);
      return { variables: body.retell_llm_dynamic_variables, metadata: body.metadata };
    },
    events: [
      ["call_started", { status: "live" }],
      ["call_ended_user_hangup", null],
      ["call_analyzed_booked", null],
    ],
    call: {
      status: "ended",
      result: "answered",
      outcome: "booked",
      provider_reason: "user_hangup",
      duration_seconds: 93,
      cost_cents: 12,
      agent_id: "oBeDLoLOeuAbiuaMFXRtDOLriTJ5tSxD",
      recording_url: expect.stringContaining("recording.wav"),
      summary: "Ada agreed to a 15-minute call on Friday at 10:00.",
      transcript: expect.stringContaining("Friday at ten works."),
    },
    turns: [
      { role: "agent", text: "Hi Ada, this is Sam from Acme." },
      { role: "user", text: "Hi, yes?" },
      { role: "agent", text: "Could we book a short call on Friday?" },
      { role: "user", text: "Friday at ten works." },
    ],
    analysis: { custom_analysis_data: { outcome: "booked" }, call_successful: true },
    stored: () => ["call_started", "call_ended", "call_analyzed"],
  },
  finalFirst: {
    fixture: "call_analyzed_booked",
    call: { status: "ended", result: "answered", outcome: "booked" },
    times: {},
    leadStatus: "booked",
    late: ["call_ended_user_hangup", "call_started"],
    stored: () => ["call_analyzed", "call_ended", "call_started"],
  },

  postTool: (body, proof) =>
    toolRoute(new Request("http://127.0.0.1/api/tools/retell", { method: "POST", headers: proof, body })),
  acceptTool: ({ db, rawBody, proof, envKey, now, run }) =>
    acceptRetellTool({
      db: db.db,
      rawBody,
      signature: proof["x-retell-signature"] ?? null,
      keys: { environmentKey: envKey, simulatorKey: `sim_${randomBytes(16).toString("hex")}` },
      now,
      runTool: run,
    }),
  toolBody: (call, tool) => JSON.stringify({ name: tool.name, call: retellLiveCall(call), args: tool.args }),
  answerOf: (reply) => reply as { result: string },
  malformedToolBodies: () => [JSON.stringify({ args: {} })],
};
