import type { Database } from "@/lib/db/client";
import { createProviderVoice, simulatorVoice } from "@/lib/integrations/voice";
import { VoiceError, type VoiceProvider } from "@/lib/integrations/voice/types";
import { loadProviderCredentials } from "../credentials/provider-credentials";
import type { VoiceFor } from "../dialer/dispatch-call";

const DEFAULT_CAP = { retell: 20, vapi: 10 } as const;

/**
 * The dialer's voice adapters, per organization (docs/decisions/0004-voice-providers.md): the simulator always; Retell
 * and Vapi with the organization's own key from settings, else the environment's. Without
 * either, a campaign set to that provider is refused with `VoiceError('auth')`, which pauses the
 * campaign with the reason instead of failing its leads. Adapters are kept per account and key.
 */
export function voiceForDb(db: Database): VoiceFor {
  return async (provider, orgId) => {
    if (provider === "simulator") return simulatorVoice();
    const credentials = await loadProviderCredentials(db, orgId, provider);
    if (!credentials) {
      const name = provider === "retell" ? "Retell" : "Vapi";
      throw new VoiceError(
        "auth",
        `${name} is not connected: add a ${name} key in Settings → Integrations (or ${provider.toUpperCase()}_API_KEY on the server), then resume.`,
      );
    }
    const cap = Number(credentials.config.concurrency) || DEFAULT_CAP[provider];
    const cacheKey = `${credentials.account}:${cap}:${credentials.apiKey}`;
    const cached = adapters.get(cacheKey);
    if (cached) return cached;
    const voice = createProviderVoice(provider, {
      apiKey: credentials.apiKey,
      account: credentials.account,
      concurrencyCap: cap,
    });
    if (adapters.size > 500) adapters.clear();
    adapters.set(cacheKey, voice);
    return voice;
  };
}

const adapters = new Map<string, VoiceProvider>();
