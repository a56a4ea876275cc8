import "server-only";
import { readRetellEvent } from "./retell/inbound";
import type { CallReport } from "./types";
import { readVapiEvent } from "./vapi/inbound";

/*
 * The voice port's inbound side: what the webhook and tool services use to verify and read
 * provider requests. Everything vendor-shaped (schemas, transforms, signature schemes) stays in
 * the adapters; services get domain types (InboundCallEvent, InboundToolRequest).
 */
export { readRetellEvent, readRetellToolRequest } from "./retell/inbound";
export { claimedRetellOrgId, matchRetellSignature, type RetellSigningKey } from "./retell/verify-webhook";
export { claimedVapiOrgId, readVapiEvent, readVapiToolRequest } from "./vapi/inbound";
export { type VapiAuthHeaders, verifyVapiCredential, verifyVapiHmac } from "./vapi/verify-request";

/** Providers whose stored webhook events carry call reports. */
export const CALL_EVENT_PROVIDERS = ["retell", "vapi"] as const;

/** The call report a stored (already verified) call event carries, or null when it carries none. */
export function reportOfStoredEvent(
  provider: (typeof CALL_EVENT_PROVIDERS)[number],
  payload: unknown,
  receivedAt: Date,
): CallReport | null {
  switch (provider) {
    case "retell":
      return readRetellEvent(payload, receivedAt).report;
    case "vapi":
      return readVapiEvent(payload, receivedAt).event?.report ?? null;
    default: {
      const never: never = provider;
      throw new Error(`Unknown provider ${never}`);
    }
  }
}
