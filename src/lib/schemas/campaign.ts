import { z } from "zod";
import { callingWindowSchema, LEGAL_WINDOW } from "@/lib/dialer/calling-window";
import { retryPolicySchema } from "@/lib/dialer/campaign-settings";
import type { VoiceProviderName } from "@/lib/integrations/voice/types";
import { normalizePhone } from "@/lib/leads/normalize/phone";
import { templateKindSchema } from "./email-template";
import { timeZoneSchema } from "./organization";

export const createCampaignSchema = z.object({
  name: z.string().trim().min(2, "Name the campaign.").max(120),
  defaultTimezone: timeZoneSchema,
  /** On unless turned off deliberately: AI-voice calls need prior consent in most places (TCPA). */
  requireConsent: z.boolean().default(true),
});
export type CreateCampaignInput = z.infer<typeof createCampaignSchema>;

/** Voice providers a campaign can use; Retell and Vapi need a key (the environment's or the organization's). */
export const VOICE_PROVIDERS = [
  "simulator",
  "retell",
  "vapi",
] as const satisfies readonly VoiceProviderName[];

export const WINDOW_LIMIT_MESSAGE =
  "Calling hours are each lead's local time and always inside 08:00–21:00; no setting can widen that.";

export const START_LIMIT_MESSAGE =
  "Start at 8:00 AM or later: no lead may be called before 08:00 their time.";
export const END_LIMIT_MESSAGE = "End by 9:00 PM: no lead may be called after 21:00 their time.";

const optionalPositiveInt = (max: number, message: string) =>
  z.int(message).min(1, message).max(max, message).nullable();

/**
 * A campaign's calling settings, as edited on its page. Hours are minutes after midnight in the
 * lead's own zone, and must sit inside the legal 08:00-21:00 (TCPA); the dialer clamps again at
 * claim time, so this is for a clear message, not the safety.
 */
export const campaignSettingsSchema = z
  .object({
    name: z.string().trim().min(2, "Name the campaign.").max(120),
    voiceProvider: z.enum(VOICE_PROVIDERS),
    agentId: z
      .string()
      .trim()
      .max(200)
      .transform((v) => v || null)
      .nullable(),
    callerId: z
      .string()
      .trim()
      .max(40)
      .transform((value, ctx) => {
        if (!value) return null;
        const phone = normalizePhone(value, "US");
        if (!phone.ok || phone.extension) {
          ctx.addIssue({
            code: "custom",
            message: "Enter the caller ID as a full number, e.g. +1 415 555 0100.",
          });
          return z.NEVER;
        }
        return phone.e164;
      })
      .nullable(),
    callingWindow: callingWindowSchema
      .refine((w) => w.startMinute >= LEGAL_WINDOW.startMinute, {
        message: START_LIMIT_MESSAGE,
        path: ["startMinute"],
      })
      .refine((w) => w.endMinute <= LEGAL_WINDOW.endMinute, {
        message: END_LIMIT_MESSAGE,
        path: ["endMinute"],
      }),
    retryPolicy: retryPolicySchema,
    maxAttempts: z.int().min(1, "At least 1 attempt.").max(10, "At most 10 attempts."),
    maxAttemptsPerDay: z.int().min(1, "At least 1 attempt a day.").max(3, "At most 3 attempts in 24 hours."),
    maxConcurrentCalls: z.int().min(1, "At least 1 call at a time.").max(100, "At most 100 calls at a time."),
    dailyCallCap: optionalPositiveInt(1_000_000, "A whole number of calls, at least 1."),
    /** Dollars as typed; stored as cents. */
    spendCapDollars: z.number().min(1, "At least $1.").max(1_000_000, "At most $1,000,000.").nullable(),
    requireConsent: z.boolean(),
    breakerFailurePercent: z.int().min(10, "At least 10%.").max(100, "At most 100%.").nullable(),
    breakerWindow: z.int().min(3, "At least 3 calls.").max(200, "At most 200 calls."),
    /** Follow-up kinds this campaign does not send; left out, the campaign's current choice stays. */
    disabledEmailKinds: z
      .array(templateKindSchema)
      .max(10)
      .transform((kinds) => [...new Set(kinds)].sort())
      .optional(),
  })
  .refine((s) => s.maxAttemptsPerDay <= s.maxAttempts, {
    message: "Attempts per 24 hours can't exceed the total attempts.",
    path: ["maxAttemptsPerDay"],
  });
export type CampaignSettingsInput = z.input<typeof campaignSettingsSchema>;
export type CampaignSettings = z.output<typeof campaignSettingsSchema>;

export const CAMPAIGN_ACTIONS = ["start", "pause", "resume", "stop", "archive"] as const;
export type CampaignAction = (typeof CAMPAIGN_ACTIONS)[number];
export const changeCampaignStatusSchema = z.object({
  campaignId: z.uuid(),
  action: z.enum(CAMPAIGN_ACTIONS),
});
export const updateCampaignSettingsSchema = z.object({
  campaignId: z.uuid(),
  settings: campaignSettingsSchema,
});
