/**
 * The delivery loop: fan out new outbox events (fanout.ts), claim the deliveries that are due,
 * POST each to its webhook signed (sign.ts) and only to an address egress.ts allows (send.ts),
 * record the attempt (a status code and a fixed message, never the response body), and schedule
 * a retry (backoff.ts) or give up.
 *
 * Claiming is one UPDATE whose subquery picks due rows `FOR UPDATE SKIP LOCKED` and moves their
 * nextAttemptAt forward by a lease (timeout + 60 s). Two loops (two instances, or two ticks)
 * never claim the same row: the second skips rows the first has locked, and once the first
 * commits they are no longer due. The HTTP request is made outside any transaction. Its result
 * is written only if the lease is still the one this loop took (compare-and-swap on
 * nextAttemptAt), so a loop that stalled past its lease cannot overwrite a newer attempt. A
 * process that dies mid-request leaves the lease to expire and another loop sends it again:
 * delivery is at least once, and receivers deduplicate on X-Rollgate-Delivery.
 *
 * Order between deliveries is not guaranteed (retries overtake nothing, new events overtake
 * retries); receivers order by the body's `time` or event `id`.
 *
 * server.ts starts `webhookDeliveryJob(database.prisma)` with the other jobs and stops it on
 * shutdown.
 */
import type { PrismaClient } from "../../generated/prisma/client";
import { env } from "../env";
import type { AllowedHosts } from "../http/allowed-hosts";
import { defineJob, type Job } from "../jobs";
import { MAX_ATTEMPTS, retryDelayMs } from "./backoff";
import { systemResolver, type Resolver } from "./egress";
import { TEST_EVENT } from "./events";
import { fanOutEvents, FANOUT_LOOKBACK_MS } from "./fanout";
import { WEBHOOK_DELIVERY_JOB } from "./kick";
import { renderBody } from "./payload";
import type { DeliveryStatus } from "./schemas";
import { SendAborted, sendWebhook, type SendOutcome } from "./send";
import { signedHeaders } from "./sign";

export const DEFAULT_TIMEOUT_MS = 10_000;
const LEASE_MARGIN_MS = 60_000;
const ERROR_MAX = 500;
const USER_AGENT = "Rollgate-Webhooks/1";

type Db = Pick<PrismaClient, "$queryRaw" | "$executeRaw" | "$transaction" | "webhookDelivery" | "webhookAttempt">;

export type ClaimedDelivery = {
  id: string;
  /** attempts made before this one */
  attempts: number;
  /** nextAttemptAt as this claim set it: the compare-and-swap token for recording the result */
  lease: Date;
  webhook: { id: string; name: string; url: string; secret: string; format: string };
  event: { id: bigint; type: string; modelKey: string | null; payload: unknown; createdAt: Date };
};

export type AttemptResult = {
  deliveryId: string;
  status: DeliveryStatus;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  nextAttemptAt: Date | null;
  /** false when the lease was lost (redelivered or re-claimed meanwhile): only the attempt log was written */
  recorded: boolean;
};

export type DeliveryOptions = {
  /** the time used for due dates, leases and attempt records; tests move it forward */
  clock?: () => Date;
  /** [0, 1), for the retry jitter (a delivery's, and the loop's backoff after a failed pass) */
  random?: () => number;
  /** hosts that may be reached although not public; default ROLLGATE_WEBHOOK_ALLOWED_HOSTS */
  allowedHosts?: AllowedHosts;
  /** host name → addresses; default the system resolver (tests inject names) */
  resolve?: Resolver;
  /** for the lookup, the connection and the response headers together */
  timeoutMs?: number;
  /** base of the links in bodies; default the configured public URL */
  publicUrl?: string;
  /** aborts requests in flight (shutdown); their deliveries are released, not counted as attempts */
  signal?: AbortSignal;
};

const truncateMs = (ms: number) => new Date(Math.floor(ms));

/**
 * Claims up to `limit` due deliveries of active webhooks (test deliveries go to paused ones too)
 * for `leaseMs`, oldest due first. Safe to call from several loops at once.
 */
export async function claimDueDeliveries(db: Db, opts: { now?: Date; limit?: number; leaseMs?: number } = {}): Promise<ClaimedDelivery[]> {
  const now = opts.now ?? new Date();
  const lease = truncateMs(now.getTime() + (opts.leaseMs ?? DEFAULT_TIMEOUT_MS + LEASE_MARGIN_MS));
  const rows = await db.$queryRaw<{ id: string }[]>`
    UPDATE "WebhookDelivery" AS d SET "nextAttemptAt" = ${lease.toISOString()}::timestamp(3)
    WHERE d."id" IN (
      SELECT c."id" FROM "WebhookDelivery" c
      JOIN "Webhook" w ON w."id" = c."webhookId"
      JOIN "OutboxEvent" e ON e."id" = c."eventId"
      WHERE c."status" IN ('pending', 'failed')
        AND c."nextAttemptAt" <= ${now.toISOString()}::timestamp(3)
        AND (w."active" OR e."type" = ${TEST_EVENT})
      ORDER BY c."nextAttemptAt", c."id"
      LIMIT ${opts.limit ?? 8}::int
      FOR UPDATE OF c SKIP LOCKED)
    RETURNING d."id"`;
  if (rows.length === 0) return [];
  const loaded = await db.webhookDelivery.findMany({
    where: { id: { in: rows.map((r) => r.id) } },
    select: {
      id: true,
      attempts: true,
      webhook: { select: { id: true, name: true, url: true, secret: true, format: true } },
      event: { select: { id: true, type: true, modelKey: true, payload: true, createdAt: true } },
    },
  });
  return loaded.map((d) => ({ ...d, lease }));
}

/**
 * Sends one claimed delivery and records the attempt: succeeded on 2xx; otherwise failed with
 * the next try scheduled, or dead after the last. Database errors propagate (the loop backs off).
 */
export async function attemptDelivery(db: Db, d: ClaimedDelivery, opts: DeliveryOptions = {}): Promise<AttemptResult | null> {
  const clock = opts.clock ?? (() => new Date());
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const body = renderBody(d.webhook.format, d.event, opts.publicUrl ?? env().publicUrl);
  // The signature's timestamp is the wall clock, whatever `clock` says: receivers compare it with theirs.
  const headers = {
    "Content-Type": "application/json",
    "User-Agent": USER_AGENT,
    ...signedHeaders({ secret: d.webhook.secret, body, event: d.event.type, deliveryId: d.id }),
  };
  const policy = { allowedHosts: opts.allowedHosts ?? env().webhookAllowedHosts, resolve: opts.resolve ?? systemResolver };
  const started = performance.now();
  let outcome: SendOutcome;
  try {
    outcome = await sendWebhook(d.webhook.url, body, headers, { policy, timeoutMs, signal: opts.signal });
  } catch (e) {
    if (!(e instanceof SendAborted)) throw e;
    // shutting down: hand the delivery back, due now, for the next loop to send
    await db.webhookDelivery.updateMany({ where: { id: d.id, nextAttemptAt: d.lease }, data: { nextAttemptAt: clock() } });
    return null;
  }
  const durationMs = Math.round(performance.now() - started);
  const at = clock();
  const attempts = d.attempts + 1;
  const error = outcome.error ? outcome.error.slice(0, ERROR_MAX) : null;
  let status: DeliveryStatus;
  let nextAttemptAt: Date | null = null;
  if (!error) status = "succeeded";
  else {
    const wait = retryDelayMs(attempts, opts.random);
    status = wait === null ? "dead" : "failed";
    if (wait !== null) nextAttemptAt = truncateMs(at.getTime() + wait);
  }
  const recorded = await db.$transaction(async (tx) => {
    const { count } = await tx.webhookDelivery.updateMany({
      where: { id: d.id, nextAttemptAt: d.lease, status: { in: ["pending", "failed"] } },
      data: {
        status,
        attempts,
        lastStatus: outcome.statusCode,
        lastError: error,
        ...(status === "succeeded" ? { deliveredAt: at } : {}),
        ...(nextAttemptAt ? { nextAttemptAt } : {}),
      },
    });
    // deleted with its webhook meanwhile: nothing left to log against
    if (count === 0 && (await tx.webhookDelivery.count({ where: { id: d.id } })) === 0) return false;
    await tx.webhookAttempt.create({ data: { deliveryId: d.id, at, statusCode: outcome.statusCode, durationMs, error } });
    return count === 1;
  });
  return {
    deliveryId: d.id,
    status,
    statusCode: outcome.statusCode,
    error,
    durationMs,
    nextAttemptAt: recorded ? nextAttemptAt : null,
    recorded,
  };
}

export type TickReport = {
  fannedOut: number;
  attempted: number;
  succeeded: number;
  failed: number;
  dead: number;
  results: AttemptResult[];
};

export type TickOptions = DeliveryOptions & {
  /** deliveries claimed and sent at once (default 8) */
  batchSize?: number;
  /** claims per tick before yielding to the next interval (default 25) */
  maxRounds?: number;
  lookbackMs?: number;
};

/**
 * One pass: fan out, then claim and send batches until nothing is due. Throws on a database
 * error (after the batch in flight settles), so the loop can back off.
 */
export async function runDeliveryTick(db: PrismaClient, opts: TickOptions = {}): Promise<TickReport> {
  const clock = opts.clock ?? (() => new Date());
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const batchSize = opts.batchSize ?? 8;
  const report: TickReport = { fannedOut: 0, attempted: 0, succeeded: 0, failed: 0, dead: 0, results: [] };
  report.fannedOut = await fanOutEvents(db, { now: clock(), lookbackMs: opts.lookbackMs ?? FANOUT_LOOKBACK_MS });
  for (let round = 0; round < (opts.maxRounds ?? 25); round++) {
    if (opts.signal?.aborted) break;
    const claimed = await claimDueDeliveries(db, { now: clock(), limit: batchSize, leaseMs: timeoutMs + LEASE_MARGIN_MS });
    if (claimed.length === 0) break;
    const settled = await Promise.allSettled(claimed.map((d) => attemptDelivery(db, d, { ...opts, timeoutMs })));
    let firstError: unknown;
    for (const s of settled) {
      if (s.status === "rejected") {
        firstError ??= s.reason;
        continue;
      }
      if (!s.value) continue;
      report.attempted++;
      report.results.push(s.value);
      if (s.value.status === "succeeded") report.succeeded++;
      else if (s.value.status === "dead") report.dead++;
      else report.failed++;
    }
    if (firstError !== undefined) throw firstError;
    if (claimed.length < batchSize) break;
  }
  return report;
}

export type StartOptions = Omit<TickOptions, "signal"> & {
  /** time between passes (default 2 s) */
  intervalMs?: number;
  log?: (message: string) => void;
};

/**
 * The delivery loop as a job; one per process (server.ts), and several instances may each run
 * one. A failing pass is logged (the first, then every tenth) and the next one waits longer,
 * doubling up to a minute, until the database answers again. stop() aborts the requests in
 * flight: their deliveries are handed back. kick() (kickWebhookDelivery) sends at once.
 */
export function webhookDeliveryJob(db: PrismaClient, opts: StartOptions = {}): Job {
  const intervalMs = opts.intervalMs ?? 2_000;
  const log = opts.log ?? ((m: string) => console.log(`[rollgate] ${m}`));
  const publicUrl = opts.publicUrl ?? env().publicUrl;
  const allowedHosts = opts.allowedHosts ?? env().webhookAllowedHosts;

  return defineJob({
    name: WEBHOOK_DELIVERY_JOB,
    every: intervalMs,
    firstAfter: Math.min(intervalMs, 1_000),
    backoff: { initialMs: 2 * intervalMs, maxMs: 60_000 },
    // a pass every 2 s: an outage is reported when it starts and then every tenth failure
    logFailuresEvery: 10,
    log,
    random: opts.random,
    run: async ({ signal }) => {
      const report = await runDeliveryTick(db, { ...opts, publicUrl, allowedHosts, signal });
      for (const r of report.results) {
        if (r.status === "dead" && r.recorded)
          log(`webhooks: delivery ${r.deliveryId} gave up after ${MAX_ATTEMPTS} attempts (${r.error})`);
      }
    },
  });
}
