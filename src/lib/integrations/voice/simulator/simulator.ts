import { randomBytes, randomUUID } from "node:crypto";
import Retell from "retell-sdk";
import { appOrigin, env } from "@/env";
import { logger } from "@/lib/logger";
import { retellToCallReport } from "../retell/transform";
import { retellWebhookSchema } from "../retell/webhook-schema";
import type { ProviderCallState, StartCallInput, StartCallResult, VoiceProvider } from "../types";
import {
  chooseTime,
  type OutcomeMix,
  offeredTimes,
  parseOutcomeMix,
  planSimulatedCall,
  type Rng,
  type SimulatedCallPlan,
} from "./plan";

/*
 * The local voice adapter (design section 6). It "places" a call, then delivers the webhooks a
 * Retell call would produce (`call_started` when something picked up, `call_ended`,
 * `call_analyzed`), in Retell's format, signed with Retell's scheme, to the app's own
 * /api/webhooks/retell route: the demo and end-to-end tests run the production webhook and outcome
 * code. Everything it produces is labelled simulated.
 *
 * While an answered call "talks", it uses the in-call tools the way a real agent does, through the
 * app's own /api/tools/retell route in Retell's custom-function format, signed the same way: a
 * booked call asks check_availability and books one of the offered times with book_appointment
 * (so the appointment row exists and belongs to the call), a callback calls schedule_callback, a
 * do-not-call calls mark_do_not_call. Only then does the call end. When a tool fails (no free
 * time, the route unreachable) the analysis reports what really happened, not the plan.
 *
 * The signing key: SIMULATOR_WEBHOOK_KEY, or else a random key made once per process and kept on
 * globalThis. The webhook route accepts that key besides RETELL_API_KEY. This is safe because a
 * generated key never leaves the server process (it is not logged, stored or sent anywhere but as
 * an HMAC), so only this process can sign with it. With several server instances (serverless),
 * set SIMULATOR_WEBHOOK_KEY so every instance accepts the others' deliveries.
 */

export const SIMULATOR_ACCOUNT = "simulator:local";
export const SIMULATOR_CONCURRENCY = 20;

export type SimulatedCall = {
  id: string;
  input: StartCallInput;
  plan: SimulatedCallPlan;
  state: "pending" | "ongoing" | "ended";
  placedAt: number;
  startedAt: number | null;
  endedAt: number | null;
  /** The last call object sent (ended, then analyzed), for getCall. */
  lastEvent: { event: string; call: Record<string, unknown> } | null;
  /** The in-call tools, running while the call talks; the call ends after them. */
  tools: Promise<void> | null;
  /** Whether the planned outcome's tool did its job (null: no tool was needed or none ran yet). */
  toolsDone: boolean | null;
  /** For a booked call: the wall time booked, in the lead's zone. */
  bookedAt: string | null;
};

export type SignedDelivery = { url: string; body: string; signature: string };
export type Deliver = (delivery: SignedDelivery) => Promise<void>;
/**
 * Runs a step of a simulated call after `delayMs`. A step returns the promise of its own work (the
 * delivery it makes), so a test that drives the steps itself awaits each one instead of sleeping.
 */
export type Schedule = (fn: () => Promise<void>, delayMs: number) => void;
/** Posts a signed custom-function request and returns the route's JSON answer (throws on failure). */
export type CallTool = (request: SignedDelivery) => Promise<unknown>;

type SimulatorState = {
  key: string;
  calls: Map<string, SimulatedCall>;
  deliver: Deliver;
  callTool: CallTool;
  schedule: Schedule;
  rng: Rng;
  now: () => number;
};

/** Waits between delivery attempts when the app does not answer yet: about 30 s in all. */
export const DELIVERY_RETRY_DELAYS_MS = [500, 1000, 2000, 4000, 8000, 15000];

/**
 * Posts a webhook to the app itself. Right after a start the server may not listen yet (the
 * simulator can be asked to call while Next is still starting), so a connection that fails is
 * tried again quietly, as Retell retries its own deliveries; only giving up is logged.
 */
export async function deliverWithRetry(
  { url, body, signature }: SignedDelivery,
  options: {
    post?: typeof fetch;
    wait?: (ms: number) => Promise<void>;
    delays?: readonly number[];
  } = {},
): Promise<void> {
  const post = options.post ?? fetch;
  const wait = options.wait ?? ((ms) => new Promise<void>((r) => setTimeout(r, ms).unref?.()));
  const delays = options.delays ?? DELIVERY_RETRY_DELAYS_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await post(url, {
        method: "POST",
        headers: { "content-type": "application/json", "x-retell-signature": signature },
        body,
      });
      if (!res.ok) logger.warn("simulator: webhook delivery refused", { status: res.status });
      return;
    } catch (error) {
      const delay = delays[attempt];
      if (delay === undefined) {
        logger.warn("simulator: webhook delivery failed", { error: String(error), attempts: attempt + 1 });
        return;
      }
      await wait(delay);
    }
  }
}

const defaultDeliver: Deliver = (delivery) => deliverWithRetry(delivery);

const defaultCallTool: CallTool = async ({ url, body, signature }) => {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", "x-retell-signature": signature },
    body,
  });
  if (!res.ok) throw new Error(`tool route answered ${res.status}`);
  return res.json();
};

const defaultSchedule: Schedule = (fn, delayMs) => {
  const timer = setTimeout(
    () => {
      fn().catch((error) => logger.error("simulator: a call step failed", { error: String(error) }));
    },
    Math.max(0, delayMs),
  );
  timer.unref?.();
};

const g = globalThis as typeof globalThis & { __dialerSimulator?: SimulatorState };

function state(): SimulatorState {
  if (!g.__dialerSimulator) {
    g.__dialerSimulator = {
      key: "",
      calls: new Map(),
      deliver: defaultDeliver,
      callTool: defaultCallTool,
      schedule: defaultSchedule,
      rng: Math.random,
      now: Date.now,
    };
  }
  return g.__dialerSimulator;
}

/** The key the simulator signs with (configured, or random per process). Server-only. */
export function simulatorWebhookKey(): string {
  const s = state();
  const configured = env().SIMULATOR_WEBHOOK_KEY;
  if (configured) return configured;
  if (!s.key) s.key = `sim_${randomBytes(32).toString("hex")}`;
  return s.key;
}

/** Test and bench hook: capture deliveries, drive timers, seed the randomness, or restore defaults. */
export function configureSimulator(options: {
  deliver?: Deliver | null;
  callTool?: CallTool | null;
  schedule?: Schedule | null;
  rng?: Rng | null;
  now?: (() => number) | null;
}): void {
  const s = state();
  if (options.deliver !== undefined) s.deliver = options.deliver ?? defaultDeliver;
  if (options.callTool !== undefined) s.callTool = options.callTool ?? defaultCallTool;
  if (options.schedule !== undefined) s.schedule = options.schedule ?? defaultSchedule;
  if (options.rng !== undefined) s.rng = options.rng ?? Math.random;
  if (options.now !== undefined) s.now = options.now ?? Date.now;
}

/** Forgets every simulated call, as a process restart would. */
export function clearSimulatedCalls(): void {
  state().calls.clear();
}

/** The simulator calls this very server, so without APP_URL it uses the loopback address. */
const appUrl = (path: string) => `${appOrigin({ fallback: "127.0.0.1" })}${path}`;
const webhookUrl = () => appUrl("/api/webhooks/retell");
const toolsUrl = () => appUrl("/api/tools/retell");

/** The Retell call object for a simulated call at its current stage. */
function callObject(call: SimulatedCall, event: string): Record<string, unknown> {
  const { plan, input } = call;
  const object: Record<string, unknown> = {
    call_id: call.id,
    call_type: "phone_call",
    direction: "outbound",
    agent_id: input.agentId ?? "simulated-agent",
    from_number: input.fromNumber ?? "+15550000000",
    to_number: input.toNumber,
    call_status: call.state === "ended" ? "ended" : call.state === "ongoing" ? "ongoing" : "registered",
    metadata: {
      call_id: input.callId,
      org_id: input.orgId,
      campaign_id: input.campaignId,
      lead_id: input.leadId,
      simulated: true,
    },
  };
  if (call.startedAt !== null) object.start_timestamp = call.startedAt;
  if (event === "call_started") return object;
  object.end_timestamp = call.endedAt;
  // One clock: the length is the time between the timestamps it sends, as with Retell. The plan's
  // length was reporting 2:17 for a call that (at SIMULATOR_SPEED=10) connected and ended 13 s
  // apart on the call's own timeline; SIMULATOR_SPEED=1 gives calls of realistic length.
  const connectedMs = call.startedAt !== null && call.endedAt !== null ? call.endedAt - call.startedAt : 0;
  object.duration_ms = Math.max(0, connectedMs);
  object.disconnection_reason = plan.disconnectionReason;
  object.transcript = plan.connected ? "[simulated call: no real conversation took place]" : "";
  object.recording_url = null;
  object.call_cost = {
    combined_cost: Math.round((Math.max(0, connectedMs) / 60_000) * 7),
    product_costs: [],
  };
  if (event === "call_analyzed") {
    // A booking the calendar refused is no booking: the analysis says what happened.
    const outcome = plan.outcome === "booked" && call.toolsDone === false ? "unknown" : plan.outcome;
    const custom: Record<string, unknown> = { outcome: outcome ?? "unknown", simulated: true };
    if (call.bookedAt) custom.booked_time = call.bookedAt;
    // The agent already scheduled it in the call (moved into calling hours): do not override that.
    if (plan.callbackInHours !== null && !(plan.outcome === "callback" && call.toolsDone)) {
      custom.callback_at = new Date(
        (call.endedAt ?? call.placedAt) + plan.callbackInHours * 3_600_000,
      ).toISOString();
    }
    object.call_analysis = {
      call_summary: simulatedSummary(call, outcome),
      in_voicemail: plan.result === "voicemail",
      call_successful: outcome === "booked",
      user_sentiment: "Unknown",
      custom_analysis_data: custom,
    };
  }
  return object;
}

/** A post-call summary in the words a real analysis would use, labelled simulated. */
function simulatedSummary(call: SimulatedCall, outcome: string | null): string {
  const { plan } = call;
  if (plan.result === "voicemail") return "Simulated call: reached voicemail; no message was left.";
  switch (plan.outcome) {
    case "booked":
      return call.toolsDone === false || outcome !== "booked"
        ? "Simulated call: the lead wanted a meeting, but no time could be booked."
        : `Simulated call: the lead agreed to a meeting${call.bookedAt ? ` on ${call.bookedAt.replace("T", " at ")} (their time)` : ""}.`;
    case "not_interested":
      return "Simulated call: the lead listened and said they are not interested.";
    case "callback":
      return "Simulated call: the lead was busy and asked to be called back later.";
    case "do_not_call":
      return "Simulated call: the lead asked not to be called again.";
    case "unknown":
      return "Simulated call: a short conversation with no clear result.";
    default:
      return "Simulated call.";
  }
}

async function send(call: SimulatedCall, event: string): Promise<void> {
  const s = state();
  const payload = { event, call: callObject(call, event) };
  if (event !== "call_started") call.lastEvent = payload;
  const body = JSON.stringify(payload);
  const signature = await Retell.sign(body, simulatorWebhookKey());
  await s.deliver({ url: webhookUrl(), body, signature });
}

/** One signed custom-function request to the tools route; the answer's text, or null when it failed. */
async function askTool(
  call: SimulatedCall,
  name: string,
  args: Record<string, unknown>,
): Promise<string | null> {
  const body = JSON.stringify({ name, call: callObject(call, "call_started"), args });
  const signature = await Retell.sign(body, simulatorWebhookKey());
  try {
    const answer = await state().callTool({ url: toolsUrl(), body, signature });
    const result = (answer as { result?: unknown } | null)?.result;
    if (typeof result === "string") return result;
    logger.info("simulator: tool answered with an error", { tool: name, callId: call.input.callId });
    return null;
  } catch (error) {
    logger.warn("simulator: tool request failed", { tool: name, error: String(error) });
    return null;
  }
}

/** What the agent does with the tools for the planned outcome; sets `toolsDone`. */
async function runTools(call: SimulatedCall): Promise<void> {
  const { plan } = call;
  switch (plan.outcome) {
    case "booked": {
      const offered = await askTool(call, "check_availability", {});
      const start = offered ? chooseTime(plan, offeredTimes(offered)) : null;
      const booked = start
        ? await askTool(call, "book_appointment", { start, notes: "Booked in a simulated call." })
        : null;
      call.toolsDone = booked !== null;
      if (booked !== null) call.bookedAt = start;
      return;
    }
    case "callback": {
      const at = new Date(state().now() + (plan.callbackInHours ?? 24) * 3_600_000).toISOString();
      call.toolsDone =
        (await askTool(call, "schedule_callback", { at, reason: "Asked to be called back (simulated)." })) !==
        null;
      return;
    }
    case "do_not_call":
      call.toolsDone =
        (await askTool(call, "mark_do_not_call", { reason: "Asked not to be called again (simulated)." })) !==
        null;
      return;
    default:
      return;
  }
}

const USES_TOOLS = new Set(["booked", "callback", "do_not_call"]);

function run(call: SimulatedCall, speed: number): void {
  const s = state();
  const ring = call.plan.ringMs / speed;
  const talk = call.plan.talkMs / speed;
  if (call.plan.connected) {
    s.schedule(() => {
      call.state = "ongoing";
      call.startedAt = s.now();
      return send(call, "call_started");
    }, ring);
  }
  if (call.plan.result === "answered" && call.plan.outcome && USES_TOOLS.has(call.plan.outcome)) {
    // Halfway through the conversation the agent checks the calendar and books (or the like).
    s.schedule(
      () => {
        call.tools = runTools(call);
        return call.tools;
      },
      ring + talk / 2,
    );
  }
  s.schedule(async () => {
    // The call ends when the conversation (and so any tool the agent was using) is over.
    await call.tools;
    call.state = "ended";
    call.endedAt = s.now();
    await send(call, "call_ended");
    // Retell analyses after the call; a couple of (simulated) seconds later.
    s.schedule(() => send(call, "call_analyzed"), 2000 / speed);
  }, ring + talk);
}

export class SimulatorVoice implements VoiceProvider {
  readonly name = "simulator" as const;
  readonly account = SIMULATOR_ACCOUNT;
  readonly concurrencyCap = SIMULATOR_CONCURRENCY;
  readonly simulated = true;
  private readonly speed: number;
  private readonly mix: OutcomeMix;

  constructor(options: { speed?: number; mix?: OutcomeMix } = {}) {
    const e = env();
    this.speed = options.speed ?? e.SIMULATOR_SPEED;
    this.mix = options.mix ?? parseOutcomeMix(e.SIMULATOR_OUTCOMES);
  }

  async startCall(input: StartCallInput): Promise<StartCallResult> {
    const s = state();
    const call: SimulatedCall = {
      id: `sim_${randomUUID()}`,
      input,
      plan: planSimulatedCall(s.rng, this.mix),
      state: "pending",
      placedAt: s.now(),
      startedAt: null,
      endedAt: null,
      lastEvent: null,
      tools: null,
      toolsDone: null,
      bookedAt: null,
    };
    s.calls.set(call.id, call);
    run(call, this.speed);
    logger.debug("simulator: call placed", { callId: input.callId, providerCallId: call.id });
    return { providerCallId: call.id };
  }

  async getCall(providerCallId: string): Promise<ProviderCallState | null> {
    const call = state().calls.get(providerCallId);
    if (!call) return null;
    if (call.state !== "ended") return { state: call.state };
    const payload = call.lastEvent ?? { event: "call_ended", call: callObject(call, "call_ended") };
    const report = retellToCallReport(retellWebhookSchema.parse(payload), {
      provider: "simulator",
      receivedAt: new Date(state().now()),
    });
    return report ? { state: "ended", report } : null;
  }
}
