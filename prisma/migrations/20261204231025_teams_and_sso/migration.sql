-- AlterTable
ALTER TABLE "User" ADD COLUMN     "authSource" TEXT NOT NULL DEFAULT 'password',
ADD COLUMN     "disabledBy" TEXT,
ALTER COLUMN "passwordHash" DROP NOT NULL;

-- CreateTable
CREATE TABLE "Team" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Team_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TeamMember" (
    "teamId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'manual',
    "addedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TeamMember_pkey" PRIMARY KEY ("teamId","userId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Team_key_key" ON "Team"("key");

-- CreateIndex
CREATE INDEX "TeamMember_userId_idx" ON "TeamMember"("userId");

-- AddForeignKey
ALTER TABLE "TeamMember" ADD CONSTRAINT "TeamMember_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TeamMember" ADD CONSTRAINT "TeamMember_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Model.ownerTeam held a display name; it now holds a team's key. Every owner named so far
-- becomes a team (no members yet) and its models point at it.
INSERT INTO "Team" ("id", "key", "name", "updatedAt")
SELECT DISTINCT ON (slug) 'team_' || md5(slug), slug, "ownerTeam", CURRENT_TIMESTAMP
FROM (
  SELECT "ownerTeam", trim(both '-' from regexp_replace(lower("ownerTeam"), '[^a-z0-9]+', '-', 'g')) AS slug
  FROM "Model" WHERE trim("ownerTeam") <> ''
) owners
WHERE slug <> ''
ON CONFLICT ("key") DO NOTHING;

UPDATE "Model"
SET "ownerTeam" = trim(both '-' from regexp_replace(lower("ownerTeam"), '[^a-z0-9]+', '-', 'g'))
WHERE trim("ownerTeam") <> '';
