import { z } from "zod";
import type { Job } from "@/lib/integrations/queue/types";

/** A queued job as delivered to /api/queue/<type> (the body the queue adapters publish). */
export const jobSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("dispatch-call"), callId: z.uuid() }),
  z.object({ type: z.literal("tick"), campaignId: z.uuid().optional() }),
  z.object({ type: z.literal("apply-webhook-event"), eventId: z.int().positive() }),
  z.object({ type: z.literal("follow-up-call"), callId: z.uuid() }),
  z.object({ type: z.literal("send-email"), emailId: z.uuid() }),
]) satisfies z.ZodType<Job>;
