CREATE TYPE "public"."call_outcome" AS ENUM('booked', 'not_interested', 'callback', 'do_not_call', 'unknown');--> statement-breakpoint
CREATE TYPE "public"."call_result" AS ENUM('answered', 'no_answer', 'busy', 'voicemail', 'failed');--> statement-breakpoint
CREATE TYPE "public"."call_status" AS ENUM('queued', 'dialing', 'live', 'ended');--> statement-breakpoint
CREATE TYPE "public"."voice_provider" AS ENUM('simulator', 'retell', 'vapi');--> statement-breakpoint
CREATE TABLE "calls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"lead_id" uuid NOT NULL,
	"attempt_no" integer NOT NULL,
	"status" "call_status" DEFAULT 'queued' NOT NULL,
	"provider" "voice_provider" NOT NULL,
	"provider_account" text NOT NULL,
	"provider_call_id" text,
	"agent_id" text,
	"to_number" text NOT NULL,
	"from_number" text,
	"context" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"result" "call_result",
	"outcome" "call_outcome",
	"provider_reason" text,
	"callback_at" timestamp with time zone,
	"duration_seconds" integer,
	"cost_cents" integer,
	"summary" text,
	"transcript" text,
	"recording_url" text,
	"analysis" jsonb,
	"error" text,
	"queued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"dispatched_at" timestamp with time zone,
	"started_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"deadline_at" timestamp with time zone NOT NULL,
	"outcome_applied_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calls_lead_id_attempt_no_key" UNIQUE("lead_id","attempt_no"),
	CONSTRAINT "calls_id_org_id_key" UNIQUE("id","org_id")
);
--> statement-breakpoint
ALTER TABLE "calls" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "webhook_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "webhook_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"provider" text NOT NULL,
	"event_key" text NOT NULL,
	"type" text NOT NULL,
	"org_id" uuid,
	"call_id" uuid,
	"payload" jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone,
	"error" text,
	CONSTRAINT "webhook_events_provider_event_key_key" UNIQUE("provider","event_key")
);
--> statement-breakpoint
ALTER TABLE "webhook_events" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
DROP INDEX "leads_due_idx";--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "voice_provider" "voice_provider" DEFAULT 'simulator' NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "agent_id" text;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "caller_id" text;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "calling_days" integer[] DEFAULT '{1,2,3,4,5}'::integer[] NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "calling_start_minute" integer DEFAULT 540 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "calling_end_minute" integer DEFAULT 1200 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "retry_policy" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "max_attempts" integer DEFAULT 3 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "max_attempts_per_day" integer DEFAULT 2 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "max_concurrent_calls" integer DEFAULT 5 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "daily_call_cap" integer;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "spend_cap_cents" integer;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "breaker_failure_percent" integer DEFAULT 80;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "breaker_window" integer DEFAULT 10 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "paused_reason" text;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "completed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "leads" ADD COLUMN "next_call_context" jsonb;--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_campaign_id_org_id_campaigns_id_org_id_fk" FOREIGN KEY ("campaign_id","org_id") REFERENCES "public"."campaigns"("id","org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_lead_id_org_id_leads_id_org_id_fk" FOREIGN KEY ("lead_id","org_id") REFERENCES "public"."leads"("id","org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_events" ADD CONSTRAINT "webhook_events_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "calls_provider_call_id_key" ON "calls" USING btree ("provider","provider_call_id");--> statement-breakpoint
CREATE INDEX "calls_org_id_created_at_idx" ON "calls" USING btree ("org_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "calls_campaign_id_created_at_idx" ON "calls" USING btree ("campaign_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "calls_lead_id_created_at_idx" ON "calls" USING btree ("lead_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "calls_open_campaign_idx" ON "calls" USING btree ("campaign_id") WHERE status <> 'ended';--> statement-breakpoint
CREATE INDEX "calls_open_account_idx" ON "calls" USING btree ("provider_account") WHERE status <> 'ended';--> statement-breakpoint
CREATE INDEX "calls_open_deadline_idx" ON "calls" USING btree ("deadline_at") WHERE status <> 'ended';--> statement-breakpoint
CREATE INDEX "webhook_events_org_id_received_at_idx" ON "webhook_events" USING btree ("org_id","received_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "webhook_events_call_id_idx" ON "webhook_events" USING btree ("call_id");--> statement-breakpoint
CREATE INDEX "campaigns_active_idx" ON "campaigns" USING btree ("status") WHERE status = 'active';--> statement-breakpoint
CREATE INDEX "leads_dial_queue_idx" ON "leads" USING btree ("campaign_id","timezone",coalesce(next_attempt_at, '-infinity'::timestamptz)) WHERE status in ('pending', 'callback');