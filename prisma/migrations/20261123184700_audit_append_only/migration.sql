-- The audit trail is append-only: the database itself refuses to change or remove a row,
-- whatever the client. (Verification of the hash chain catches edits made with the trigger
-- disabled by someone who owns the table.)
CREATE OR REPLACE FUNCTION rollgate_audit_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'AuditEvent is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_event_no_update_delete
  BEFORE UPDATE OR DELETE ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION rollgate_audit_append_only();

CREATE TRIGGER audit_event_no_truncate
  BEFORE TRUNCATE ON "AuditEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION rollgate_audit_append_only();
