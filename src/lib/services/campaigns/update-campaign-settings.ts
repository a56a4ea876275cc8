import { and, eq, ne } from "drizzle-orm";
import { env } from "@/env";
import type { Tx } from "@/lib/db/client";
import { getCampaign } from "@/lib/db/queries/campaigns";
import { campaigns } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { CampaignSettings } from "@/lib/schemas/campaign";
import type { Actor } from "../organizations/roles";

/** Which providers this deployment can place calls with (their API key is set). */
export function availableVoiceProviders(): Record<CampaignSettings["voiceProvider"], boolean> {
  const e = env();
  return { simulator: true, retell: Boolean(e.RETELL_API_KEY), vapi: Boolean(e.VAPI_API_KEY) };
}

/**
 * Saves a campaign's calling settings (already parsed by `campaignSettingsSchema`). Runs in the
 * member's `withUser` transaction, so RLS decides whether the campaign is theirs to change.
 */
export async function updateCampaignSettings({
  tx,
  actor,
  campaignId,
  settings,
  providers = availableVoiceProviders(),
}: {
  tx: Tx;
  actor: Actor;
  campaignId: string;
  settings: CampaignSettings;
  providers?: Record<CampaignSettings["voiceProvider"], boolean>;
}) {
  if (!providers[settings.voiceProvider]) {
    const key = settings.voiceProvider === "retell" ? "RETELL_API_KEY" : "VAPI_API_KEY";
    throw new AppError(
      "validation",
      `Add ${key} to the environment to call with ${settings.voiceProvider}.`,
      {
        fields: { voiceProvider: `Add ${key} first.` },
      },
    );
  }
  const [row] = await tx
    .update(campaigns)
    .set({
      name: settings.name,
      voiceProvider: settings.voiceProvider,
      agentId: settings.agentId,
      callerId: settings.callerId,
      callingDays: [...settings.callingWindow.days].sort((a, b) => a - b),
      callingStartMinute: settings.callingWindow.startMinute,
      callingEndMinute: settings.callingWindow.endMinute,
      retryPolicy: settings.retryPolicy,
      maxAttempts: settings.maxAttempts,
      maxAttemptsPerDay: settings.maxAttemptsPerDay,
      maxConcurrentCalls: settings.maxConcurrentCalls,
      dailyCallCap: settings.dailyCallCap,
      spendCapCents: settings.spendCapDollars === null ? null : Math.round(settings.spendCapDollars * 100),
      requireConsent: settings.requireConsent,
      breakerFailurePercent: settings.breakerFailurePercent,
      breakerWindow: settings.breakerWindow,
      updatedAt: new Date(),
    })
    // Archived campaigns are read-only; the form hides its save button, this holds for any caller.
    .where(
      and(eq(campaigns.orgId, actor.orgId), eq(campaigns.id, campaignId), ne(campaigns.status, "archived")),
    )
    .returning();
  if (row) return row;
  if (await getCampaign(tx, { orgId: actor.orgId, campaignId }))
    throw new AppError("conflict", "Archived campaigns are read-only.");
  throw new AppError("not_found", "That campaign doesn't exist or isn't yours to change.");
}
