-- CreateTable
CREATE TABLE "MetricRollup" (
    "modelId" TEXT NOT NULL,
    "grain" TEXT NOT NULL,
    "tenant" TEXT NOT NULL,
    "bucket" TIMESTAMP(3) NOT NULL,
    "version" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "errorCount" INTEGER NOT NULL DEFAULT 0,
    "errSchema" INTEGER NOT NULL DEFAULT 0,
    "errTimeout" INTEGER NOT NULL DEFAULT 0,
    "errUpstream" INTEGER NOT NULL DEFAULT 0,
    "errModel" INTEGER NOT NULL DEFAULT 0,
    "latencySum" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "latencyHist" INTEGER[],
    "scoreCount" INTEGER NOT NULL DEFAULT 0,
    "scoreSum" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "scoreSumSq" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "scoreHist" INTEGER[],
    "labelCount" INTEGER NOT NULL DEFAULT 0,
    "correctCount" INTEGER NOT NULL DEFAULT 0,
    "costCount" INTEGER NOT NULL DEFAULT 0,
    "costSum" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "tokensIn" BIGINT NOT NULL DEFAULT 0,
    "tokensOut" BIGINT NOT NULL DEFAULT 0,
    "flags" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "MetricRollup_pkey" PRIMARY KEY ("modelId","grain","tenant","bucket","version")
);

-- CreateIndex
CREATE INDEX "MetricRollup_modelId_grain_bucket_idx" ON "MetricRollup"("modelId", "grain", "bucket");
