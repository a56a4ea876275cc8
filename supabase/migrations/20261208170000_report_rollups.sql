CREATE TABLE "report_attempts" (
	"org_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"day" date NOT NULL,
	"attempt_no" integer NOT NULL,
	"placed" integer DEFAULT 0 NOT NULL,
	"ended" integer DEFAULT 0 NOT NULL,
	"answered" integer DEFAULT 0 NOT NULL,
	"booked" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "report_attempts_key" UNIQUE("org_id","campaign_id","day","attempt_no")
);
--> statement-breakpoint
ALTER TABLE "report_attempts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "report_hourly" (
	"org_id" uuid NOT NULL,
	"campaign_id" uuid,
	"hour" timestamp with time zone NOT NULL,
	"placed" integer DEFAULT 0 NOT NULL,
	"simulated" integer DEFAULT 0 NOT NULL,
	"in_flight" integer DEFAULT 0 NOT NULL,
	"ended" integer DEFAULT 0 NOT NULL,
	"answered" integer DEFAULT 0 NOT NULL,
	"voicemail" integer DEFAULT 0 NOT NULL,
	"no_answer" integer DEFAULT 0 NOT NULL,
	"busy" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"conversations" integer DEFAULT 0 NOT NULL,
	"booked" integer DEFAULT 0 NOT NULL,
	"talk_seconds" bigint DEFAULT 0 NOT NULL,
	"talk_calls" integer DEFAULT 0 NOT NULL,
	"cost_cents" bigint DEFAULT 0 NOT NULL,
	"costed" integer DEFAULT 0 NOT NULL,
	"emails_sent" integer DEFAULT 0 NOT NULL,
	"emails_outboxed" integer DEFAULT 0 NOT NULL,
	"emails_delivered" integer DEFAULT 0 NOT NULL,
	"emails_bounced" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "report_hourly_key" UNIQUE NULLS NOT DISTINCT("org_id","campaign_id","hour")
);
--> statement-breakpoint
ALTER TABLE "report_hourly" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "report_lead_hours" (
	"org_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"day" date NOT NULL,
	"local_dow" smallint NOT NULL,
	"local_hour" smallint NOT NULL,
	"placed" integer DEFAULT 0 NOT NULL,
	"ended" integer DEFAULT 0 NOT NULL,
	"answered" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "report_lead_hours_key" UNIQUE("org_id","campaign_id","day","local_dow","local_hour")
);
--> statement-breakpoint
ALTER TABLE "report_lead_hours" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "lead_timezone" text;--> statement-breakpoint
ALTER TABLE "report_attempts" ADD CONSTRAINT "report_attempts_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_hourly" ADD CONSTRAINT "report_hourly_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_lead_hours" ADD CONSTRAINT "report_lead_hours_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "report_hourly_org_id_hour_idx" ON "report_hourly" USING btree ("org_id","hour");--> statement-breakpoint
CREATE INDEX "report_lead_hours_org_id_day_idx" ON "report_lead_hours" USING btree ("org_id","day");