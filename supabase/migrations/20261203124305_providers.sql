CREATE TYPE "public"."appointment_source" AS ENUM('calcom', 'builtin');--> statement-breakpoint
CREATE TYPE "public"."appointment_status" AS ENUM('booked', 'pending', 'cancelled', 'rescheduled', 'completed', 'no_show');--> statement-breakpoint
CREATE TYPE "public"."credential_provider" AS ENUM('retell', 'vapi', 'calcom');--> statement-breakpoint
CREATE TABLE "appointments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"lead_id" uuid NOT NULL,
	"campaign_id" uuid,
	"call_id" uuid,
	"source" "appointment_source" NOT NULL,
	"status" "appointment_status" DEFAULT 'booked' NOT NULL,
	"start_at" timestamp with time zone NOT NULL,
	"end_at" timestamp with time zone NOT NULL,
	"timezone" text NOT NULL,
	"title" text NOT NULL,
	"notes" text,
	"calcom_booking_uid" text,
	"calcom_event_type_id" integer,
	"rescheduled_to_id" uuid,
	"cancellation_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "appointments_id_org_id_key" UNIQUE("id","org_id")
);
--> statement-breakpoint
ALTER TABLE "appointments" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "provider_credentials" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"provider" "credential_provider" NOT NULL,
	"api_key_ciphertext" text NOT NULL,
	"api_key_hint" text NOT NULL,
	"webhook_secret_ciphertext" text,
	"config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "provider_credentials_org_id_provider_key" UNIQUE("org_id","provider")
);
--> statement-breakpoint
ALTER TABLE "provider_credentials" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "transcript_turns" jsonb;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "business_hours" jsonb DEFAULT '{"days":[1,2,3,4,5],"startMinute":540,"endMinute":1020}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "appointment_minutes" integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "callback_number" text;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_lead_id_org_id_leads_id_org_id_fk" FOREIGN KEY ("lead_id","org_id") REFERENCES "public"."leads"("id","org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provider_credentials" ADD CONSTRAINT "provider_credentials_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provider_credentials" ADD CONSTRAINT "provider_credentials_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "auth"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "appointments_calcom_booking_uid_key" ON "appointments" USING btree ("org_id","calcom_booking_uid");--> statement-breakpoint
CREATE UNIQUE INDEX "appointments_call_id_key" ON "appointments" USING btree ("call_id") WHERE call_id is not null and status in ('booked', 'pending');--> statement-breakpoint
CREATE INDEX "appointments_org_id_start_at_idx" ON "appointments" USING btree ("org_id","start_at");--> statement-breakpoint
CREATE INDEX "appointments_lead_id_idx" ON "appointments" USING btree ("lead_id");--> statement-breakpoint
CREATE INDEX "appointments_campaign_id_idx" ON "appointments" USING btree ("campaign_id");