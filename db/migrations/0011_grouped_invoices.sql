CREATE TABLE "agreement_allocations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"payment_id" uuid NOT NULL,
	"invoice_id" uuid NOT NULL,
	"agreement_id" uuid,
	"amount_minor" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agreement_allocations_payment_invoice_uq" UNIQUE("payment_id","invoice_id"),
	CONSTRAINT "agreement_allocations_amount_ck" CHECK ("agreement_allocations"."amount_minor" > 0)
);
--> statement-breakpoint
CREATE TABLE "case_invoices" (
	"case_id" uuid NOT NULL,
	"invoice_id" uuid NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	"released_at" timestamp with time zone,
	CONSTRAINT "case_invoices_case_id_invoice_id_pk" PRIMARY KEY("case_id","invoice_id")
);
--> statement-breakpoint
ALTER TABLE "agreement_allocations" ADD CONSTRAINT "agreement_allocations_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_allocations" ADD CONSTRAINT "agreement_allocations_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_allocations" ADD CONSTRAINT "agreement_allocations_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_allocations" ADD CONSTRAINT "agreement_allocations_agreement_id_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."agreements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_invoices" ADD CONSTRAINT "case_invoices_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_invoices" ADD CONSTRAINT "case_invoices_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agreement_allocations_case_idx" ON "agreement_allocations" USING btree ("case_id");--> statement-breakpoint
CREATE UNIQUE INDEX "case_invoices_invoice_open_uq" ON "case_invoices" USING btree ("invoice_id") WHERE released_at is null;--> statement-breakpoint
-- Backfill: every existing case covers its own invoice.
INSERT INTO "case_invoices" ("case_id", "invoice_id", "added_at")
  SELECT "id", "invoice_id", "created_at" FROM "cases"
  ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- Backfill: a payment made before allocations existed went wholly to its invoice, under the
-- agreement that was active on its case when it arrived (the latest one made before it).
INSERT INTO "agreement_allocations" ("case_id", "payment_id", "invoice_id", "agreement_id", "amount_minor", "created_at")
  SELECT c."id", p."id", p."invoice_id",
    (SELECT a."id" FROM "agreements" a
      WHERE a."case_id" = c."id" AND a."created_at" <= p."created_at"
      ORDER BY a."created_at" DESC LIMIT 1),
    p."amount_minor", p."created_at"
  FROM "payments" p JOIN "cases" c ON c."invoice_id" = p."invoice_id"
  ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- Allocations are evidence, like the audit log: append-only.
CREATE TRIGGER agreement_allocations_no_update BEFORE UPDATE ON agreement_allocations
  FOR EACH ROW EXECUTE FUNCTION relance_forbid_update();
--> statement-breakpoint
CREATE TRIGGER agreement_allocations_no_delete BEFORE DELETE ON agreement_allocations
  FOR EACH ROW EXECUTE FUNCTION relance_forbid_delete();
