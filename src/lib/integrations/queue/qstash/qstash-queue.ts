import { Client } from "@upstash/qstash";
import type { EnqueueOptions, Job, Queue } from "../types";

export type QstashQueueOptions = {
  token: string;
  /** Public origin of the app; jobs are delivered to `<appUrl>/api/queue/<job.type>`. */
  appUrl: string;
  /** QStash API origin (QSTASH_URL), e.g. a regional endpoint or a local fake. */
  baseUrl?: string;
};

/**
 * Jobs as QStash messages: signed POSTs to our own queue route, deduplicated by id (QStash keeps
 * ids for a while, not forever: the database's own unique keys stay the real guard), limited per
 * flow key (the provider account, so a burst cannot exceed its concurrency) and retried 3 times.
 */
export class QstashQueue implements Queue {
  readonly name = "qstash" as const;
  private readonly client: Client;
  private readonly appUrl: string;

  constructor(options: QstashQueueOptions) {
    this.client = new Client({ token: options.token, baseUrl: options.baseUrl });
    this.appUrl = options.appUrl.replace(/\/+$/, "");
  }

  async enqueue(job: Job, options: EnqueueOptions = {}): Promise<void> {
    await this.client.publishJSON({
      url: `${this.appUrl}/api/queue/${job.type}`,
      body: job,
      retries: 3,
      ...(options.dedupeId ? { deduplicationId: options.dedupeId } : {}),
      ...(options.delaySeconds ? { delay: Math.ceil(options.delaySeconds) } : {}),
      ...(options.flowKey
        ? {
            flowControl: {
              key: options.flowKey,
              parallelism: options.flowParallelism ?? 10,
              ...(options.flowRatePerSecond
                ? { rate: options.flowRatePerSecond, period: "1s" as const }
                : {}),
            },
          }
        : {}),
    });
  }
}
