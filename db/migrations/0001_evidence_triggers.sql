-- Agreements are evidence: once written, only `status` may change, and no row may be deleted.
CREATE OR REPLACE FUNCTION relance_agreements_only_status_changes() RETURNS trigger AS $$
BEGIN
  IF (to_jsonb(NEW) - 'status') IS DISTINCT FROM (to_jsonb(OLD) - 'status') THEN
    RAISE EXCEPTION 'agreements are evidence: only status may change (agreement %)', OLD.id
      USING ERRCODE = 'raise_exception';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER agreements_only_status_changes BEFORE UPDATE ON agreements
  FOR EACH ROW EXECUTE FUNCTION relance_agreements_only_status_changes();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION relance_forbid_delete() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% rows are evidence and cannot be deleted', TG_TABLE_NAME
    USING ERRCODE = 'raise_exception';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER agreements_no_delete BEFORE DELETE ON agreements
  FOR EACH ROW EXECUTE FUNCTION relance_forbid_delete();
--> statement-breakpoint
-- The audit log is append-only; the hash chain (db/audit.ts) detects edits made by anyone able
-- to bypass this trigger.
CREATE OR REPLACE FUNCTION relance_forbid_update() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% rows are append-only', TG_TABLE_NAME USING ERRCODE = 'raise_exception';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION relance_forbid_update();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION relance_forbid_delete();
