CREATE INDEX "leads_org_id_company_idx" ON "leads" USING btree ("org_id","company","id");--> statement-breakpoint
CREATE INDEX "leads_org_id_attempts_idx" ON "leads" USING btree ("org_id","attempts","id");--> statement-breakpoint
CREATE INDEX "leads_org_id_last_called_at_idx" ON "leads" USING btree ("org_id","last_called_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "leads_org_id_timezone_idx" ON "leads" USING btree ("org_id","timezone","id");