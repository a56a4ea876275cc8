import "server-only";
import { env } from "@/env";
import { createRetellVoice } from "./retell/retell-voice";
import { SimulatorVoice } from "./simulator/simulator";
import type { VoiceProvider } from "./types";
import { createVapiVoice } from "./vapi/vapi-voice";

let simulator: SimulatorVoice | undefined;

/**
 * The call simulator (design section 6): the voice adapter every organization has. Retell and
 * Vapi adapters need an organization's credentials and are chosen per call by
 * `src/lib/services/voice/voice-for.ts`, through `createProviderVoice`.
 */
export function simulatorVoice(): VoiceProvider {
  simulator ??= new SimulatorVoice();
  return simulator;
}

/** A Retell or Vapi adapter for one account's key, at the environment's base URLs (contract fakes in tests). */
export function createProviderVoice(
  provider: "retell" | "vapi",
  options: { apiKey: string; account: string; concurrencyCap: number },
): VoiceProvider {
  const e = env();
  switch (provider) {
    case "retell":
      return createRetellVoice({ ...options, baseUrl: e.RETELL_BASE_URL });
    case "vapi":
      return createVapiVoice({ ...options, baseUrl: e.VAPI_BASE_URL });
    default: {
      const never: never = provider;
      throw new Error(`Unknown voice provider: ${never}`);
    }
  }
}
