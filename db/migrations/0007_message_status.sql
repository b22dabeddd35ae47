-- Delivery receipts (WhatsApp statuses) recorded on the message row they are about.
ALTER TABLE "messages" ADD COLUMN "status" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "status_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "status_error" text;--> statement-breakpoint
CREATE INDEX "messages_channel_external_idx" ON "messages" USING btree ("channel","external_id");--> statement-breakpoint
CREATE INDEX "outbox_channel_external_idx" ON "outbox" USING btree ("channel","external_id");--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_status_ck" CHECK ("messages"."status" in ('sent', 'delivered', 'read', 'failed'));
