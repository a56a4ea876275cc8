import type {
  StartCallInput,
  StartCallResult,
  VoiceProvider,
  VoiceProviderName,
} from "@/lib/integrations/voice/types";

/** A voice provider port for dialer tests: records every start request and answers as told. */
export type FakeVoice = VoiceProvider & { started: StartCallInput[] };

export function fakeVoice(
  answer: (input: StartCallInput, n: number) => Promise<StartCallResult> = async (input) => ({
    providerCallId: `fake_${input.callId}`,
  }),
  options: { account?: string; cap?: number; name?: VoiceProviderName } = {},
): FakeVoice {
  const started: StartCallInput[] = [];
  return {
    name: options.name ?? "simulator",
    account: options.account ?? "simulator:fake",
    concurrencyCap: options.cap ?? 100,
    simulated: true,
    started,
    async startCall(input) {
      started.push(input);
      return answer(input, started.length);
    },
    async getCall() {
      return null;
    },
  };
}
