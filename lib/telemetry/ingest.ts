/**
 * Telemetry ingest (README → Sending telemetry).
 *
 * A batch is validated event by event, checked against the registry (an unknown model or
 * version is a rejection, never a new row), prepared in memory (its prediction rows as COPY text,
 * its rollup rows and feature histograms folded) and handed to the database's writer
 * (batch-writer.ts), which writes it in ONE transaction:
 *   1. the prediction rows: COPY straight into Prediction; if a request id is recorded already,
 *      the transaction is rolled back and run again through a staging table and
 *      INSERT … ON CONFLICT ("requestId", "ts") DO NOTHING, counted in SQL (prediction-rows.ts);
 *   2. one statement of multi-row upserts that add to existing rows: MetricMinute, MetricRollup
 *      (the coarser tiers) and FeatureHistogram (lib/drift/fold.ts, for events with features).
 * Only the events whose prediction row was inserted by THIS transaction are counted in the
 * rollups, so a batch sent again after a timeout, or two identical batches racing, count each
 * (request id, ts) once: the second insert waits on the first's uncommitted rows and then skips
 * them. A model may keep prediction rows for a sample of its requests only (policy
 * predictions.sampleRate, sampling.ts): the requests outside it are counted without a row, so
 * only the batch's own first-occurrence check guards them against a repeat.
 * Nothing is read and written back, and any failure leaves nothing behind. Batches that arrive
 * while the writer is busy share one such transaction (write-queue.ts); each still gets its own
 * counts. An unreachable database surfaces as 503 with Retry-After (lib/errors.ts →
 * translateDatabaseError).
 *
 * A model whose policy has replay rules (lib/replay) gets them applied here, in memory, before
 * the batch goes to the writer: the scrub rules rewrite the stored `prediction`, and a request the
 * policy captures (replay.capture: chosen by request id, served routes only, with an `input`)
 * becomes a scrubbed ReplayRecord row written in the batch's transaction (replay-rows.ts).
 *
 * Prediction.route records how the version stood in the model's production Release when the
 * batch arrived — "pin" (the tenant is pinned to it), "candidate", "shadow" (the candidate of a
 * shadow release), "stable" — or "unknown" (none of these, e.g. an old version still reporting).
 * It is the routing pointer at ingest time, which is seconds after `ts` for a live sender; the
 * pointer's history at an arbitrary past ts is not looked up.
 */
import "server-only";
import type { Actor } from "../auth/actor";
import { RELEASE_ENVIRONMENT } from "../database/environment";
import type { Database } from "../database/open";
import { PayloadTooLargeError, ValidationError, zodIssues } from "../errors";
import { formatCount } from "../format/numbers";
import { batchWriter, prepareBatch, yieldToIo, type PreparedEvent } from "./batch-writer";
import { kickGuardrailsSoon } from "./guardrail-kick";
import {
  DEFAULT_RETENTION_DAYS,
  MAX_BATCH_EVENTS,
  predictedLabel,
  telemetryBatchSchema,
  validateEvent,
  type IngestResult,
  type RejectedEvent,
  type ValidEvent,
} from "./schemas";
import { capturesRequest, replayRulesOf, scrub, scrubCapture, type ReplayRules } from "../replay/server";
import { replayHasher, type ReplayRow } from "./replay-rows";
import { keepsRequest, sampleRateOf } from "./sampling";
import { sqlQuery } from "./sql";

export type IngestOptions = {
  /** the server clock, for the ts checks (tests pin it) */
  now?: number;
  /** the prediction retention window in days: events older than it are refused */
  retentionDays?: number;
  /**
   * false when the body's JSON text shows no string can hold text PostgreSQL cannot store
   * (storable-text.ts): the field-by-field check is skipped. Default true.
   */
  checkText?: boolean;
};

export type PredictionRoute = "pin" | "candidate" | "shadow" | "stable" | "unknown";

// ---------------------------------------------------------------------------------------------
// Registry lookups. Models and versions are never deleted, so a (key → id) and an
// (id, version) once seen stay true: they are cached per database handle, and only misses
// (a version registered a moment ago, or a typo) go to the database.

type RegistryCache = { modelIds: Map<string, string>; versions: Set<string> };
const caches = new WeakMap<Database, RegistryCache>();

function cacheOf(database: Database): RegistryCache {
  let c = caches.get(database);
  if (!c) {
    c = { modelIds: new Map(), versions: new Set() };
    caches.set(database, c);
  }
  return c;
}

async function resolveVersions(database: Database, pairs: Map<string, Set<string>>): Promise<RegistryCache> {
  const cache = cacheOf(database);
  const missingKeys: string[] = [];
  const missingVersions = new Set<string>();
  for (const [key, versions] of pairs) {
    const id = cache.modelIds.get(key);
    for (const v of versions) {
      if (!id || !cache.versions.has(`${id}\u0000${v}`)) {
        missingKeys.push(key);
        missingVersions.add(v);
      }
    }
  }
  if (missingKeys.length === 0) return cache;
  const rows = await sqlQuery<{ key: string; id: string; version: string | null }>(
    database,
    `SELECT m."key", m."id", v."version" FROM "Model" m
     LEFT JOIN "ModelVersion" v ON v."modelId" = m."id" AND v."version" = ANY($2::text[])
     WHERE m."key" = ANY($1::text[])`,
    [[...new Set(missingKeys)], [...missingVersions]],
  );
  for (const r of rows) {
    cache.modelIds.set(r.key, r.id);
    if (r.version !== null) cache.versions.add(`${r.id}\u0000${r.version}`);
  }
  return cache;
}

/** An ISO 8601 UTC date-time to the millisecond at most: stored as written. */
const CANONICAL_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;

type RouteInfo = {
  releases: Map<string, { stable: string | null; candidate: string | null; mode: string }>;
  pins: Map<string, string>;
  /** models keeping request-level rows for a share of requests below 1 (policy predictions.sampleRate) */
  sampleRates: Map<string, number>;
  /** models that capture requests for replay or scrub what they store (policy replay) */
  replay: Map<string, ReplayRules>;
};

async function loadRouting(database: Database, modelIds: string[]): Promise<RouteInfo> {
  // read per batch, as the routing is: a policy change applies from the next batch on
  const [releases, pins, rates] = await Promise.all([
    sqlQuery<{ modelId: string; stableVersion: string | null; candidateVersion: string | null; mode: string }>(
      database,
      `SELECT "modelId", "stableVersion", "candidateVersion", "mode"::text AS "mode" FROM "Release"
       WHERE "environment" = $2 AND "modelId" = ANY($1::text[])`,
      [modelIds, RELEASE_ENVIRONMENT],
    ),
    sqlQuery<{ modelId: string; tenant: string; version: string }>(
      database,
      `SELECT "modelId", "tenant", "version" FROM "TenantPin" WHERE "environment" = $2 AND "modelId" = ANY($1::text[])`,
      [modelIds, RELEASE_ENVIRONMENT],
    ),
    sqlQuery<{ id: string; rate: unknown; replay: unknown }>(
      database,
      `SELECT "id", "policy"->'predictions'->'sampleRate' AS "rate", "policy"->'replay' AS "replay" FROM "Model"
       WHERE "id" = ANY($1::text[]) AND ("policy" ? 'predictions' OR "policy"->'replay' ?| ARRAY['capture', 'scrub'])`,
      [modelIds],
    ),
  ]);
  const replay = new Map<string, ReplayRules>();
  for (const r of rates) {
    const rules = replayRulesOf(r.replay);
    if (rules) replay.set(r.id, rules);
  }
  return {
    replay,
    sampleRates: new Map(rates.map((r) => [r.id, sampleRateOf(r.rate)] as const).filter(([, rate]) => rate < 1)),
    releases: new Map(releases.map((r) => [r.modelId, { stable: r.stableVersion, candidate: r.candidateVersion, mode: r.mode }])),
    pins: new Map(pins.map((p) => [`${p.modelId}\u0000${p.tenant}`, p.version])),
  };
}

export function routeOf(info: RouteInfo, modelId: string, tenant: string, version: string): PredictionRoute {
  if (info.pins.get(`${modelId}\u0000${tenant}`) === version) return "pin";
  const r = info.releases.get(modelId);
  if (r?.candidate === version) return r.mode === "shadow" ? "shadow" : "candidate";
  if (r?.stable === version) return "stable";
  return "unknown";
}

// ---------------------------------------------------------------------------------------------

/** Checks the envelope: an object with an `events` array of at most MAX_BATCH_EVENTS. */
export function parseEnvelope(body: unknown): unknown[] {
  const parsed = telemetryBatchSchema.safeParse(body);
  if (!parsed.success) throw new ValidationError(zodIssues(parsed.error));
  const n = parsed.data.events.length;
  if (n > MAX_BATCH_EVENTS) {
    throw new PayloadTooLargeError(
      `The batch has ${formatCount(n)} events; the limit is ${formatCount(MAX_BATCH_EVENTS)} events per request. Send smaller batches.`,
    );
  }
  return parsed.data.events;
}

/**
 * Validates and records one batch: `{events: [...]}` → {accepted, duplicates, rejected}.
 * `accepted` counts events recorded by this call (counted in the metrics; their row stored unless
 * sampled out); `duplicates` those whose request id was
 * already recorded (by an earlier batch, a concurrent one, or earlier in this batch).
 */
export async function ingestBatch(database: Database, _actor: Actor, body: unknown, opts: IngestOptions = {}): Promise<IngestResult> {
  const events = parseEnvelope(body);
  const now = opts.now ?? Date.now();
  const retentionDays = opts.retentionDays ?? DEFAULT_RETENTION_DAYS;

  const rejected: RejectedEvent[] = [];
  const valid: { index: number; event: ValidEvent; atMs: number }[] = [];
  const pairs = new Map<string, Set<string>>();
  let lastModel = "";
  let lastVersion = "";
  for (let index = 0; index < events.length; index++) {
    const r = validateEvent(events[index], { now, retentionDays, checkText: opts.checkText });
    if (!r.ok) {
      rejected.push({ index, issues: r.issues });
      continue;
    }
    valid.push({ index, event: r.event, atMs: r.atMs });
    const { model, version } = r.event;
    if (model === lastModel && version === lastVersion) continue;
    let versions = pairs.get(model);
    if (!versions) pairs.set(model, (versions = new Set()));
    versions.add(version);
    lastModel = model;
    lastVersion = version;
  }
  if (valid.length === 0) return { accepted: 0, duplicates: 0, rejected };

  await yieldToIo();
  const registry = await resolveVersions(database, pairs);
  const modelIds = new Set<string>();
  for (const key of pairs.keys()) {
    const id = registry.modelIds.get(key);
    if (id) modelIds.add(id);
  }
  const routing = modelIds.size > 0 ? await loadRouting(database, [...modelIds]) : null;
  // the scrub hash's key, only for batches of models with replay rules
  const hash = routing && routing.replay.size > 0 ? await replayHasher(database) : null;

  // The first occurrence of a request id in the batch is the one recorded.
  const seen = new Set<string>();
  let duplicates = 0;
  const accepted: PreparedEvent[] = [];
  const receivedAt = new Date(now).toISOString();
  for (const { index, event: e, atMs } of valid) {
    const modelId = registry.modelIds.get(e.model);
    if (!modelId) {
      rejected.push({ index, issues: [{ path: "model", message: `Model "${e.model}" does not exist.` }] });
      continue;
    }
    if (!registry.versions.has(`${modelId}\u0000${e.version}`)) {
      rejected.push({ index, issues: [{ path: "version", message: `Model "${e.model}" has no version ${e.version}.` }] });
      continue;
    }
    if (seen.has(e.request_id)) {
      duplicates++;
      continue;
    }
    seen.add(e.request_id);
    const error = e.outcome === "error";
    const predicted = e.label !== undefined ? predictedLabel(e.prediction) : null;
    const sampleRate = routing?.sampleRates.get(modelId);
    const route = routing ? routeOf(routing, modelId, e.tenant, e.version) : "unknown";
    const ts = typeof e.ts === "string" && CANONICAL_UTC.test(e.ts) ? e.ts : new Date(atMs).toISOString();
    const rules = routing?.replay.get(modelId);
    let prediction = e.prediction;
    let replay: ReplayRow | undefined;
    if (rules && hash) {
      // scrubbed here, before the event is handed to the writer: the raw values are never written
      if (prediction !== undefined && rules.scrub.length > 0) prediction = scrub(prediction, rules.scrub, hash).value;
      if (rules.capture && e.input !== undefined && route !== "shadow" && capturesRequest(e.request_id, rules.capture.rate)) {
        const captured = scrubCapture(e.input, e.output ?? e.prediction ?? null, rules.scrub, hash);
        const at = new Date(atMs).toISOString();
        replay = {
          modelId,
          requestId: e.request_id,
          tenant: e.tenant,
          version: e.version,
          ts: at,
          day: at.slice(0, 10),
          ...captured,
          receivedAt,
          cap: rules.capture.maxPerTenantPerDay,
        };
      }
    }
    accepted.push({
      replay,
      sampledOut: sampleRate !== undefined && !keepsRequest(e.request_id, sampleRate),
      fold: {
        modelId,
        version: e.version,
        tenant: e.tenant,
        atMs,
        latencyMs: e.latency_ms,
        error,
        errorClass: error ? e.error_class : undefined,
        score: e.score,
        cost: e.cost,
        correct: predicted === null ? null : String(e.label) === predicted,
        tokensIn: e.tokens?.input ?? 0,
        tokensOut: e.tokens?.output ?? 0,
        flags: e.flags,
        features: e.features,
      },
      row: {
        requestId: e.request_id,
        modelId,
        version: e.version,
        tenant: e.tenant,
        // what PostgreSQL will store: UTC, milliseconds (a ts already written so is kept as sent)
        ts,
        latencyMs: e.latency_ms,
        outcome: e.outcome,
        errorClass: error ? (e.error_class ?? null) : null,
        score: e.score ?? null,
        cost: e.cost ?? null,
        label: e.label === undefined ? null : String(e.label),
        prediction: prediction === undefined ? null : prediction,
        route,
        receivedAt,
      },
    });
  }
  rejected.sort((a, b) => a.index - b.index);
  if (accepted.length === 0) return { accepted: 0, duplicates, rejected };
  await yieldToIo();
  const counted = await batchWriter(database).submit(await prepareBatch(database, accepted));
  // a candidate's new evidence is judged now, not at the next timer pass
  if (counted > 0 && accepted.some((e) => e.row.route === "candidate")) kickGuardrailsSoon();
  return { accepted: counted, duplicates: duplicates + (accepted.length - counted), rejected };
}
