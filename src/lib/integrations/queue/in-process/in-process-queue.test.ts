import { afterEach, describe, expect, it, vi } from "vitest";
import { type Job, PermanentJobError } from "../types";
import { InProcessQueue } from "./in-process-queue";

const tick = (campaignId?: string): Job => ({ type: "tick", campaignId });

describe("InProcessQueue", () => {
  it("runs each job once per dedupe id", async () => {
    const ran: Job[] = [];
    const queue = new InProcessQueue({ handler: async (job) => void ran.push(job) });
    await queue.enqueue(tick("a"), { dedupeId: "x" });
    await queue.enqueue(tick("b"), { dedupeId: "x" });
    await queue.enqueue(tick("c"));
    await queue.drain();
    expect(ran.map((j) => (j as { campaignId?: string }).campaignId)).toEqual(["a", "c"]);
  });

  it("retries thrown errors with backoff, but not a PermanentJobError", async () => {
    const tries = new Map<string, number>();
    const queue = new InProcessQueue({
      retryBaseMs: 1,
      maxAttempts: 3,
      handler: async (job) => {
        const id = (job as { campaignId: string }).campaignId;
        tries.set(id, (tries.get(id) ?? 0) + 1);
        if (id === "permanent") throw new PermanentJobError("never");
        if (id === "flaky" && (tries.get(id) ?? 0) < 2) throw new Error("once");
        if (id === "broken") throw new Error("always");
      },
    });
    for (const id of ["permanent", "flaky", "broken"]) await queue.enqueue(tick(id));
    await queue.drain();
    expect(Object.fromEntries(tries)).toEqual({ permanent: 1, flaky: 2, broken: 3 });
  });

  it("keeps concurrency and per-key parallelism, and runs delayed jobs", async () => {
    let running = 0;
    let peak = 0;
    let peakKey = 0;
    let runningKey = 0;
    const queue = new InProcessQueue({
      concurrency: 3,
      handler: async (job) => {
        const keyed = (job as { campaignId?: string }).campaignId === "k";
        running += 1;
        if (keyed) runningKey += 1;
        peak = Math.max(peak, running);
        peakKey = Math.max(peakKey, runningKey);
        await new Promise((r) => setTimeout(r, 2));
        running -= 1;
        if (keyed) runningKey -= 1;
      },
    });
    for (let i = 0; i < 6; i++) await queue.enqueue(tick("k"), { flowKey: "acct", flowParallelism: 1 });
    for (let i = 0; i < 6; i++) await queue.enqueue(tick("free"));
    await queue.enqueue(tick("later"), { delaySeconds: 0.01 });
    await queue.drain();
    expect(peak).toBeLessThanOrEqual(3);
    expect(peakKey).toBe(1);
    expect(running).toBe(0);
  });

  it("runs at most `typeParallelism` jobs of a type at once, others beside them", async () => {
    let applying = 0;
    let peakApplying = 0;
    let peak = 0;
    let running = 0;
    // Every job holds its slot until all four slots are taken: one application and three ticks
    // must run together. A second application at once, or ticks kept waiting behind the
    // applications, and the gate never opens (the test times out).
    let open = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const queue = new InProcessQueue({
      concurrency: 4,
      typeParallelism: { "apply-webhook-event": 1 },
      handler: async (job) => {
        running += 1;
        if (job.type === "apply-webhook-event") applying += 1;
        peak = Math.max(peak, running);
        peakApplying = Math.max(peakApplying, applying);
        if (running === 4) open();
        await gate;
        running -= 1;
        if (job.type === "apply-webhook-event") applying -= 1;
      },
    });
    for (let i = 0; i < 5; i++) await queue.enqueue({ type: "apply-webhook-event", eventId: i });
    for (let i = 0; i < 3; i++) await queue.enqueue(tick(`t${i}`));
    await queue.drain();
    expect(peakApplying).toBe(1);
    expect(peak).toBe(4);
    expect(running).toBe(0);
  });

  it("forgets a dedupe id after the window, oldest first, and keeps the younger ones", async () => {
    vi.useFakeTimers();
    try {
      const ran: string[] = [];
      const queue = new InProcessQueue({
        dedupeWindowMs: 1_000,
        handler: async (job) => void ran.push((job as { campaignId: string }).campaignId),
      });
      await queue.enqueue(tick("a"), { dedupeId: "old" });
      await vi.advanceTimersByTimeAsync(600);
      await queue.enqueue(tick("b"), { dedupeId: "young" });
      await vi.advanceTimersByTimeAsync(600);
      // 1.2 s after "old" and 0.6 s after "young": the first is forgotten, the second still held.
      await queue.enqueue(tick("old again"), { dedupeId: "old" });
      await queue.enqueue(tick("young again"), { dedupeId: "young" });
      await vi.advanceTimersByTimeAsync(0);
      await queue.drain();
      expect(ran).toEqual(["a", "b", "old again"]);
    } finally {
      vi.useRealTimers();
    }
  });

  describe("flow rate", () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it("starts at most `flowRatePerSecond` jobs of a key per second; other keys are not held", async () => {
      vi.useFakeTimers();
      const started: string[] = [];
      const queue = new InProcessQueue({
        concurrency: 10,
        handler: async (job) => void started.push((job as { campaignId: string }).campaignId),
      });
      for (const id of ["a1", "a2", "a3"]) {
        await queue.enqueue(tick(id), { flowKey: "resend", flowParallelism: 1, flowRatePerSecond: 2 });
      }
      await queue.enqueue(tick("other"), { flowKey: "other" });
      await vi.advanceTimersByTimeAsync(0);
      expect(started.sort()).toEqual(["a1", "other"]);
      await vi.advanceTimersByTimeAsync(499);
      expect(started).toHaveLength(2);
      await vi.advanceTimersByTimeAsync(1);
      expect(started).toContain("a2");
      expect(started).toHaveLength(3);
      await vi.advanceTimersByTimeAsync(500);
      expect(started).toContain("a3");
      await queue.drain();
    });
  });
});
