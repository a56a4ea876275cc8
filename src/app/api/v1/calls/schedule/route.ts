import { readJsonBody } from "@/lib/api/leads";
import { withApiKey } from "@/lib/api/with-api-key";
import { withService } from "@/lib/db/with-user";
import { scheduleCallRequestSchema } from "@/lib/schemas/call-schedule";
import { scheduleCall } from "@/lib/services/calls/schedule-call";

export const dynamic = "force-dynamic";
// One lead upsert and one scheduled call.
export const maxDuration = 15;

/**
 * Schedules one call to one lead (docs/api.md): the time is moved to the next moment the lead's
 * local calling window allows, and the response says so.
 */
export const POST = withApiKey(async (request, { orgId }) => {
  const input = scheduleCallRequestSchema.parse(await readJsonBody(request));
  const result = await withService((tx) => scheduleCall({ tx, orgId, input, now: new Date() }));
  return Response.json(
    {
      lead_id: result.leadId,
      campaign_id: result.campaignId,
      lead_created: result.leadCreated,
      requested_at: result.requestedAt.toISOString(),
      scheduled_at: result.scheduledAt.toISOString(),
      moved: result.moved,
      ...(result.reason ? { reason: result.reason } : {}),
      local_time: result.localTime,
      timezone: result.timezone,
    },
    { status: 201 },
  );
});
