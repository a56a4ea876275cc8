import Retell, { APIConnectionError, APIError } from "retell-sdk";
import {
  type ProviderCallState,
  type StartCallInput,
  type StartCallResult,
  VoiceError,
  type VoiceErrorKind,
  type VoiceProvider,
} from "../types";
import { retellToCallReport } from "./transform";
import { retellCallSchema } from "./webhook-schema";

export type RetellVoiceOptions = {
  apiKey: string;
  /** A contract fake in tests; Retell's API otherwise. */
  baseUrl?: string;
  /** e.g. `retell:env` or `retell:org:<org id>` (calls.provider_account). */
  account: string;
  concurrencyCap: number;
};

/** Phone-number-like digit runs are kept out of error texts (they end up in calls.error). */
const redact = (text: string) => text.replace(/\+?\d[\d\s().-]{6,}\d/g, "[number]");

/**
 * A Retell SDK error as a domain error. A 4xx about the destination is the lead's invalid number;
 * one about `from_number` is the campaign's caller id (rejected: the number must be bought from or
 * imported into Retell), never the lead's fault.
 */
export function retellVoiceError(error: unknown): VoiceError {
  if (error instanceof VoiceError) return error;
  if (error instanceof APIConnectionError) {
    return new VoiceError("transient", `Retell unreachable: ${redact(error.message)}`);
  }
  if (!(error instanceof APIError) || typeof error.status !== "number") {
    return new VoiceError("transient", `Retell request failed: ${redact(String(error))}`);
  }
  const status = error.status;
  const message = redact(error.message).slice(0, 300);
  let kind: VoiceErrorKind;
  // 402 (no valid payment) is account-wide like a bad key: pause the campaign, keep the lead.
  if (status === 401 || status === 402 || status === 403) kind = "auth";
  else if (status === 429 || /concurren/i.test(message)) kind = "over_concurrency";
  else if (status === 408 || status >= 500) kind = "transient";
  else if ((status === 400 || status === 422) && /from_number|caller/i.test(message)) kind = "rejected";
  else if (
    (status === 400 || status === 422) &&
    /to_number|e\.?164|phone number|destination|invalid number/i.test(message)
  )
    kind = "invalid_number";
  else kind = "rejected";
  return new VoiceError(kind, `Retell ${message}`, String(status));
}

/** Retell's call states to the reconciler's view; an ended call is read as its webhook would be. */
function callState(raw: unknown, receivedAt: Date): ProviderCallState | null {
  const call = retellCallSchema.parse(raw);
  if (call.call_status === "registered") return { state: "pending" };
  if (call.call_status === "ongoing") return { state: "ongoing" };
  const event = call.call_analysis ? "call_analyzed" : "call_ended";
  const report = retellToCallReport({ event, call }, { receivedAt });
  return report ? { state: "ended", report } : null;
}

/** The Retell adapter of the voice port (retell-sdk 5.x). */
export function createRetellVoice(opts: RetellVoiceOptions): VoiceProvider {
  // baseURL null (not undefined): the SDK would otherwise read RETELL_BASE_URL itself; src/env.ts
  // is the only reader of the environment.
  const client = new Retell({ apiKey: opts.apiKey, baseURL: opts.baseUrl ?? null });
  return {
    name: "retell",
    account: opts.account,
    concurrencyCap: opts.concurrencyCap,
    simulated: false,

    async startCall(input: StartCallInput): Promise<StartCallResult> {
      if (!input.fromNumber) {
        throw new VoiceError(
          "rejected",
          "The campaign has no caller id: Retell places calls from a number bought from or imported into Retell; set one in the campaign settings.",
        );
      }
      const variables: Record<string, string> = {};
      for (const [k, v] of Object.entries(input.variables)) variables[k] = String(v ?? "");
      try {
        const call = await client.call.createPhoneCall(
          {
            from_number: input.fromNumber,
            to_number: input.toNumber,
            ...(input.agentId ? { override_agent_id: input.agentId } : {}),
            retell_llm_dynamic_variables: variables,
            metadata: {
              call_id: input.callId,
              org_id: input.orgId,
              campaign_id: input.campaignId,
              lead_id: input.leadId,
            },
          },
          // No idempotency key exists at Retell: a retried create could place a second real call.
          { maxRetries: 0 },
        );
        if (!call.call_id) throw new VoiceError("transient", "Retell answered without a call id.");
        return { providerCallId: call.call_id };
      } catch (error) {
        throw retellVoiceError(error);
      }
    },

    async getCall(providerCallId: string): Promise<ProviderCallState | null> {
      try {
        return callState(await client.call.retrieve(providerCallId), new Date());
      } catch (error) {
        if (error instanceof APIError && error.status === 404) return null;
        throw retellVoiceError(error);
      }
    },
  };
}
