-- AlterTable
ALTER TABLE "Model" ADD COLUMN     "policyRevision" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "policyUpdatedAt" TIMESTAMP(3),
ADD COLUMN     "policyUpdatedBy" TEXT,
ADD COLUMN     "policyUpdatedVia" TEXT;

-- Backfill: a policy changed before this migration gets its provenance from its latest
-- `model.policy_updated` audit event; every such change counts as one revision. Changes made
-- through the Settings tab or the seed were the only writers so far.
UPDATE "Model" AS m
SET "policyRevision" = 1 + h."changes",
    "policyUpdatedAt" = h."at",
    "policyUpdatedBy" = CASE WHEN h."actorType" = 'token' THEN 'token ' || h."actorLabel" ELSE h."actorLabel" END,
    "policyUpdatedVia" = CASE WHEN h."actorType" = 'user' THEN 'ui' ELSE 'system' END
FROM (
  SELECT DISTINCT ON ("modelKey") "modelKey", "at", "actorType", "actorLabel",
         COUNT(*) OVER (PARTITION BY "modelKey") AS "changes"
  FROM "AuditEvent"
  WHERE "action" = 'model.policy_updated' AND "modelKey" IS NOT NULL
  ORDER BY "modelKey", "seq" DESC
) AS h
WHERE h."modelKey" = m."key";
