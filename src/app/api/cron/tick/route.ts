import { withCron } from "@/lib/next/with-cron";
import { handleJob } from "@/lib/services/jobs/handle-job";

export const dynamic = "force-dynamic";
// Reconcile (a get-call per overdue call, bounded per tick), claim and enqueue: seconds, not minutes.
export const maxDuration = 60;

/** The dialer tick (Vercel Cron or a QStash schedule, every minute): reconcile, claim, enqueue. */
export const GET = withCron(async () => {
  const summary = await handleJob({ job: { type: "tick" }, now: new Date() });
  return Response.json(summary, { headers: { "Cache-Control": "no-store" } });
});
