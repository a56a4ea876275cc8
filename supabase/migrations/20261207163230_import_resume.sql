ALTER TABLE "lead_imports" ADD COLUMN "warned_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "lead_imports" ADD COLUMN "file_bytes" bigint;--> statement-breakpoint
ALTER TABLE "lead_imports" ADD COLUMN "file_rows" integer;--> statement-breakpoint
ALTER TABLE "lead_imports" ADD COLUMN "file_fingerprint" text;--> statement-breakpoint
ALTER TABLE "lead_imports" ADD COLUMN "staged_rows" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "lead_imports" ADD COLUMN "staged_through_row" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "lead_imports" ADD COLUMN "last_activity_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
CREATE INDEX "lead_imports_staging_idle_idx" ON "lead_imports" USING btree ("last_activity_at") WHERE status = 'staging';--> statement-breakpoint
CREATE INDEX "lead_imports_unfinished_idx" ON "lead_imports" USING btree ("org_id","last_activity_at" DESC NULLS LAST) WHERE status in ('staging', 'abandoned');