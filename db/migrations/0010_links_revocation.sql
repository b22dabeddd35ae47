-- Links can be revoked (a reissue), buttons belong to the chat they were sent to, and a case
-- remembers when it closed (its links stop working; a bound web chat stays readable 30 days).
ALTER TABLE "button_tokens" ADD COLUMN "chat_channel" text;--> statement-breakpoint
ALTER TABLE "button_tokens" ADD COLUMN "chat_address" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "link_tokens" ADD COLUMN "revoked_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "link_tokens_used_by_idx" ON "link_tokens" USING btree ("channel","used_by_address") WHERE "link_tokens"."used_by_address" is not null;