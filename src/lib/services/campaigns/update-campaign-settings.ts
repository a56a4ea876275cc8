import { and, eq, ne, sql } from "drizzle-orm";
import type { Tx } from "@/lib/db/client";
import { insertAuditEntry } from "@/lib/db/queries/audit-log";
import { getCampaign } from "@/lib/db/queries/campaigns";
import { campaigns } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { CampaignSettings } from "@/lib/schemas/campaign";
import { listProviderConnections } from "../credentials/list-provider-connections";
import type { Actor } from "../organizations/roles";

export type VoiceProviderAvailability = Record<CampaignSettings["voiceProvider"], boolean>;

/**
 * Which providers this organization can place calls with: those with a key of its own (Settings →
 * Integrations) or the deployment's (environment). The simulator always.
 */
export async function availableVoiceProviders({
  tx,
  orgId,
}: {
  tx: Tx;
  orgId: string;
}): Promise<VoiceProviderAvailability> {
  const connections = await listProviderConnections({ tx, orgId });
  const has = (provider: "retell" | "vapi") =>
    connections.some((c) => c.provider === provider && c.source !== "none");
  return { simulator: true, retell: has("retell"), vapi: has("vapi") };
}

const PROVIDER_NAMES = { retell: "Retell", vapi: "Vapi" } as const;
const PROVIDER_ENV = { retell: "RETELL_API_KEY", vapi: "VAPI_API_KEY" } as const;

/**
 * Saves a campaign's calling settings (already parsed by `campaignSettingsSchema`). Runs in the
 * member's `withUser` transaction, so RLS decides whether the campaign is theirs to change.
 */
export async function updateCampaignSettings({
  tx,
  actor,
  campaignId,
  settings,
  providers,
}: {
  tx: Tx;
  actor: Actor;
  campaignId: string;
  settings: CampaignSettings;
  /** Defaults to what the organization has keys for. */
  providers?: VoiceProviderAvailability;
}) {
  const { voiceProvider } = settings;
  const available = providers ?? (await availableVoiceProviders({ tx, orgId: actor.orgId }));
  if (voiceProvider !== "simulator" && !available[voiceProvider]) {
    const name = PROVIDER_NAMES[voiceProvider];
    throw new AppError(
      "validation",
      `Add a ${name} key in Settings → Integrations (or ${PROVIDER_ENV[voiceProvider]} in the environment) to call with ${name}.`,
      { fields: { voiceProvider: `Add a ${name} key in Settings → Integrations first.` } },
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
      ...(settings.disabledEmailKinds ? { disabledEmailKinds: settings.disabledEmailKinds } : {}),
      updatedAt: sql`now()`,
    })
    // Archived campaigns are read-only; the form hides its save button, this holds for any caller.
    .where(
      and(eq(campaigns.orgId, actor.orgId), eq(campaigns.id, campaignId), ne(campaigns.status, "archived")),
    )
    .returning();
  if (row) {
    await insertAuditEntry(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: "campaigns.update",
      targetType: "campaigns",
      targetId: row.id,
      data: { name: row.name, voiceProvider: row.voiceProvider },
    });
    return row;
  }
  if (await getCampaign(tx, { orgId: actor.orgId, campaignId }))
    throw new AppError("conflict", "Archived campaigns are read-only.");
  throw new AppError("not_found", "That campaign doesn't exist or isn't yours to change.");
}
