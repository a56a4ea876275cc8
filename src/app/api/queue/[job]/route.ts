import { PermanentJobError } from "@/lib/integrations/queue/types";
import { logger } from "@/lib/logger";
import { nonRetryable, withQstash } from "@/lib/next/with-cron";
import { jobSchema } from "@/lib/schemas/queue-job";
import { handleJob } from "@/lib/services/jobs/handle-job";

export const dynamic = "force-dynamic";
// A dispatch waits on the provider's create-call (Retell's SDK allows it 120 s; retries are off so it
// never rings twice); QStash's delivery timeout is at least 2 minutes on every plan.
export const maxDuration = 120;

/** QStash deliveries: `/api/queue/<job type>` with the job as its JSON body. */
export const POST = withQstash<{ job: string }>(async (_request, body, { params }) => {
  const { job: type } = await params;
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    return nonRetryable("The body is not JSON.");
  }
  const parsed = jobSchema.safeParse(raw);
  // A malformed job will never succeed: tell QStash not to retry it.
  if (!parsed.success || parsed.data.type !== type) return nonRetryable(`Not a valid ${type} job.`);
  try {
    const result = await handleJob({ job: parsed.data, now: new Date() });
    return Response.json({ ok: true, result }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    if (error instanceof PermanentJobError) return nonRetryable(error.message);
    // Anything else is retried by QStash (non-2xx).
    logger.error("queue job failed", { type, error: (error as Error).message });
    return Response.json({ error: { message: "Job failed; it will be retried." } }, { status: 500 });
  }
});
