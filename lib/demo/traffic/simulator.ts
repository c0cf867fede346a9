// The demo's inference fleet: requests from several tenants' users to the three demo models,
// each routed exactly as an inference service routes it (the routing client follows the table
// through the routing API's change stream and resolves locally by tenant and routing key),
// and each prediction reported through the client's telemetry sender. It talks to Rollgate
// only over HTTP, with one API token (routes:read + telemetry:write): the embedded database
// belongs to the server process alone.
import { randomBytes } from "node:crypto";
import { createRoutingClient, resolve, RoutingError, type RouteTable, type RoutingClient } from "@rollgate/client";
import { createTelemetrySender, type TelemetrySender, type TelemetrySenderStats } from "@rollgate/client/telemetry";
import { backfill, DEFAULT_BACKFILL_HOURS, hasTelemetry, type BackfillOptions } from "./backfill";
import { createEventGenerator, type EventGenerator } from "./generate";
import { tableAt, type RouteState } from "./history";
import { manifestCache, type ManifestCache } from "./manifests";
import { DEMO_SCENARIO, DEMO_TRAFFIC_MODELS, MODEL_PROFILES, type DemoModel, type Scenario } from "./profiles";
import { normal, pickIndex, poisson, seededRng, type Rng } from "./random";
import { DEMO_TENANTS, pickTenantUser, tenantMix, type TenantMix } from "./tenants";

export type DemoTrafficLogger = { info(message: string): void; warn(message: string): void };

export type DemoTrafficOptions = {
  /** base URL of Rollgate (the server's own address when run inside it) */
  url: string;
  /** an API token with routes:read and telemetry:write */
  token: string;
  /** mean requests per second over all models */
  ratePerSecond: number;
  models?: readonly DemoModel[];
  tenants?: readonly string[];
  scenario?: Scenario;
  /** makes the generated traffic reproducible (default: random per start) */
  seed?: number;
  /** how often requests are generated; default 200 ms */
  tickMs?: number;
  /** past traffic posted once at start when none is recorded yet; false to skip */
  backfill?: Partial<BackfillOptions> | false;
  /** per model, how its routing split changed over the backfilled hours (./history.ts) */
  history?: ReadonlyMap<string, readonly RouteState[]>;
  /** the telemetry sender's flush interval; default 1000 ms */
  flushIntervalMs?: number;
  logger?: DemoTrafficLogger;
  fetch?: typeof fetch;
  now?: () => number;
};

export type DemoTrafficStats = {
  /** requests routed and reported */
  served: number;
  /** requests that could not be routed (no table yet, or the model is unknown to the server) */
  unrouted: number;
  /** shadow copies reported for a shadow-mode candidate */
  shadowed: number;
  /** past events posted by the backfill (0 when it was skipped) */
  backfilled: number;
  live: TelemetrySenderStats;
};

export type DemoTraffic = {
  /** resolves once every model's routing table is held */
  ready: Promise<void>;
  /** resolves with the number of past events posted (0 when telemetry was already there) */
  backfilled: Promise<number>;
  stats(): DemoTrafficStats;
  /** stops generating, stops following routing, delivers what is buffered (bounded) */
  stop(): Promise<DemoTrafficStats>;
};

/**
 * The density of the backfilled day: a fifteenth of the live rate (at least one request a
 * second), so a whole day posts in seconds while every chart bucket still has a sample. Its last
 * hour runs at the live rate, so the running canary's tenants have the guardrails' minimum
 * sample on the Tenants tab from the first minute.
 */
export function pastRate(liveRate: number): number {
  return Math.max(1, liveRate / 15);
}

/** Picks a model by its traffic share, then a tenant and one of its users. */
export function planRequest(rng: Rng, models: readonly DemoModel[], mix: TenantMix): { model: DemoModel; tenant: string; key: string } {
  const model =
    models[
      pickIndex(
        rng,
        models.map((m) => MODEL_PROFILES[m.kind].share),
      )
    ]!;
  return { model, ...pickTenantUser(rng, mix) };
}

/** A rate that wanders ±20 % around 1 with no daily cycle, so charts look alive but steady. */
export function rateNoise(rng: Rng): () => number {
  let level = 1;
  return () => {
    level += (1 - level) * 0.02 + normal(rng) * 0.01;
    level = Math.min(1.2, Math.max(0.8, level));
    return level;
  };
}

/** What an inference service does with one request: route it, serve it, report it. */
export type Serve = (ts: number, requestId: string, sender: TelemetrySender) => boolean;

export function serveWith(deps: {
  rng: Rng;
  models: readonly DemoModel[];
  mix: TenantMix;
  routing: Pick<RoutingClient, "resolve" | "table">;
  generator: EventGenerator;
  manifests: ManifestCache;
  counts: { served: number; unrouted: number; shadowed: number };
  /** the split a past request met, when it differs from today's */
  history?: ReadonlyMap<string, readonly RouteState[]>;
}): Serve {
  const { rng, models, mix, routing, generator, manifests, counts, history } = deps;
  return (ts, requestId, sender) => {
    const { model, tenant, key } = planRequest(rng, models, mix);
    let decision: { version: string; shadowVersion?: string };
    let table: RouteTable | null;
    try {
      const past = history?.get(model.key);
      const live = past ? routing.table(model.key) : null;
      const then = live ? tableAt(live, past, ts) : null;
      decision = then ? resolve(then, { tenant, key }) : routing.resolve(model.key, { tenant, key });
      table = then ?? live ?? routing.table(model.key);
    } catch (e) {
      if (e instanceof RoutingError) {
        counts.unrouted++;
        return false;
      }
      throw e;
    }
    const role = table?.candidate && table.mode !== "shadow" && table.candidate.version === decision.version ? "candidate" : "stable";
    const served = { requestId, model: model.key, kind: model.kind, tenant, ts };
    sender.send(
      generator.event(rng, { ...served, version: decision.version, role, features: manifests.features(model.key, decision.version) }),
    );
    counts.served++;
    if (decision.shadowVersion) {
      // the shadow copy is a prediction of its own, recorded under its own request id
      const v = decision.shadowVersion;
      sender.send(
        generator.event(rng, {
          ...served,
          requestId: `${requestId}.shadow`,
          version: v,
          role: "candidate",
          features: manifests.features(model.key, v),
        }),
      );
      counts.shadowed++;
    }
    return true;
  };
}

export function startDemoTraffic(opts: DemoTrafficOptions): DemoTraffic {
  const now = opts.now ?? Date.now;
  const models = opts.models ?? DEMO_TRAFFIC_MODELS;
  const mix = tenantMix(opts.tenants ?? DEMO_TENANTS);
  const seed = opts.seed ?? randomBytes(4).readUInt32LE(0);
  const rng = seededRng(seed);
  const tickMs = opts.tickMs ?? 200;
  const logger = opts.logger ?? { info: () => {}, warn: () => {} };
  const runId = randomBytes(4).toString("hex");
  let stopped = false;
  // once stopping, the server is going away too: its refusals are expected, not news
  const quietInfo = { info: () => {}, warn: (m: string) => void (stopped || logger.warn(m)) };

  const routing = createRoutingClient({
    url: opts.url,
    token: opts.token,
    models: models.map((m) => m.key),
    logger: quietInfo,
    fetch: opts.fetch,
  });
  const senderOptions = {
    url: opts.url,
    token: opts.token,
    flushIntervalMs: opts.flushIntervalMs ?? 1000,
    logger: quietInfo,
    fetch: opts.fetch,
  };
  const live = createTelemetrySender(senderOptions);
  const manifests = manifestCache({ url: opts.url, token: opts.token, fetch: opts.fetch, now, warn: logger.warn });
  const generator = createEventGenerator(opts.scenario ?? DEMO_SCENARIO);
  const counts = { served: 0, unrouted: 0, shadowed: 0, backfilled: 0 };
  const serve = serveWith({ rng, models, mix, routing, generator, manifests, counts });
  const pastCounts = { served: 0, unrouted: 0, shadowed: 0 };
  const pastRng = seededRng(seed ^ 0x5bd1e995);
  const servePast = serveWith({ rng: pastRng, models, mix, routing, generator, manifests, counts: pastCounts, history: opts.history });
  const prefetch = () => {
    for (const m of models) {
      const t = routing.table(m.key);
      if (!t) continue;
      const past = (opts.history?.get(m.key) ?? []).flatMap((h) => [h.stable, h.candidate?.version]);
      for (const v of new Set([t.stable.version, t.candidate?.version, ...Object.values(t.pins), ...past]))
        if (v) manifests.features(m.key, v);
    }
  };

  let seq = 0;
  let last = now();
  const level = rateNoise(rng);
  const tick = () => {
    const t = now();
    // a stalled event loop is not made up for in one burst
    const dt = Math.min(Math.max(0, t - last), 5 * tickMs);
    last = t;
    const n = poisson(rng, (opts.ratePerSecond * level() * dt) / 1000);
    for (let i = 0; i < n; i++) serve(Math.round(t - dt + rng() * dt), `demo-${runId}-${++seq}`, live);
  };
  let timer: ReturnType<typeof setInterval> | undefined;
  const startLive = () => {
    if (stopped || timer) return;
    last = now();
    timer = setInterval(tick, tickMs);
    timer.unref?.();
  };

  const ready = routing.ready(30_000).then(prefetch);
  const past =
    opts.backfill === false
      ? null
      : { ratePerSecond: pastRate(opts.ratePerSecond), recentHours: 1, recentRatePerSecond: opts.ratePerSecond, ...opts.backfill };
  const backfillSender = past ? createTelemetrySender({ ...senderOptions, flushIntervalMs: 250 }) : null;
  // whether history exists is decided before the first live event, which would otherwise count as history
  const needsBackfill: Promise<boolean> = ready.then(async () => {
    if (!past) return false;
    try {
      return !(await hasTelemetry({
        url: opts.url,
        token: opts.token,
        fetch: opts.fetch,
        models,
        now: now(),
        lookbackDays: past.lookbackDays ?? 7,
      }));
    } catch (e) {
      logger.warn(`demo traffic: no backfill (${(e as Error).message})`);
      return false;
    }
  });
  needsBackfill.catch(() => false).finally(startLive);
  const backfilled: Promise<number> = needsBackfill
    .then(async (needed) => {
      if (!needed || !backfillSender || !past) return 0;
      const n = await backfill({
        end: now(),
        options: past,
        serve: (ts, id) => servePast(ts, `demo-${runId}-b${id}`, backfillSender),
        prefetch,
        rng: pastRng,
        manifests,
        sender: backfillSender,
        stopped: () => stopped,
      });
      counts.backfilled = n;
      if (n > 0)
        logger.info(`demo traffic: backfilled ${n.toLocaleString("en-US")} events over the last ${past.hours ?? DEFAULT_BACKFILL_HOURS} h`);
      return n;
    })
    .catch((e: unknown) => {
      logger.warn(`demo traffic: backfill stopped (${(e as Error).message})`);
      return 0;
    });
  // the promises are also handed out; an unobserved rejection must not end the process
  ready.catch((e: unknown) =>
    logger.warn(`demo traffic: routing tables not available yet (${(e as Error).message}); requests wait for them`),
  );

  const stats = (): DemoTrafficStats => ({
    served: counts.served,
    unrouted: counts.unrouted,
    shadowed: counts.shadowed,
    backfilled: counts.backfilled,
    live: live.stats(),
  });

  return {
    ready,
    backfilled,
    stats,
    async stop() {
      if (!stopped) {
        stopped = true;
        if (timer) clearInterval(timer);
        await routing.close();
        await Promise.all([live.close({ timeoutMs: 1000 }), backfillSender?.close({ timeoutMs: 500 })]);
        await backfilled;
        // a manifest read still in flight would otherwise outlive the fleet
        await manifests.settled();
      }
      return stats();
    },
  };
}
