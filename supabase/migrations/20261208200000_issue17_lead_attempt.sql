-- Which attempt toward the campaign limit a call is; restarts at 1 after a reset to pending (issue 17).
ALTER TABLE "calls" ADD COLUMN "lead_attempt" integer;
