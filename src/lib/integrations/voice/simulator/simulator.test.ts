import Retell from "retell-sdk";
import { afterEach, describe, expect, it, vi } from "vitest";
import { steppedSchedule } from "../../../../../tests/helpers/simulator-steps";
import { retellFunctionCallSchema, retellWebhookSchema } from "../retell/webhook-schema";
import { seededRng } from "./plan";
import {
  clearSimulatedCalls,
  configureSimulator,
  deliverWithRetry,
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
  configureSimulator({ deliver: null, callTool: null, schedule: null, rng: null, now: null });
  clearSimulatedCalls();
});

describe("simulator adapter", () => {
  it("delivers signed Retell-format webhooks in order and answers getCall", async () => {
    const deliveries: SignedDelivery[] = [];
    const steps = steppedSchedule();
    configureSimulator({
      deliver: async (d) => {
        deliveries.push(d);
      },
      schedule: steps.schedule,
      rng: seededRng(3),
    });
    const voice = new SimulatorVoice({
      speed: 10,
      mix: { answered: 1, no_answer: 0, voicemail: 0, busy: 0, failed: 0 },
    });
    const { providerCallId } = await voice.startCall(input);
    expect(providerCallId).toMatch(/^sim_[0-9a-f-]{36}$/);
    expect(await voice.getCall(providerCallId)).toEqual({ state: "pending" });

    // Run each step to its end (a step may schedule the next) until none are left.
    await steps.runAll();
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
    const steps = steppedSchedule();
    configureSimulator({ deliver: async (d) => void deliveries.push(d), schedule: steps.schedule });
    const voice = new SimulatorVoice({
      mix: { answered: 0, no_answer: 1, voicemail: 0, busy: 0, failed: 0 },
    });
    await voice.startCall(input);
    await steps.runAll();
    expect(deliveries.map((d) => JSON.parse(d.body).event)).toEqual(["call_ended", "call_analyzed"]);
    expect(JSON.parse(deliveries[0]!.body).call.disconnection_reason).toBe("dial_no_answer");
  });

  const answeredOnly = { answered: 1, no_answer: 0, voicemail: 0, busy: 0, failed: 0 };
  const OFFER =
    "Free times: Tuesday Dec 8 (2026-12-08): 9:00 AM, 2:30 PM; Wednesday Dec 9 (2026-12-09): 10:00 AM (America/Chicago)";

  /** Runs a seeded answered call to its end; returns the log of tool requests and webhooks, in order. */
  async function simulate(seed: number, answer: (name: string, args: Record<string, unknown>) => unknown) {
    const log: { kind: "tool" | "webhook"; name: string; args?: Record<string, unknown>; body: string }[] =
      [];
    const steps = steppedSchedule();
    configureSimulator({
      rng: seededRng(seed),
      schedule: steps.schedule,
      deliver: async (d) => void log.push({ kind: "webhook", name: JSON.parse(d.body).event, body: d.body }),
      callTool: async (d) => {
        expect(d.url).toMatch(/\/api\/tools\/retell$/);
        expect(await Retell.verify(d.body, simulatorWebhookKey(), d.signature)).toBe(true);
        const req = retellFunctionCallSchema.parse(JSON.parse(d.body));
        expect(req.call.metadata?.call_id).toBe(input.callId);
        log.push({ kind: "tool", name: req.name, args: req.args ?? {}, body: d.body });
        return answer(req.name, req.args ?? {});
      },
    });
    await new SimulatorVoice({ speed: 10, mix: answeredOnly }).startCall(input);
    await steps.runAll();
    const analyzed = log.find((l) => l.name === "call_analyzed");
    const custom = JSON.parse(analyzed!.body).call.call_analysis.custom_analysis_data;
    return { log, custom };
  }

  it("a booked call checks availability and books an offered time before the call ends", async () => {
    // Seed 5 plans an answered call the lead books.
    const { log, custom } = await simulate(5, (name) =>
      name === "check_availability" ? { result: OFFER } : { result: "Booked: Tuesday Dec 8 at 9:00 AM." },
    );
    expect(log.map((l) => l.name)).toEqual([
      "call_started",
      "check_availability",
      "book_appointment",
      "call_ended",
      "call_analyzed",
    ]);
    const start = log[2]!.args!.start as string;
    expect(["2026-12-08T09:00", "2026-12-08T14:30", "2026-12-09T10:00"]).toContain(start);
    expect(custom).toMatchObject({ outcome: "booked", booked_time: start });
  });

  it("a booking the calendar refuses ends as unknown, not booked", async () => {
    const { log, custom } = await simulate(5, (name) =>
      name === "check_availability" ? { result: OFFER } : { error: "That time is no longer free." },
    );
    expect(log.filter((l) => l.kind === "tool").map((l) => l.name)).toEqual([
      "check_availability",
      "book_appointment",
    ]);
    expect(custom.outcome).toBe("unknown");
    const none = await simulate(5, () => ({ result: "No free times in the next week." }));
    expect(none.log.filter((l) => l.kind === "tool").map((l) => l.name)).toEqual(["check_availability"]);
    expect(none.custom.outcome).toBe("unknown");
  });

  it("a callback schedules it in the call; a do-not-call marks the number", async () => {
    // Seed 8 plans a callback, seed 9 a do-not-call.
    const cb = await simulate(8, () => ({ result: "Callback scheduled." }));
    expect(cb.log.map((l) => l.name)).toEqual([
      "call_started",
      "schedule_callback",
      "call_ended",
      "call_analyzed",
    ]);
    expect(Number.isNaN(Date.parse(cb.log[1]!.args!.at as string))).toBe(false);
    // The tool scheduled it (within calling hours): the analysis does not override that time.
    expect(cb.custom).toEqual({ outcome: "callback", simulated: true });
    const failed = await simulate(8, () => ({ error: "nope" }));
    expect(failed.custom.callback_at).toEqual(expect.any(String));

    const dnc = await simulate(9, () => ({ result: "Done." }));
    expect(dnc.log.map((l) => l.name)).toEqual([
      "call_started",
      "mark_do_not_call",
      "call_ended",
      "call_analyzed",
    ]);
    expect(dnc.custom.outcome).toBe("do_not_call");
  });
});

describe("webhook delivery to the app itself", () => {
  const delivery = { url: "http://127.0.0.1:1/api/webhooks/retell", body: "{}", signature: "sig" };

  it("tries again quietly while the server does not listen yet, then delivers once", async () => {
    const waits: number[] = [];
    let calls = 0;
    const post = (async () => {
      calls++;
      if (calls < 3) throw new TypeError("fetch failed");
      return new Response("{}", { status: 200 });
    }) as typeof fetch;
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    await deliverWithRetry(delivery, { post, wait: async (ms) => void waits.push(ms), delays: [10, 20, 40] });
    expect(calls).toBe(3);
    expect(waits).toEqual([10, 20]);
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  it("logs once when the server never answers", async () => {
    const post = (async () => {
      throw new TypeError("fetch failed");
    }) as typeof fetch;
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    await deliverWithRetry(delivery, { post, wait: async () => {}, delays: [10, 20] });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toContain("webhook delivery failed");
    warn.mockRestore();
  });
});

describe("simulator clock", () => {
  /** Runs the steps in time order on a virtual clock that jumps to each step's time. */
  function clockedSchedule(start: number) {
    let now = start;
    const due: { at: number; fn: () => Promise<void> }[] = [];
    return {
      now: () => now,
      schedule: (fn: () => Promise<void>, delayMs: number) => void due.push({ at: now + delayMs, fn }),
      async runAll() {
        while (due.length) {
          due.sort((a, b) => a.at - b.at);
          const next = due.shift()!;
          now = next.at;
          await next.fn();
        }
      },
    };
  }

  it("reports a duration that equals the time between its own start and end timestamps, at any speed", async () => {
    for (const speed of [1, 10, 100]) {
      const deliveries: SignedDelivery[] = [];
      const clock = clockedSchedule(Date.parse("2026-12-07T15:00:00Z"));
      configureSimulator({
        deliver: async (d) => void deliveries.push(d),
        schedule: clock.schedule,
        now: clock.now,
        rng: seededRng(3),
        callTool: async () => ({ result: "ok" }),
      });
      await new SimulatorVoice({
        speed,
        mix: { answered: 1, no_answer: 0, voicemail: 0, busy: 0, failed: 0 },
      }).startCall(input);
      await clock.runAll();
      const ended = JSON.parse(deliveries.find((d) => JSON.parse(d.body).event === "call_ended")!.body).call;
      expect(ended.end_timestamp - ended.start_timestamp).toBeGreaterThan(0);
      expect(ended.duration_ms).toBe(ended.end_timestamp - ended.start_timestamp);
      clearSimulatedCalls();
    }
  });

  it("gives every analysed call a summary in words", async () => {
    const clock = clockedSchedule(Date.parse("2026-12-07T15:00:00Z"));
    const deliveries: SignedDelivery[] = [];
    configureSimulator({
      deliver: async (d) => void deliveries.push(d),
      schedule: clock.schedule,
      now: clock.now,
      rng: seededRng(5),
      callTool: async (d) =>
        JSON.parse(d.body).name === "check_availability"
          ? { result: "Free times: Tuesday Dec 8 (2026-12-08): 9:00 AM (America/Chicago)" }
          : { result: "Booked." },
    });
    await new SimulatorVoice({
      mix: { answered: 1, no_answer: 0, voicemail: 0, busy: 0, failed: 0 },
    }).startCall(input);
    await clock.runAll();
    const analyzed = JSON.parse(
      deliveries.find((d) => JSON.parse(d.body).event === "call_analyzed")!.body,
    ).call;
    expect(analyzed.call_analysis.call_summary).toBe(
      "Simulated call: the lead agreed to a meeting on 2026-12-08 at 09:00 (their time).",
    );
  });
});
