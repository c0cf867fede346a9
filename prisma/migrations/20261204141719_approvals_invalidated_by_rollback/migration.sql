/*
  Warnings:

  - A unique constraint covering the columns `[versionId,reviewerId,invalidatedRound]` on the table `Approval` will be added. If there are existing duplicate values, this will fail.

*/
-- DropIndex
DROP INDEX "Approval_versionId_reviewerId_key";

-- AlterTable
ALTER TABLE "Approval" ADD COLUMN     "invalidatedAt" TIMESTAMP(3),
ADD COLUMN     "invalidatedRound" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE UNIQUE INDEX "Approval_versionId_reviewerId_invalidatedRound_key" ON "Approval"("versionId", "reviewerId", "invalidatedRound");
