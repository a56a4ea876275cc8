import { logger } from "@/lib/logger";
import { type EnqueueOptions, type Job, type JobType, PermanentJobError, type Queue } from "../types";

export type JobHandler = (job: Job) => Promise<void>;

export type InProcessQueueOptions = {
  handler: JobHandler;
  /** Jobs running at once (all keys together). */
  concurrency?: number;
  /** Tries per job, the first included, before it is dropped with an error log. */
  maxAttempts?: number;
  /** First retry delay; doubles per retry. */
  retryBaseMs?: number;
  /** How long a dedupe id is remembered (QStash documents 10 minutes). */
  dedupeWindowMs?: number;
  /**
   * At most this many jobs of a type at once (unless the job names its own flow key): work that
   * can wait leaves the process, which also answers requests, room for them.
   */
  typeParallelism?: Partial<Record<JobType, number>>;
};

type Entry = {
  job: Job;
  attempt: number;
  flowKey?: string;
  flowParallelism?: number;
  flowRatePerSecond?: number;
};

/**
 * The queue for local and self-hosted runs: jobs run in this process, a few at a time, with the
 * same semantics the QStash adapter gives (dedupe ids, delays, retries on thrown errors except
 * PermanentJobError, per-key parallelism). Lost on restart, which the reconciler covers.
 */
export class InProcessQueue implements Queue {
  readonly name = "in-process" as const;
  private readonly handler: JobHandler;
  private readonly concurrency: number;
  private readonly maxAttempts: number;
  private readonly retryBaseMs: number;
  private readonly dedupeWindowMs: number;
  private readonly typeParallelism: Partial<Record<JobType, number>>;
  private readonly seen = new Map<string, number>();
  private readonly ready: Entry[] = [];
  private readonly perKey = new Map<string, number>();
  /** When each rate-limited flow key last started a job (ms). */
  private readonly lastStart = new Map<string, number>();
  private rateTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private running = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(options: InProcessQueueOptions) {
    this.handler = options.handler;
    this.concurrency = options.concurrency ?? 4;
    this.maxAttempts = options.maxAttempts ?? 4;
    this.retryBaseMs = options.retryBaseMs ?? 2_000;
    this.dedupeWindowMs = options.dedupeWindowMs ?? 10 * 60_000;
    this.typeParallelism = options.typeParallelism ?? {};
  }

  async enqueue(job: Job, options: EnqueueOptions = {}): Promise<void> {
    if (options.dedupeId) {
      const nowMs = Date.now();
      // Ids are remembered in the order they came, so the expired ones are at the front: every
      // webhook event queues a job with an id, and a scan of all of them per enqueue was quadratic.
      for (const [id, at] of this.seen) {
        if (nowMs - at <= this.dedupeWindowMs) break;
        this.seen.delete(id);
      }
      if (this.seen.has(options.dedupeId)) return;
      this.seen.set(options.dedupeId, nowMs);
    }
    const typeLimit = options.flowKey ? undefined : this.typeParallelism[job.type];
    const entry: Entry = {
      job,
      attempt: 1,
      flowKey: typeLimit ? `type:${job.type}` : options.flowKey,
      flowParallelism: typeLimit ?? options.flowParallelism,
      flowRatePerSecond: options.flowRatePerSecond,
    };
    this.later(entry, (options.delaySeconds ?? 0) * 1000);
  }

  /** Resolves once nothing is running, waiting or delayed (tests). */
  async drain(): Promise<void> {
    if (this.idle()) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  /** Drops delayed and waiting jobs (tests, shutdown). */
  clear(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.rateTimer = null;
    this.ready.length = 0;
    this.settle();
  }

  private idle(): boolean {
    return this.running === 0 && this.ready.length === 0 && this.timers.size === 0;
  }

  private later(entry: Entry, delayMs: number): void {
    if (delayMs <= 0) {
      this.ready.push(entry);
      queueMicrotask(() => this.pump());
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.ready.push(entry);
      this.pump();
    }, delayMs);
    timer.unref?.();
    this.timers.add(timer);
  }

  /** Milliseconds until a job of this rate-limited key may start (0: now). */
  private rateWait(entry: Entry, nowMs: number): number {
    if (!entry.flowKey || !entry.flowRatePerSecond) return 0;
    const last = this.lastStart.get(entry.flowKey);
    return last === undefined ? 0 : Math.max(0, last + 1000 / entry.flowRatePerSecond - nowMs);
  }

  private pump(): void {
    let soonest = Number.POSITIVE_INFINITY;
    while (this.running < this.concurrency) {
      const nowMs = Date.now();
      const index = this.ready.findIndex((e) => {
        if (
          e.flowKey &&
          (this.perKey.get(e.flowKey) ?? 0) >= (e.flowParallelism ?? Number.POSITIVE_INFINITY)
        ) {
          return false;
        }
        const wait = this.rateWait(e, nowMs);
        if (wait > 0) soonest = Math.min(soonest, wait);
        return wait === 0;
      });
      if (index < 0) break;
      const [entry] = this.ready.splice(index, 1);
      if (entry?.flowKey && entry.flowRatePerSecond) this.lastStart.set(entry.flowKey, nowMs);
      if (entry) void this.run(entry);
    }
    // Jobs held back by a rate limit start when their key's interval has passed.
    if (soonest < Number.POSITIVE_INFINITY && !this.rateTimer) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.rateTimer = null;
        this.pump();
      }, Math.ceil(soonest));
      timer.unref?.();
      this.rateTimer = timer;
      this.timers.add(timer);
    }
    this.settle();
  }

  private async run(entry: Entry): Promise<void> {
    this.running += 1;
    if (entry.flowKey) this.perKey.set(entry.flowKey, (this.perKey.get(entry.flowKey) ?? 0) + 1);
    try {
      await this.handler(entry.job);
    } catch (error) {
      const fields = { job: entry.job, attempt: entry.attempt, error: (error as Error).message };
      if (error instanceof PermanentJobError || entry.attempt >= this.maxAttempts) {
        logger.error("job failed; dropped", fields);
      } else {
        logger.warn("job failed; retrying", fields);
        this.later({ ...entry, attempt: entry.attempt + 1 }, this.retryBaseMs * 2 ** (entry.attempt - 1));
      }
    } finally {
      this.running -= 1;
      if (entry.flowKey) this.perKey.set(entry.flowKey, (this.perKey.get(entry.flowKey) ?? 1) - 1);
      this.pump();
    }
  }

  private settle(): void {
    if (!this.idle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
