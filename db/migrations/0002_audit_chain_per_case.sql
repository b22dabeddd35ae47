-- One hash chain per case (and per business for entries without a case) instead of one for the
-- whole system: appends to different cases no longer wait on each other. The rows written before
-- this migration were chained in id order across everything; they stay verifiable as the `global`
-- chain. (Adding a column with a constant default rewrites nothing, so the append-only trigger
-- does not fire.)
ALTER TABLE "audit_log" ADD COLUMN "chain" text NOT NULL DEFAULT 'global';--> statement-breakpoint
ALTER TABLE "audit_log" ALTER COLUMN "chain" DROP DEFAULT;--> statement-breakpoint
CREATE INDEX "audit_log_chain_idx" ON "audit_log" USING btree ("chain","id");
