-- CreateTable
CREATE TABLE "AuditCheckpoint" (
    "id" BIGSERIAL NOT NULL,
    "position" BIGINT NOT NULL,
    "headHash" TEXT NOT NULL,
    "eventCount" BIGINT NOT NULL,
    "signedAt" TIMESTAMP(3) NOT NULL,
    "keyId" TEXT NOT NULL,
    "algorithm" TEXT NOT NULL,
    "signature" TEXT NOT NULL,

    CONSTRAINT "AuditCheckpoint_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AuditCheckpoint_position_idx" ON "AuditCheckpoint"("position");

-- Checkpoints are append-only, like the events they vouch for.
CREATE TRIGGER audit_checkpoint_no_update_delete
  BEFORE UPDATE OR DELETE ON "AuditCheckpoint"
  FOR EACH ROW EXECUTE FUNCTION rollgate_audit_append_only();

CREATE TRIGGER audit_checkpoint_no_truncate
  BEFORE TRUNCATE ON "AuditCheckpoint"
  FOR EACH STATEMENT EXECUTE FUNCTION rollgate_audit_append_only();

-- With a separate runtime role (docs/audit-trail.md, npm run db:roles), default privileges give
-- it UPDATE and DELETE on every new table; the audit tables are only ever appended to, so any
-- such grant on them is taken back here.
DO $$
DECLARE g record;
BEGIN
  FOR g IN
    SELECT DISTINCT grantee, table_name FROM information_schema.role_table_grants
    WHERE table_schema = current_schema()
      AND table_name IN ('AuditEvent', 'AuditCheckpoint')
      AND privilege_type IN ('UPDATE', 'DELETE', 'TRUNCATE')
      AND grantee NOT IN (SELECT pg_get_userbyid(c.relowner) FROM pg_class c WHERE c.relname = table_name AND c.relnamespace = current_schema()::regnamespace)
  LOOP
    EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON %I FROM %s', g.table_name,
      CASE WHEN g.grantee = 'PUBLIC' THEN 'PUBLIC' ELSE quote_ident(g.grantee) END);
  END LOOP;
END $$;
