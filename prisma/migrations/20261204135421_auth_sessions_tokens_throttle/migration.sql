-- AlterTable
ALTER TABLE "ApiToken" ADD COLUMN     "ownedByUser" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "LoginThrottle" ADD COLUMN     "refusedAuditedAt" TIMESTAMP(3),
ADD COLUMN     "refusedSinceAudit" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "sessionGeneration" INTEGER NOT NULL DEFAULT 0;

-- Tokens created by a person so far: they keep working only while that person is enabled.
UPDATE "ApiToken" SET "ownedByUser" = true WHERE "createdById" IS NOT NULL;
