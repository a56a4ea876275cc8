import type { CallOutcome, CallResult } from "@/lib/dialer/call-states";

/** The voice port (design section 2): one adapter per provider, chosen per campaign. */
export type VoiceProviderName = "simulator" | "retell" | "vapi";

export type StartCallInput = {
  /** Our call id: sent as metadata so every webhook names the call it belongs to. */
  callId: string;
  orgId: string;
  campaignId: string;
  leadId: string;
  toNumber: string;
  fromNumber: string | null;
  agentId: string | null;
  /** Lead fields, custom fields and scheduled-call context, as strings (Retell requires strings). */
  variables: Record<string, string>;
};

export type StartCallResult = { providerCallId: string };

/**
 * Why a provider refused or failed to start a call. `transient` and `over_concurrency` return the
 * lead to the queue with backoff (the attempt never reached the lead); the others end the attempt.
 */
export type VoiceErrorKind = "over_concurrency" | "invalid_number" | "auth" | "transient" | "rejected";

export class VoiceError extends Error {
  override name = "VoiceError";
  constructor(
    readonly kind: VoiceErrorKind,
    message: string,
    readonly providerReason?: string,
  ) {
    super(message);
  }
}

/**
 * What a provider told us about a call, in domain terms: from a webhook or from get-call.
 * `event` says which stage it reports; the outcome service applies stages idempotently.
 */
export type CallReport = {
  provider: VoiceProviderName;
  providerCallId: string;
  /** Our call id from the call's metadata, when the provider echoed it. */
  callId: string | null;
  event: "started" | "ended" | "analyzed";
  at: Date;
  result?: CallResult;
  /** The provider's raw end reason, kept verbatim. */
  providerReason?: string;
  outcome?: CallOutcome;
  /** For outcome `callback`: when the lead asked to be called (absolute instant). */
  callbackAt?: Date | null;
  startedAt?: Date | null;
  endedAt?: Date | null;
  durationSeconds?: number | null;
  costCents?: number | null;
  summary?: string | null;
  transcript?: string | null;
  /** The conversation turn by turn, where the provider gives it. */
  transcriptTurns?: { role: "agent" | "user"; text: string }[] | null;
  /** The agent/assistant the provider actually used for the call. */
  agentId?: string | null;
  recordingUrl?: string | null;
  analysis?: Record<string, unknown> | null;
};

/** A provider's current view of a call, for the reconciler; null when the provider has no such call. */
export type ProviderCallState = { state: "pending" | "ongoing" } | { state: "ended"; report: CallReport };

export interface VoiceProvider {
  readonly name: VoiceProviderName;
  /** The account whose concurrency the call uses, e.g. `retell:env` (calls.provider_account). */
  readonly account: string;
  /** Live calls the account allows at once (Retell pay-as-you-go 20, Vapi 10). */
  readonly concurrencyCap: number;
  /** Whether the calls are simulated (shown in the UI). */
  readonly simulated: boolean;
  /** Starts one call with the SDK's own retries off. Throws VoiceError. */
  startCall(input: StartCallInput): Promise<StartCallResult>;
  getCall(providerCallId: string): Promise<ProviderCallState | null>;
}

/**
 * A provider's call webhook, verified and read at the edge (the adapter's `inbound.ts`): which
 * call it concerns and what it says, so services never see a vendor shape.
 */
export type InboundCallEvent = {
  provider: VoiceProviderName;
  providerCallId: string;
  /** Our call id from the metadata we sent with the call (trusted only once matched to a row). */
  callId: string | null;
  /** Unique per provider and event: the webhook store's dedupe key. */
  eventKey: string;
  /** The provider's event name, stored with it. */
  type: string;
  /** What it says about the call; null for an event that moves nothing (stored for the record). */
  report: CallReport | null;
  /** The parsed body, as stored. */
  payload: unknown;
};

/** One in-call tool request: its arguments, or why they could not be read (told to the agent). */
export type InboundToolCall = {
  /** The provider's id for this tool call (Vapi answers by it); null where there is none (Retell). */
  id: string | null;
  name: string;
  args: { ok: true; value: Record<string, unknown> } | { ok: false; error: string };
};

/** An in-call tool request read at the edge: the call it came from and the tools asked for. */
export type InboundToolRequest = {
  provider: VoiceProviderName;
  providerCallId: string;
  /** Our call id from the call's metadata (trusted only once matched to a row). */
  callId: string | null;
  calls: InboundToolCall[];
};
