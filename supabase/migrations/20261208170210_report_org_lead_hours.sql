CREATE TABLE "report_org_lead_hours" (
	"org_id" uuid NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"local_dow" smallint NOT NULL,
	"local_hour" smallint NOT NULL,
	"placed" integer DEFAULT 0 NOT NULL,
	"ended" integer DEFAULT 0 NOT NULL,
	"answered" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "report_org_lead_hours_org_id_hour_local_dow_local_hour_pk" PRIMARY KEY("org_id","hour","local_dow","local_hour")
);
--> statement-breakpoint
ALTER TABLE "report_org_lead_hours" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "report_org_lead_hours" ADD CONSTRAINT "report_org_lead_hours_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;