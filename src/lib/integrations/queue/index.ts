import { env } from "@/env";
import { InProcessQueue } from "./in-process/in-process-queue";
import { QstashQueue } from "./qstash/qstash-queue";
import type { Queue } from "./types";

export type { EnqueueOptions, Job, Queue } from "./types";
export { PermanentJobError } from "./types";

// One queue per process, kept across dev hot reloads so in-process jobs and dedupe ids survive.
const holder = globalThis as { __dialerQueue?: Queue };

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
    // Locally this queue is also the worker, so it runs the same handler the QStash route calls.
    // Imported lazily: the handler's services use this queue in turn.
    handler: async (job) => {
      const { handleJob } = await import("@/lib/services/dialer/handle-job");
      await handleJob({ job });
    },
  });
}
