// How ingest writes reach the tables: the COPY text on PostgreSQL and the JSON on PGlite store
// the same values, awkward text included; batches that wait for a busy writer go together in one
// transaction and still count each request id once; and one bad batch in such a group fails
// alone. Every test makes its own model.
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { PrismaClient } from "../../generated/prisma/client";
import { systemActor, type Actor } from "../../lib/auth/actor";
import { applyMigrations } from "../../lib/database/migrations";
import { openDatabase, type Database } from "../../lib/database/open";
import { fraudScoringManifest } from "../../lib/registry/fixtures";
import { registerVersion } from "../../lib/registry/service";
import { batchWriter, CONCURRENT_WRITES } from "../../lib/telemetry/batch-writer";
import { ingestBatch } from "../../lib/telemetry/ingest";
import { testDatabase, testDb } from "./support/db";
import { uniqueId, uniqueModelKey } from "./support/factories";

const V1 = "2026-01-15.1";
const ci: Actor = systemActor("telemetry writes test");
let embedded: Database;

beforeAll(async () => {
  embedded = await openDatabase({ kind: "pglite-memory" }, { purpose: "telemetry writes test" });
  await applyMigrations(embedded.adapterFactory);
});

afterAll(async () => {
  await embedded?.close();
});

async function newModel(prisma: PrismaClient, key = uniqueModelKey("it-writes")): Promise<{ key: string; id: string }> {
  const m = fraudScoringManifest();
  m.model_id = key;
  m.model_version = V1;
  delete m.parent_version;
  expect((await registerVersion(prisma, ci, { modelKey: key, text: JSON.stringify(m), contentType: "application/json" })).status).toBe(201);
  return { key, id: (await prisma.model.findUniqueOrThrow({ where: { key } })).id };
}

const minuteAgo = (n: number) => Math.floor(Date.now() / 60_000) * 60_000 - n * 60_000;

function event(key: string, overrides: Record<string, unknown> = {}) {
  return {
    request_id: uniqueId("w"),
    model: key,
    version: V1,
    tenant: "acme",
    ts: new Date(minuteAgo(3) + 1_000).toISOString(),
    latency_ms: 42,
    outcome: "ok",
    score: 0.8,
    features: { amount_eur: 12.5, merchant_category: "grocery" },
    ...overrides,
  };
}

async function totals(prisma: PrismaClient, modelId: string) {
  const [predictions, minutes, days, histograms] = await Promise.all([
    prisma.prediction.count({ where: { modelId } }),
    prisma.metricMinute.aggregate({ where: { modelId }, _sum: { count: true } }),
    prisma.metricRollup.aggregate({ where: { modelId, grain: "day", tenant: "*" }, _sum: { count: true } }),
    prisma.featureHistogram.findMany({ where: { modelId, feature: "amount_eur" }, select: { counts: true } }),
  ]);
  return {
    predictions,
    minuteCount: minutes._sum.count ?? 0,
    dayCount: days._sum.count ?? 0,
    amountHistogram: histograms.reduce((n, h) => n + h.counts.reduce((a, b) => a + b, 0), 0),
  };
}

describe("what ingest stores", () => {
  it("stores the same values through COPY (PostgreSQL) and JSON (PGlite), separators, escapes and unicode included", async () => {
    const aMinuteAgo = Date.now() - 60_000;
    const awkward = (key: string, id: string) => [
      event(key, {
        request_id: `${id}\ttab\nnewline\\backslash "quote"`,
        tenant: "tenant\\N not null",
        label: "fraud\tlabel",
        prediction: { label: "fraud\r\n", text: "line1\nline2\t\\ \u00e9\u6f22\ud83d\ude00", nested: [1, null, { a: "\\N" }] },
        ts: "2026-12-03T23:59:59.9999+01:00",
      }),
      event(key, { request_id: `${id}-plain`, outcome: "error", error_class: "timeout", score: undefined, cost: 0.00042, ts: aMinuteAgo }),
    ];
    const read = (prisma: PrismaClient, modelId: string) =>
      prisma.prediction.findMany({
        where: { modelId },
        orderBy: { requestId: "asc" },
        select: {
          requestId: true,
          version: true,
          tenant: true,
          ts: true,
          latencyMs: true,
          outcome: true,
          errorClass: true,
          score: true,
          cost: true,
          label: true,
          prediction: true,
          route: true,
        },
      });

    const key = uniqueModelKey("it-writes");
    const id = uniqueId("awk");
    const onPg = await newModel(testDb(), key);
    const onLite = await newModel(embedded.prisma, key);
    expect(await ingestBatch(testDatabase(), ci, { events: awkward(key, id) })).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
    expect(await ingestBatch(embedded, ci, { events: awkward(key, id) })).toEqual({ accepted: 2, duplicates: 0, rejected: [] });

    const pgRows = await read(testDb(), onPg.id);
    const liteRows = await read(embedded.prisma, onLite.id);
    expect(pgRows).toHaveLength(2);
    expect(pgRows).toEqual(liteRows);
    const first = pgRows.find((r) => r.requestId.startsWith(id + "\t"))!;
    expect(first).toMatchObject({
      requestId: `${id}\ttab\nnewline\\backslash "quote"`,
      tenant: "tenant\\N not null",
      label: "fraud\tlabel",
      prediction: { label: "fraud\r\n", text: "line1\nline2\t\\ \u00e9\u6f22\ud83d\ude00", nested: [1, null, { a: "\\N" }] },
      // the zone applied, to the millisecond as JavaScript reads it
      ts: new Date(Date.parse("2026-12-03T23:59:59.9999+01:00")),
      errorClass: null,
      cost: null,
    });
    const plain = pgRows.find((r) => r.requestId === `${id}-plain`)!;
    expect(plain).toMatchObject({ outcome: "error", errorClass: "timeout", score: null, cost: 0.00042, label: null, prediction: null });
  });

  it("writes batches that wait for a busy writer in one transaction, each request id once, on PostgreSQL and PGlite", async () => {
    for (const database of [testDatabase(), embedded]) {
      const { key, id } = await newModel(database.prisma);
      // batch i repeats half of batch i-1's ids: across batches of one write and across writes
      const ids = Array.from({ length: 8 * 60 + 60 }, (_, i) => uniqueId(`g${i}`));
      const batches = Array.from({ length: 8 }, (_, b) =>
        ids.slice(b * 60, b * 60 + 120).map((rid, i) => event(key, { request_id: rid, tenant: `t${i % 4}` })),
      );
      const before = batchWriter(database).stats();
      const results = await Promise.all(batches.map((events) => ingestBatch(database, ci, { events })));
      const after = batchWriter(database).stats();

      expect(results.reduce((n, r) => n + r.accepted, 0)).toBe(ids.length);
      for (const r of results) expect(r.accepted + r.duplicates).toBe(120);
      expect(await totals(database.prisma, id)).toEqual({
        predictions: ids.length,
        minuteCount: ids.length,
        dayCount: ids.length,
        amountHistogram: ids.length,
      });
      expect(after.batches - before.batches).toBe(8);
    }
  });
});

describe("two server instances", () => {
  it("count a batch both receive at once a single time, whichever commits first", async () => {
    const other = await openDatabase(testDatabase().target, { purpose: "second instance" });
    try {
      const { key, id } = await newModel(testDb());
      for (let round = 0; round < 3; round++) {
        const events = Array.from({ length: 400 }, (_, i) => event(key, { tenant: `t${i % 5}` }));
        const [a, b] = await Promise.all([ingestBatch(testDatabase(), ci, { events }), ingestBatch(other, ci, { events })]);
        expect(a.accepted + b.accepted).toBe(400);
        expect(a.duplicates + b.duplicates).toBe(400);
      }
      expect(await totals(testDb(), id)).toEqual({ predictions: 1200, minuteCount: 1200, dayCount: 1200, amountHistogram: 1200 });
    } finally {
      await other.close();
    }
  });
});

describe("the writer under load", () => {
  /** Holds the MetricMinute row of (model, tenant "locked", minute) until `release()`. */
  async function holdMinuteRow(modelId: string, minute: number) {
    await testDb().metricMinute.create({
      data: { modelId, version: V1, tenant: "locked", minute: new Date(minute), count: 1, latencyHist: [], scoreHist: [] },
    });
    const pool = testDatabase().driver as { kind: "pg"; pool: pg.Pool };
    const client = await pool.pool.connect();
    await client.query("BEGIN");
    await client.query(`SELECT 1 FROM "MetricMinute" WHERE "modelId" = $1 AND "tenant" = 'locked' FOR UPDATE`, [modelId]);
    return async () => {
      await client.query("COMMIT");
      client.release();
    };
  }

  it("groups the batches that queued behind busy writes, and a group's bad batch fails alone", async () => {
    const database = testDatabase();
    const writer = batchWriter(database);
    const { key, id } = await newModel(testDb());
    const minute = minuteAgo(2);
    const at = (s: number) => new Date(minute + s * 1_000).toISOString();
    const release = await holdMinuteRow(id, minute);

    // every write slot waits on the held row
    const lockedEvents = Array.from({ length: CONCURRENT_WRITES }, (_, n) => event(key, { tenant: "locked", ts: at(n + 1) }));
    const blocked = lockedEvents.map((e) => ingestBatch(database, ci, { events: [e] }));
    await vi.waitFor(() => expect(writer.stats().running).toBe(CONCURRENT_WRITES));
    await vi.waitFor(async () => {
      const [{ n }] = (
        await (database.driver as { kind: "pg"; pool: pg.Pool }).pool.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        )
      ).rows as [{ n: number }];
      expect(n).toBe(CONCURRENT_WRITES);
    });

    // a stored row one short of the INTEGER limit: the batch adding 2 to it overflows
    await testDb().metricMinute.create({
      data: { modelId: id, version: V1, tenant: "full", minute: new Date(minute), count: 2_147_483_646, latencyHist: [], scoreHist: [] },
    });
    const good1 = Array.from({ length: 30 }, (_, i) => event(key, { tenant: "a", ts: at(10 + (i % 20)) }));
    const bad = [event(key, { tenant: "full", ts: at(5) }), event(key, { tenant: "full", ts: at(6) })];
    const good2 = Array.from({ length: 20 }, (_, i) => event(key, { tenant: "b", ts: at(30 + (i % 20)) }));
    const writesBefore = writer.stats().writes;
    const queued = [good1, bad, good2].map((events) => ingestBatch(database, ci, { events }));
    await vi.waitFor(() => expect(writer.stats().queued).toBe(3));

    await release();
    expect((await Promise.all(blocked)).map((r) => r.accepted)).toEqual(lockedEvents.map(() => 1));
    const [r1, rBad, r2] = await Promise.allSettled(queued);
    // the three went as one write, which failed on the overflow; each was then written alone
    expect(writer.stats().writes - writesBefore).toBe(1);
    expect(r1).toEqual({ status: "fulfilled", value: { accepted: 30, duplicates: 0, rejected: [] } });
    expect(r2).toEqual({ status: "fulfilled", value: { accepted: 20, duplicates: 0, rejected: [] } });
    expect(rBad).toMatchObject({ status: "rejected" });
    expect(String((rBad as PromiseRejectedResult).reason)).toMatch(/out of range/);

    const ids = (events: { request_id: string }[]) => events.map((e) => e.request_id);
    const storedIds = await testDb().prediction.findMany({ where: { modelId: id }, select: { requestId: true } });
    expect(new Set(storedIds.map((p) => p.requestId))).toEqual(new Set([...ids(lockedEvents), ...ids(good1), ...ids(good2)]));
    const byTenant = await testDb().metricMinute.groupBy({ by: ["tenant"], where: { modelId: id }, _sum: { count: true } });
    expect(Object.fromEntries(byTenant.map((g) => [g.tenant, g._sum.count]))).toEqual({
      locked: 1 + CONCURRENT_WRITES,
      full: 2_147_483_646,
      a: 30,
      b: 20,
    });
  });
});
