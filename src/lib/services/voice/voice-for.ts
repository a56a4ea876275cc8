import { env } from "@/env";
import type { Database } from "@/lib/db/client";
import { simulatorVoice } from "@/lib/integrations/voice";
import { createRetellVoice } from "@/lib/integrations/voice/retell/retell-voice";
import { VoiceError, type VoiceProvider } from "@/lib/integrations/voice/types";
import { createVapiVoice } from "@/lib/integrations/voice/vapi/vapi-voice";
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
    const e = env();
    const voice =
      provider === "retell"
        ? createRetellVoice({
            apiKey: credentials.apiKey,
            baseUrl: e.RETELL_BASE_URL,
            account: credentials.account,
            concurrencyCap: cap,
          })
        : createVapiVoice({
            apiKey: credentials.apiKey,
            baseUrl: e.VAPI_BASE_URL,
            account: credentials.account,
            concurrencyCap: cap,
          });
    if (adapters.size > 500) adapters.clear();
    adapters.set(cacheKey, voice);
    return voice;
  };
}

const adapters = new Map<string, VoiceProvider>();
