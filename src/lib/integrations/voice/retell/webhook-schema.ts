import { z } from "zod";
import { callCost, durationMs, epochMs } from "../payload";

/**
 * Retell's webhook body `{ event, call }` (providers.md §1.3-1.5; retell-sdk 5.x `PhoneCallResponse`).
 * Only the fields we use are typed; every other field passes through untouched, so a new Retell
 * field never makes a delivery fail. Timestamps are milliseconds since the epoch; costs are cents.
 */
export const RETELL_DISCONNECTION_REASONS = [
  "user_hangup",
  "agent_hangup",
  "call_transfer",
  "voicemail_reached",
  "ivr_reached",
  "inactivity",
  "max_duration_reached",
  "concurrency_limit_reached",
  "no_concurrency_fallback",
  "no_valid_payment",
  "scam_detected",
  "dial_busy",
  "dial_failed",
  "dial_no_answer",
  "invalid_destination",
  "telephony_provider_permission_denied",
  "telephony_provider_unavailable",
  "sip_routing_error",
  "marked_as_spam",
  "user_declined",
  "error_llm_websocket_open",
  "error_llm_websocket_lost_connection",
  "error_llm_websocket_runtime",
  "error_llm_websocket_corrupt_payload",
  "error_no_audio_received",
  "error_asr",
  "error_retell",
  "error_unknown",
  "error_user_not_joined",
  "registered_call_timeout",
  "transfer_bridged",
  "transfer_cancelled",
  "manual_stopped",
  "call_take_over",
] as const;
export type RetellDisconnectionReason = (typeof RETELL_DISCONNECTION_REASONS)[number];

const nullish = <T extends z.ZodType>(schema: T) => schema.nullish();

export const retellCallSchema = z
  .object({
    call_id: z.string().min(1),
    call_status: nullish(z.string()),
    direction: nullish(z.string()),
    from_number: nullish(z.string()),
    to_number: nullish(z.string()),
    agent_id: nullish(z.string()),
    start_timestamp: nullish(epochMs),
    end_timestamp: nullish(epochMs),
    duration_ms: nullish(durationMs),
    /** Kept as a string: the enum grows, and an unknown reason must still be recorded. */
    disconnection_reason: nullish(z.string()),
    metadata: nullish(z.record(z.string(), z.unknown())),
    transcript: nullish(z.string()),
    /**
     * Utterances `{ role: agent | user | transfer_target, content, words }`. A malformed list is
     * dropped (the plain transcript stays) rather than failing the whole delivery.
     */
    transcript_object: nullish(
      z.array(z.object({ role: z.string(), content: nullish(z.string()) }).passthrough()),
    ).catch(null),
    recording_url: nullish(z.string()),
    call_analysis: nullish(
      z
        .object({
          call_summary: nullish(z.string()),
          call_successful: nullish(z.boolean()),
          user_sentiment: nullish(z.string()),
          in_voicemail: nullish(z.boolean()),
          custom_analysis_data: nullish(z.record(z.string(), z.unknown())),
        })
        .passthrough(),
    ),
    // Cents; ten thousand dollars is past any single call.
    call_cost: nullish(z.object({ combined_cost: nullish(callCost(1_000_000)) }).passthrough()),
  })
  .passthrough();
export type RetellCall = z.infer<typeof retellCallSchema>;

export const retellWebhookSchema = z
  .object({
    /** call_started | call_ended | call_analyzed; transfer and transcript events are stored and ignored. */
    event: z.string().min(1),
    call: retellCallSchema,
  })
  .passthrough();
export type RetellWebhook = z.infer<typeof retellWebhookSchema>;

/**
 * A custom-function request (providers.md 1.6): `{ name, call, args }`, or with `args_at_root` the
 * arguments beside `name` and `call`. `call` is the live call object (transcript so far).
 */
export const retellFunctionCallSchema = z
  .object({
    name: z.string().trim().min(1),
    call: retellCallSchema,
    args: z.record(z.string(), z.unknown()).optional(),
  })
  .passthrough();
