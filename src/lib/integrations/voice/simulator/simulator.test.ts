import Retell from "retell-sdk";
import { afterEach, describe, expect, it } from "vitest";
import { retellWebhookSchema } from "../retell/webhook-schema";
import { seededRng } from "./plan";
import {
  clearSimulatedCalls,
  configureSimulator,
  type SignedDelivery,
  SimulatorVoice,
  simulatorWebhookKey,
} from "./simulator";

const input = {
  callId: "11111111-1111-4111-8111-111111111111",
  orgId: "22222222-2222-4222-8222-222222222222",
  campaignId: "33333333-3333-4333-8333-333333333333",
  leadId: "44444444-4444-4444-8444-444444444444",
  toNumber: "+15555550100",
  fromNumber: null,
  agentId: null,
  variables: {},
};

afterEach(() => {
  configureSimulator({ deliver: null, schedule: null, rng: null, now: null });
  clearSimulatedCalls();
});

describe("simulator adapter", () => {
  it("delivers signed Retell-format webhooks in order and answers getCall", async () => {
    const deliveries: SignedDelivery[] = [];
    const timers: (() => void)[] = [];
    configureSimulator({
      deliver: async (d) => {
        deliveries.push(d);
      },
      schedule: (fn) => timers.push(fn),
      rng: seededRng(3),
    });
    const voice = new SimulatorVoice({
      speed: 10,
      mix: { answered: 1, no_answer: 0, voicemail: 0, busy: 0, failed: 0 },
    });
    const { providerCallId } = await voice.startCall(input);
    expect(providerCallId).toMatch(/^sim_[0-9a-f-]{36}$/);
    expect(await voice.getCall(providerCallId)).toEqual({ state: "pending" });

    // Run timers (and the ones they schedule) until none are left.
    while (timers.length) {
      timers.shift()?.();
      await new Promise((r) => setTimeout(r, 5));
    }
    const events = deliveries.map((d) => JSON.parse(d.body).event);
    expect(events).toEqual(["call_started", "call_ended", "call_analyzed"]);
    for (const d of deliveries) {
      expect(d.url).toMatch(/\/api\/webhooks\/retell$/);
      expect(await Retell.verify(d.body, simulatorWebhookKey(), d.signature)).toBe(true);
      const parsed = retellWebhookSchema.parse(JSON.parse(d.body));
      expect(parsed.call.metadata?.call_id).toBe(input.callId);
      expect(parsed.call.metadata?.simulated).toBe(true);
    }
    const state = await voice.getCall(providerCallId);
    expect(state?.state).toBe("ended");
    if (state?.state === "ended") {
      expect(state.report).toMatchObject({ provider: "simulator", event: "analyzed", result: "answered" });
    }
    expect(await voice.getCall("sim_unknown")).toBeNull();
  });

  it("sends no call_started for a call that never connects", async () => {
    const deliveries: SignedDelivery[] = [];
    const timers: (() => void)[] = [];
    configureSimulator({ deliver: async (d) => void deliveries.push(d), schedule: (fn) => timers.push(fn) });
    const voice = new SimulatorVoice({
      mix: { answered: 0, no_answer: 1, voicemail: 0, busy: 0, failed: 0 },
    });
    await voice.startCall(input);
    while (timers.length) {
      timers.shift()?.();
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(deliveries.map((d) => JSON.parse(d.body).event)).toEqual(["call_ended", "call_analyzed"]);
    expect(JSON.parse(deliveries[0]!.body).call.disconnection_reason).toBe("dial_no_answer");
  });
});
