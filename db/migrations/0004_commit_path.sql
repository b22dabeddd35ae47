ALTER TABLE "cases" ADD COLUMN "audit_head" text;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "claimed_until" timestamp with time zone;--> statement-breakpoint
-- Each case's chain head, from the entries already written (chains were split per case in 0002).
UPDATE "cases" AS c SET "audit_head" = h.hash
FROM (
  SELECT DISTINCT ON (chain) chain, hash FROM "audit_log" WHERE chain LIKE 'case:%' ORDER BY chain, id DESC
) AS h
WHERE h.chain = 'case:' || c.id::text;
