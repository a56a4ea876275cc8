import { VapiClient, VapiError, VapiTimeoutError } from "@vapi-ai/server-sdk";
import {
  type ProviderCallState,
  type StartCallInput,
  type StartCallResult,
  VoiceError,
  type VoiceErrorKind,
  type VoiceProvider,
} from "../types";
import { vapiCallSchema } from "./server-message-schema";
import { vapiCallAnalyzed, vapiCallAsEndReport, vapiToCallReport } from "./transform";

export type VapiVoiceOptions = {
  apiKey: string;
  /** A contract fake in tests; https://api.vapi.ai otherwise. */
  baseUrl?: string;
  /** e.g. `vapi:env` or `vapi:org:<org id>` (calls.provider_account). */
  account: string;
  concurrencyCap: number;
  /** The account's default Vapi phone number id (credentials config), for a campaign without a caller id. */
  phoneNumberId?: string | null;
};

/** Phone-number-like digit runs are kept out of error texts (they end up in calls.error). */
const redact = (text: string) => text.replace(/\+?\d[\d\s().-]{6,}\d/g, "[number]");

/** Vapi's error body is `{ message: string | string[], error, statusCode }` (NestJS style). */
function bodyMessage(body: unknown): string {
  if (typeof body === "string") return body;
  if (body && typeof body === "object") {
    const m = (body as { message?: unknown }).message;
    if (Array.isArray(m)) return m.filter((x) => typeof x === "string").join("; ");
    if (typeof m === "string") return m;
    const e = (body as { error?: unknown }).error;
    if (typeof e === "string") return e;
  }
  return "";
}

/**
 * A `call.start.error-*` reason (in an error body, or on a call Vapi created already ended) as the
 * dialer's refusal: concurrency and the free number's daily limit wait and retry; a frozen,
 * unfunded or unverified account stops the campaign like a bad key; the rest fail the attempt.
 */
function startErrorKind(reason: string): VoiceErrorKind | null {
  if (/concurrency-limit|outbound-daily-limit/.test(reason)) return "over_concurrency";
  if (/subscription-(frozen|insufficient-credits|wallet|upgrade)|fraud-check/.test(reason)) return "auth";
  if (/vapifault|database-error/.test(reason)) return "transient";
  if (reason.startsWith("call.start.") || reason.startsWith("call-start-error-")) return "rejected";
  return null;
}

/**
 * A Vapi SDK error as a domain error. A 4xx naming the customer's number is the lead's invalid
 * number; one naming the assistant or the phone number id is the campaign's setup (rejected).
 */
export function vapiVoiceError(error: unknown): VoiceError {
  if (error instanceof VoiceError) return error;
  if (error instanceof VapiTimeoutError) return new VoiceError("transient", "Vapi timed out.");
  if (!(error instanceof VapiError) || typeof error.statusCode !== "number") {
    const message = error instanceof Error ? error.message : String(error);
    return new VoiceError("transient", `Vapi request failed: ${redact(message)}`.slice(0, 300));
  }
  const status = error.statusCode;
  const message = redact(bodyMessage(error.body) || error.message).slice(0, 300);
  const reason = /call\.start\.[a-z-]+|call-start-error-[a-z-]+/.exec(message)?.[0];
  let kind: VoiceErrorKind;
  if (status === 401 || status === 403) kind = "auth";
  else if (reason && startErrorKind(reason)) kind = startErrorKind(reason) as VoiceErrorKind;
  else if (status === 429 || /concurren/i.test(message)) kind = "over_concurrency";
  else if (status === 408 || status >= 500) kind = "transient";
  else if (/assistant|phoneNumberId|phone number id/i.test(message)) kind = "rejected";
  else if (/customer\.number|e\.?164|invalid (phone )?number|not a valid phone/i.test(message))
    kind = "invalid_number";
  else kind = "rejected";
  return new VoiceError(kind, `Vapi ${status}: ${message}`, reason ?? String(status));
}

/** Vapi's call states to the reconciler's view; an ended call is read as its end-of-call report would be. */
export function vapiCallState(raw: unknown, receivedAt: Date): ProviderCallState | null {
  const call = vapiCallSchema.parse(raw);
  switch (call.status) {
    case "scheduled":
    case "queued":
    case "ringing":
      return { state: "pending" };
    case "in-progress":
    case "forwarding":
      return { state: "ongoing" };
    case "ended": {
      const report = vapiToCallReport(vapiCallAsEndReport(call), { receivedAt });
      if (!report) return null;
      if (!vapiCallAnalyzed(call)) {
        // Ended, analysis still running: end the call now; the report webhook brings the outcome.
        const { outcome: _o, callbackAt: _c, summary: _s, analysis: _a, ...ended } = report;
        return { state: "ended", report: { ...ended, event: "ended" } };
      }
      return { state: "ended", report };
    }
    default:
      // `not-found`, `deletion-failed`: Vapi has no such call to report on.
      return null;
  }
}

/** The Vapi adapter of the voice port (@vapi-ai/server-sdk 2.0.1). */
export function createVapiVoice(opts: VapiVoiceOptions): VoiceProvider {
  const client = new VapiClient({ token: opts.apiKey, ...(opts.baseUrl ? { baseUrl: opts.baseUrl } : {}) });
  /** E.164 number -> Vapi phone number id, learned once per adapter. */
  const numberIds = new Map<string, string>();

  /**
   * Vapi calls from a phone number *id*. A campaign's caller id is a number (E.164, as the
   * campaign form stores it), looked up among the account's Vapi numbers; an id is taken as is;
   * no caller id falls back to the account's configured default number.
   */
  async function phoneNumberIdFor(fromNumber: string | null): Promise<string> {
    const caller = fromNumber?.trim() || null;
    if (!caller) {
      if (opts.phoneNumberId) return opts.phoneNumberId;
      throw new VoiceError(
        "rejected",
        "The campaign has no caller id: set one of this Vapi account's phone numbers (or its phone number id) in the campaign settings.",
      );
    }
    if (!caller.startsWith("+")) return caller;
    const known = numberIds.get(caller);
    if (known) return known;
    let numbers: unknown;
    try {
      numbers = await client.phoneNumbers.list({ limit: 1000 }, { maxRetries: 1 });
    } catch (error) {
      throw vapiVoiceError(error);
    }
    for (const n of Array.isArray(numbers) ? numbers : []) {
      const { id, number } = (n ?? {}) as { id?: unknown; number?: unknown };
      if (typeof id === "string" && typeof number === "string") numberIds.set(number, id);
    }
    const id = numberIds.get(caller);
    if (id) return id;
    throw new VoiceError(
      "rejected",
      `The caller id ${caller} is not a phone number of this Vapi account: buy or import it in Vapi (Phone Numbers), or set its phone number id as the caller id.`,
    );
  }

  return {
    name: "vapi",
    account: opts.account,
    concurrencyCap: opts.concurrencyCap,
    simulated: false,

    async startCall(input: StartCallInput): Promise<StartCallResult> {
      if (!input.agentId) {
        throw new VoiceError(
          "rejected",
          "The campaign has no Vapi assistant id: publish the assistant (npm run vapi:publish) and set its id in the campaign settings.",
        );
      }
      const phoneNumberId = await phoneNumberIdFor(input.fromNumber);
      const name = [input.variables.first_name, input.variables.last_name].filter(Boolean).join(" ").trim();
      let created: unknown;
      try {
        created = await client.calls.create(
          {
            assistantId: input.agentId,
            phoneNumberId,
            customer: { number: input.toNumber, ...(name ? { name: name.slice(0, 40) } : {}) },
            assistantOverrides: {
              variableValues: input.variables,
              metadata: {
                call_id: input.callId,
                org_id: input.orgId,
                campaign_id: input.campaignId,
                lead_id: input.leadId,
              },
            },
          },
          // No idempotency key exists at Vapi: a retried create could place a second real call.
          { maxRetries: 0 },
        );
      } catch (error) {
        throw vapiVoiceError(error);
      }
      const parsed = vapiCallSchema.safeParse(created);
      if (!parsed.success) throw new VoiceError("transient", "Vapi answered without a call id.");
      const call = parsed.data;
      // Vapi may create the call already ended with a start error (e.g. the concurrency limit).
      if (call.status === "ended" && call.endedReason) {
        const kind = startErrorKind(call.endedReason);
        if (kind)
          throw new VoiceError(kind, `Vapi did not start the call: ${call.endedReason}`, call.endedReason);
      }
      return { providerCallId: call.id };
    },

    async getCall(providerCallId: string): Promise<ProviderCallState | null> {
      try {
        return vapiCallState(await client.calls.get({ id: providerCallId }, { maxRetries: 1 }), new Date());
      } catch (error) {
        if (error instanceof VapiError && error.statusCode === 404) return null;
        throw vapiVoiceError(error);
      }
    },
  };
}
