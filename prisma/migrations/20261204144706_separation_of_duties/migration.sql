-- AlterTable
ALTER TABLE "User" ADD COLUMN     "createdById" TEXT,
ADD COLUMN     "roleGrantedAt" TIMESTAMP(3),
ADD COLUMN     "roleGrantedById" TEXT;

-- CreateTable
CREATE TABLE "PendingPolicyChange" (
    "id" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "policy" JSONB NOT NULL,
    "basePolicy" JSONB NOT NULL,
    "baseUpdatedAt" TIMESTAMP(3) NOT NULL,
    "weakens" TEXT[],
    "proposedById" TEXT,
    "proposedByLabel" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PendingPolicyChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PendingPolicyChange_modelId_key" ON "PendingPolicyChange"("modelId");

-- AddForeignKey
ALTER TABLE "PendingPolicyChange" ADD CONSTRAINT "PendingPolicyChange_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "Model"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PendingPolicyChange" ADD CONSTRAINT "PendingPolicyChange_proposedById_fkey" FOREIGN KEY ("proposedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Backfill who created each account and who last granted its role from the audit trail
-- (user.created and user.role_changed events by a signed-in user). Accounts created by setup
-- or a script, and anything the trail does not show, stay NULL: unknown, treated as
-- independent. A user's role at creation counts as granted by its creator.
UPDATE "User" u SET "createdById" = e."actorId", "roleGrantedById" = e."actorId", "roleGrantedAt" = e."at"
FROM (
  SELECT DISTINCT ON ("subjectId") "subjectId", "actorId", "at"
  FROM "AuditEvent"
  WHERE "action" = 'user.created' AND "subjectType" = 'user' AND "actorType" = 'user' AND "actorId" IS NOT NULL
  ORDER BY "subjectId", "seq" ASC
) e
WHERE u."id" = e."subjectId";

UPDATE "User" u SET "roleGrantedById" = e."actorId", "roleGrantedAt" = e."at"
FROM (
  SELECT DISTINCT ON ("subjectId") "subjectId", "actorId", "at"
  FROM "AuditEvent"
  WHERE "action" = 'user.role_changed' AND "subjectType" = 'user' AND "actorType" = 'user' AND "actorId" IS NOT NULL
  ORDER BY "subjectId", "seq" DESC
) e
WHERE u."id" = e."subjectId";
