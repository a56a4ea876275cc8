import { AppError } from "@/lib/errors";
import { SimulatorVoice } from "./simulator/simulator";
import { VoiceError, type VoiceProvider, type VoiceProviderName } from "./types";

let simulator: SimulatorVoice | undefined;

/**
 * The voice adapter for a campaign's provider. The simulator always works; Retell and Vapi
 * adapters arrive with issue 5, until then a campaign set to them fails clearly instead of dialing.
 */
export function voiceFor(provider: VoiceProviderName): VoiceProvider {
  switch (provider) {
    case "simulator":
      simulator ??= new SimulatorVoice();
      return simulator;
    case "retell":
      throw new VoiceError(
        "auth",
        "Retell is not configured: real Retell calls are not available yet (issue 5).",
      );
    case "vapi":
      throw new VoiceError(
        "auth",
        "Vapi is not configured: real Vapi calls are not available yet (issue 5).",
      );
    default:
      throw new AppError("bad_request", `Unknown voice provider: ${String(provider)}`);
  }
}

export type VoiceFor = typeof voiceFor;
