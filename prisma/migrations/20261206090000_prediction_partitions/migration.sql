-- Prediction becomes a table partitioned by day on "ts" (RANGE), so retention drops whole days
-- instead of deleting rows one by one (lib/telemetry/partitions.ts, docs/architecture.md).
--
-- A partitioned table's primary key must hold the partition key: it becomes ("requestId", "ts").
-- The ingest still skips a retried event (same request id, same ts) with
-- ON CONFLICT ("requestId", "ts") DO NOTHING; its leading column keeps the lookup by request id
-- an index probe in every partition.
--
-- Day partitions are "Prediction_pYYYYMMDD" (UTC days, [00:00, next 00:00)); "Prediction_default"
-- takes any row whose day has no partition yet, so an insert never fails. The retention job
-- creates days ahead and moves rows out of the default partition when it creates their day.

-- the old table and its index names make way for the new ones
ALTER TABLE "Prediction" RENAME TO "Prediction_unpartitioned";
ALTER TABLE "Prediction_unpartitioned" RENAME CONSTRAINT "Prediction_pkey" TO "Prediction_unpartitioned_pkey";
ALTER INDEX "Prediction_modelId_ts_idx" RENAME TO "Prediction_unpartitioned_modelId_ts_idx";
ALTER INDEX "Prediction_ts_idx" RENAME TO "Prediction_unpartitioned_ts_idx";

-- CreateTable
CREATE TABLE "Prediction" (
    "requestId" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "tenant" TEXT NOT NULL,
    "ts" TIMESTAMP(3) NOT NULL,
    "latencyMs" DOUBLE PRECISION NOT NULL,
    "outcome" TEXT NOT NULL,
    "errorClass" TEXT,
    "score" DOUBLE PRECISION,
    "cost" DOUBLE PRECISION,
    "label" TEXT,
    "prediction" JSONB,
    "route" TEXT,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Prediction_pkey" PRIMARY KEY ("requestId", "ts")
) PARTITION BY RANGE ("ts");

-- CreateIndex
CREATE INDEX "Prediction_modelId_ts_idx" ON "Prediction"("modelId", "ts");

-- CreateIndex
CREATE INDEX "Prediction_ts_idx" ON "Prediction"("ts");

CREATE TABLE "Prediction_default" PARTITION OF "Prediction" DEFAULT;

-- a partition for every day that holds rows, and for yesterday (late events), today and the
-- next 7 days: the retention job keeps the same range up
DO $$
DECLARE
  d date;
BEGIN
  FOR d IN
    SELECT DISTINCT "ts"::date FROM "Prediction_unpartitioned"
    UNION
    -- UTC days, whatever the session's time zone
    SELECT generate_series((now() AT TIME ZONE 'UTC')::date - 1, (now() AT TIME ZONE 'UTC')::date + 7, interval '1 day')::date
  LOOP
    EXECUTE format(
      'CREATE TABLE IF NOT EXISTS %I PARTITION OF "Prediction" FOR VALUES FROM (%L) TO (%L)',
      'Prediction_p' || to_char(d, 'YYYYMMDD'), d::timestamp, (d + 1)::timestamp);
  END LOOP;
END
$$;

INSERT INTO "Prediction" SELECT * FROM "Prediction_unpartitioned";

DROP TABLE "Prediction_unpartitioned";
