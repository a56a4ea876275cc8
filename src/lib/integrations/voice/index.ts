import { SimulatorVoice } from "./simulator/simulator";
import type { VoiceProvider } from "./types";

let simulator: SimulatorVoice | undefined;

/**
 * The call simulator (design section 6): the voice adapter every organization has. Retell and
 * Vapi adapters need an organization's credentials and are chosen per call by
 * `src/lib/services/voice/voice-for.ts`.
 */
export function simulatorVoice(): VoiceProvider {
  simulator ??= new SimulatorVoice();
  return simulator;
}
