import "server-only";
import { env } from "@/env";
import { InProcessQueue, type JobHandler } from "./in-process/in-process-queue";
import { QstashQueue } from "./qstash/qstash-queue";
import type { Queue } from "./types";

export type { JobHandler } from "./in-process/in-process-queue";
export type { EnqueueOptions, Job, Queue } from "./types";
export { PermanentJobError } from "./types";

// One queue and one job handler per process, kept across dev hot reloads (and shared by Next's
// separate module graphs for instrumentation and routes) so in-process jobs and dedupe ids survive.
const holder = globalThis as { __dialerQueue?: Queue; __dialerJobHandler?: JobHandler };

/**
 * The worker the in-process queue runs jobs with. Registered at boot (src/lib/boot.ts) rather than
 * imported here: the job handler's services enqueue through this module, so importing them here
 * would make a cycle.
 */
export function setJobHandler(handler: JobHandler | undefined): void {
  holder.__dialerJobHandler = handler;
}

/** The queue: QStash when QSTASH_TOKEN is set, otherwise jobs run in this process. */
export function getQueue(): Queue {
  holder.__dialerQueue ??= createQueue();
  return holder.__dialerQueue;
}

/** Replaces the process-wide queue (tests). */
export function setQueue(queue: Queue | undefined): void {
  holder.__dialerQueue = queue;
}

function createQueue(): Queue {
  const e = env();
  if (e.QSTASH_TOKEN) {
    if (!e.APP_URL) {
      throw new Error(
        "QSTASH_TOKEN is set but APP_URL is not: QStash needs the app's public URL to deliver jobs.",
      );
    }
    return new QstashQueue({ token: e.QSTASH_TOKEN, appUrl: e.APP_URL, baseUrl: e.QSTASH_URL });
  }
  return new InProcessQueue({
    // This process answers the webhooks too: applying their events (the outcome service, several
    // statements each) waits its turn, two at a time, so a burst of deliveries is answered first
    // and applied as there is room (docs/decisions/0013-pages-at-scale.md).
    typeParallelism: { "apply-webhook-event": 2 },
    // Locally this queue is also the worker, so it runs the same handler the QStash route calls.
    handler: async (job) => {
      const handler = holder.__dialerJobHandler;
      if (!handler) {
        throw new Error("No job handler is registered: the server's boot (src/lib/boot.ts) registers it.");
      }
      await handler(job);
    },
  });
}
