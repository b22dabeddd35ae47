CREATE TABLE "case_variants" (
	"case_id" uuid NOT NULL,
	"experiment_id" uuid NOT NULL,
	"variant" text NOT NULL,
	"assigned_at" timestamp with time zone NOT NULL,
	CONSTRAINT "case_variants_case_id_experiment_id_pk" PRIMARY KEY("case_id","experiment_id")
);
--> statement-breakpoint
CREATE TABLE "experiments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"business_id" uuid NOT NULL,
	"message_id" text NOT NULL,
	"variants" jsonb NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"winner" text,
	"started_at" timestamp with time zone NOT NULL,
	"started_by" text NOT NULL,
	"ended_at" timestamp with time zone,
	"ended_by" text,
	CONSTRAINT "experiments_status_ck" CHECK ("experiments"."status" in ('running', 'ended')),
	CONSTRAINT "experiments_ended_ck" CHECK (("experiments"."status" = 'running') = ("experiments"."ended_at" is null) and ("experiments"."winner" is null or "experiments"."status" = 'ended'))
);
--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "wording" jsonb;--> statement-breakpoint
ALTER TABLE "case_variants" ADD CONSTRAINT "case_variants_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_variants" ADD CONSTRAINT "case_variants_experiment_id_experiments_id_fk" FOREIGN KEY ("experiment_id") REFERENCES "public"."experiments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiments" ADD CONSTRAINT "experiments_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_variants_experiment_idx" ON "case_variants" USING btree ("experiment_id","variant");--> statement-breakpoint
CREATE UNIQUE INDEX "experiments_business_message_running_uq" ON "experiments" USING btree ("business_id","message_id") WHERE status = 'running';--> statement-breakpoint
CREATE INDEX "experiments_business_started_idx" ON "experiments" USING btree ("business_id","started_at");