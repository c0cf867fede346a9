-- CreateTable
CREATE TABLE "ReplayRecord" (
    "modelId" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "tenant" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "ts" TIMESTAMP(3) NOT NULL,
    "day" DATE NOT NULL,
    "input" JSONB,
    "output" JSONB,
    "scrubbed" TEXT[],
    "receivedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReplayRecord_pkey" PRIMARY KEY ("modelId","requestId")
);

-- CreateTable
CREATE TABLE "ReplaySet" (
    "id" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "fromTs" TIMESTAMP(3) NOT NULL,
    "toTs" TIMESTAMP(3) NOT NULL,
    "requested" INTEGER NOT NULL,
    "stratify" TEXT NOT NULL,
    "itemCount" INTEGER NOT NULL,
    "tenants" JSONB NOT NULL,
    "contentHash" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "erasedCount" INTEGER NOT NULL DEFAULT 0,
    "erasedAt" TIMESTAMP(3),

    CONSTRAINT "ReplaySet_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReplaySetItem" (
    "setId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "requestId" TEXT NOT NULL,
    "tenant" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "ts" TIMESTAMP(3) NOT NULL,
    "input" JSONB,
    "output" JSONB,

    CONSTRAINT "ReplaySetItem_pkey" PRIMARY KEY ("setId","position")
);

-- CreateTable
CREATE TABLE "ReplayScrubKey" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "secret" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReplayScrubKey_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ReplayRecord_modelId_tenant_day_idx" ON "ReplayRecord"("modelId", "tenant", "day");

-- CreateIndex
CREATE INDEX "ReplayRecord_modelId_ts_idx" ON "ReplayRecord"("modelId", "ts");

-- CreateIndex
CREATE INDEX "ReplaySet_modelId_createdAt_idx" ON "ReplaySet"("modelId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ReplaySet_modelId_name_key" ON "ReplaySet"("modelId", "name");

-- CreateIndex
CREATE INDEX "ReplaySetItem_setId_tenant_idx" ON "ReplaySetItem"("setId", "tenant");

-- Replay data belongs to a model; a set's items to their set.
ALTER TABLE "ReplayRecord" ADD CONSTRAINT "ReplayRecord_modelId_fkey"
  FOREIGN KEY ("modelId") REFERENCES "Model"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "ReplaySet" ADD CONSTRAINT "ReplaySet_modelId_fkey"
  FOREIGN KEY ("modelId") REFERENCES "Model"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "ReplaySetItem" ADD CONSTRAINT "ReplaySetItem_setId_fkey"
  FOREIGN KEY ("setId") REFERENCES "ReplaySet"("id") ON DELETE CASCADE ON UPDATE RESTRICT;

-- A frozen set is immutable: its items are never updated, and neither are the set's frozen
-- columns (only the erasure counters move). Items and sets are deleted only inside a
-- transaction that declared why (SET LOCAL rollgate.replay_delete = 'erasure' | 'expiry'),
-- which only lib/replay does, each time with an audit event.
CREATE OR REPLACE FUNCTION rollgate_replay_set_frozen() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF coalesce(current_setting('rollgate.replay_delete', true), '') IN ('erasure', 'expiry') THEN
      RETURN OLD;
    END IF;
    RAISE EXCEPTION 'replay sets are frozen: % on % is allowed only for a tenant erasure or expiry', TG_OP, TG_TABLE_NAME
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  -- nested: an item row has none of the set's columns, and plpgsql does not short-circuit AND
  IF TG_TABLE_NAME = 'ReplaySet' THEN
    IF NEW."id" = OLD."id" AND NEW."modelId" = OLD."modelId" AND NEW."name" = OLD."name"
       AND NEW."fromTs" = OLD."fromTs" AND NEW."toTs" = OLD."toTs" AND NEW."requested" = OLD."requested"
       AND NEW."stratify" = OLD."stratify" AND NEW."itemCount" = OLD."itemCount"
       AND NEW."tenants" = OLD."tenants" AND NEW."contentHash" = OLD."contentHash"
       AND NEW."createdBy" = OLD."createdBy" AND NEW."createdAt" = OLD."createdAt"
       AND NEW."expiresAt" = OLD."expiresAt" THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'replay sets are frozen: % on % is not allowed', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER replay_set_frozen
  BEFORE UPDATE OR DELETE ON "ReplaySet"
  FOR EACH ROW EXECUTE FUNCTION rollgate_replay_set_frozen();

CREATE TRIGGER replay_set_item_frozen
  BEFORE UPDATE OR DELETE ON "ReplaySetItem"
  FOR EACH ROW EXECUTE FUNCTION rollgate_replay_set_frozen();
