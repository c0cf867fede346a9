// A database outage, end to end on the control plane: the code under test reaches PostgreSQL
// through a TCP proxy this file cuts (connections refused, open ones killed) and restores on the
// same port. While it is cut, API calls answer 503 with Retry-After, a rollback fails cleanly
// (503 from the API, an `unavailable` result from the server action), signed-in pages say the
// database is unreachable instead of failing, and /api/health names what is down. After the
// proxy is back, the same process serves again without a restart, and nothing was half-written.
// (Telemetry through an outage is in telemetry-sender.test.ts.)
import pg from "pg";
import { createElement, type ReactElement } from "react";
import { renderToString } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import SetupPage from "../../app/(auth)/setup/page";
import SignInPage from "../../app/(auth)/sign-in/page";
import DashboardLayout from "../../app/(dashboard)/layout";
import { GET as getHealth } from "../../app/api/health/route";
import { DatabaseUnreachable } from "../../components/layout/database-unreachable";
import { POST as rollbackRoute } from "../../app/api/v1/models/[model]/release/rollback/route";
import { GET as getModels } from "../../app/api/v1/models/route";
import type { User } from "../../generated/prisma/client";
import type { Actor } from "../../lib/auth/actor";
import { runtime, setRuntime } from "../../lib/runtime";
import { openDatabase, type Database } from "../../lib/database/open";
import { translateDatabaseError } from "../../lib/errors";
import { approveVersion, recordEvaluation } from "../../lib/lifecycle/service";
import { fraudScoringManifest } from "../../lib/registry/fixtures";
import { registerVersion } from "../../lib/registry/service";
import { rollbackAction } from "../../lib/rollout/actions";
import { startRollout } from "../../lib/rollout/service";
import { createApiToken, createUser, uniqueModelKey } from "./support/factories";
import { callRoute } from "./support/http";
import { fakePostgres } from "./support/fake-postgres";
import { pgProxy } from "./support/pg-proxy";
import { signInAs } from "./support/session";

const target = inject("rollgateTestDb");
const onPostgres = target.kind === "postgres";

const V1 = "2026-01-10.1";
const V2 = "2026-02-01.1";
const DATASET = "s3://rollgate-evals/fraud/2026-01-10/holdout.parquet";

describe.runIf(onPostgres)("a database outage", () => {
  let direct: Database;
  let proxied: Database;
  let proxy: ReturnType<typeof pgProxy>;
  let operator: User;
  let approver: User;
  let releaseToken: string;
  let readToken: string;

  beforeAll(async () => {
    if (target.kind !== "postgres") return;
    direct = runtime().database;
    const u = new URL(target.url);
    proxy = pgProxy(u.hostname, Number(u.port || 5432));
    await proxy.start();
    u.hostname = "127.0.0.1";
    u.port = String(proxy.port);
    proxied = await openDatabase({ kind: "postgres", url: u.toString() }, { purpose: "outage test" });
    operator = await createUser("operator");
    approver = await createUser("approver");
    releaseToken = (await createApiToken(["release:write"])).secret;
    readToken = (await createApiToken(["routes:read"])).secret;
    // from here on, the code under test (db()) goes through the proxy; the checks use `direct`
    setRuntime("database", proxied);
  });

  afterAll(async () => {
    if (!onPostgres) return;
    setRuntime("database", direct);
    await proxy?.start();
    await proxied?.close();
    await proxy?.stop();
  });

  /** Runs `body` with the database cut, and restores it whatever happens. */
  async function duringOutage<T>(body: () => Promise<T>): Promise<T> {
    await proxy.stop();
    try {
      return await body();
    } finally {
      await proxy.start();
    }
  }

  const asActor = (u: User): Actor => ({ type: "user", id: u.id, label: u.email, role: u.role });

  /** A model with V1 stable and V2 in a canary at 5 %, set up on the direct connection. */
  async function canary(): Promise<string> {
    const key = uniqueModelKey("it-outage");
    const ci: Actor = { type: "system", id: null, label: "outage test" };
    for (const version of [V1, V2]) {
      const m = fraudScoringManifest();
      m.model_id = key;
      m.model_version = version;
      delete m.parent_version;
      await registerVersion(direct.prisma, ci, { modelKey: key, text: JSON.stringify(m), contentType: "application/json" });
      await recordEvaluation(direct.prisma, ci, { modelKey: key, version, dataset: DATASET, metrics: { f1: 0.93 } });
      if (version === V1) await approveVersion(direct.prisma, asActor(approver), { modelKey: key, version });
    }
    const started = await startRollout(direct.prisma, asActor(approver), { modelKey: key, version: V2 });
    expect(started.outcome).toBe("started");
    return key;
  }

  /** Everything a rollback writes: the release row, audit events, outbox events, incidents. */
  async function footprint(key: string) {
    const release = await direct.prisma.release.findFirstOrThrow({ where: { model: { key }, environment: "production" } });
    const [audit, outbox, incidents] = await Promise.all([
      direct.prisma.auditEvent.count({ where: { modelKey: key } }),
      direct.prisma.outboxEvent.count({ where: { modelKey: key } }),
      direct.prisma.incident.count({ where: { release: { model: { key } } } }),
    ]);
    return { epoch: release.epoch, state: release.state, candidate: release.candidateVersion, audit, outbox, incidents };
  }

  it("the driver's errors while the database is cut translate to 503 with Retry-After, never 500", async () => {
    const thrown = await duringOutage(() =>
      proxied.prisma.$queryRaw`SELECT 1`.then(
        () => null,
        (e: unknown) => e,
      ),
    );
    expect(thrown).not.toBeNull();
    const known = translateDatabaseError(thrown);
    expect(known?.status).toBe(503);
    expect(known?.headers?.["Retry-After"]).toMatch(/^\d+$/);
  });

  it("API calls answer 503 with Retry-After during the outage, and 200 after it without a restart", async () => {
    await duringOutage(async () => {
      const res = await callRoute(getModels, { path: "/api/v1/models", token: readToken });
      expect(res.status).toBe(503);
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
      const body = await res.json<{ error: { code: string; message: string } }>();
      expect(body.error.code).toBe("unavailable");
      expect(body.error.message).toMatch(/database is unreachable/i);
    });
    const after = await callRoute(getModels, { path: "/api/v1/models", token: readToken });
    expect(after.status).toBe(200);
  });

  it("a rollback during the outage fails cleanly, leaves nothing half-written, and works once the database is back", async () => {
    const key = await canary();
    const before = await footprint(key);

    await duringOutage(async () => {
      const res = await callRoute(rollbackRoute, {
        method: "POST",
        path: `/api/v1/models/${key}/release/rollback`,
        params: { model: key },
        token: releaseToken,
        body: { reason: "latency regression" },
      });
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toMatch(/^\d+$/);

      signInAs(operator);
      const result = await rollbackAction({ modelKey: key, reason: "latency regression" });
      expect(result).toMatchObject({
        ok: false,
        error: { code: "unavailable", message: expect.stringMatching(/database is unreachable/i) },
      });
    });

    expect(await footprint(key)).toEqual(before);

    const res = await callRoute(rollbackRoute, {
      method: "POST",
      path: `/api/v1/models/${key}/release/rollback`,
      params: { model: key },
      token: releaseToken,
      body: { reason: "latency regression" },
    });
    expect(res.status).toBe(200);
    const after = await footprint(key);
    expect(after.epoch).toBeGreaterThan(before.epoch);
    expect(after.candidate).toBeNull();
    expect(after.audit).toBeGreaterThan(before.audit);
  });

  it("a rollback whose connection dies in the middle of its transaction answers 503 and leaves nothing behind", async () => {
    if (target.kind !== "postgres") return;
    const key = await canary();
    const before = await footprint(key);
    // Hold the audit table so the rollback's transaction stops at its audit INSERT, after the
    // release and incident writes that precede it; then cut its connection there.
    const blocker = new pg.Client({ connectionString: target.url });
    // pg_stat_activity is a snapshot per transaction: watch from outside the blocker's
    const watcher = new pg.Client({ connectionString: target.url });
    await Promise.all([blocker.connect(), watcher.connect()]);
    const waiting = () =>
      watcher
        .query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'rollgate:outage test' AND wait_event_type = 'Lock'`,
        )
        .then((r) => r.rows.map((row) => row.pid));
    let pids: number[] = [];
    try {
      await blocker.query("BEGIN");
      await blocker.query('LOCK TABLE "AuditEvent" IN EXCLUSIVE MODE');
      const pending = callRoute(rollbackRoute, {
        method: "POST",
        path: `/api/v1/models/${key}/release/rollback`,
        params: { model: key },
        token: releaseToken,
        body: { reason: "latency regression" },
      });
      await expect.poll(async () => (pids = await waiting()).length, { timeout: 10_000 }).toBeGreaterThan(0);
      await proxy.stop();
      const res = await pending;
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
    } finally {
      await blocker.query("ROLLBACK").catch(() => {});
      await proxy.start();
    }
    // the cut-off backend notices its client is gone and rolls its transaction back
    const alive = () =>
      watcher.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = ANY($1)", [pids]).then((r) => r.rows[0].n as number);
    await expect.poll(alive, { timeout: 10_000 }).toBe(0);
    await Promise.all([blocker.end(), watcher.end()]);

    expect(await footprint(key)).toEqual(before);
    const again = await callRoute(rollbackRoute, {
      method: "POST",
      path: `/api/v1/models/${key}/release/rollback`,
      params: { model: key },
      token: releaseToken,
      body: { reason: "latency regression" },
    });
    expect(again.status).toBe(200);
  });

  it("a signed-in page says the database is unreachable instead of failing, and renders again after", async () => {
    signInAs(operator);
    const page = createElement("p", null, "the models page");
    const down = await duringOutage(async () => renderToString(await DashboardLayout({ children: page })));
    expect(down).toContain("The database is unreachable");
    expect(down).toContain("recovers by itself");
    expect(down).not.toContain("the models page");

    // the app shell around the page again (rendering it needs the router's pathname)
    const up = (await DashboardLayout({ children: page })) as ReactElement<{ children: unknown }>;
    expect(up.type).not.toBe(DatabaseUnreachable);
    expect(up.props.children).toBe(page);
  });

  it("the sign-in and setup pages say the database is unreachable instead of failing", async () => {
    signInAs(null);
    for (const render of [async () => SignInPage({ searchParams: Promise.resolve({}) }), async () => SetupPage()]) {
      const html = await duringOutage(async () => renderToString(await render()));
      expect(html).toContain("The database is unreachable");
    }
  });

  it("/api/health says the database is unreachable and why, then ok again", async () => {
    const down = await duringOutage(() => callRoute(getHealth, { path: "/api/health" }));
    expect(down.status).toBe(503);
    expect(down.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await down.json()).toMatchObject({
      status: "unavailable",
      database: { status: "unreachable", error: expect.stringMatching(/^(connection_refused|connection_reset|timeout)$/) },
      db: "unreachable",
    });

    const up = await callRoute(getHealth, { path: "/api/health" });
    expect(up.status).toBe(200);
    expect(await up.json()).toMatchObject({ status: "ok", database: { status: "ok" }, db: "ok" });
  });

  /** Runs `body` with db() on a database that answers like `mode`, then puts the proxied one back. */
  async function onSickDatabase<T>(mode: Parameters<typeof fakePostgres>[0], body: () => Promise<T>): Promise<T> {
    const fake = await fakePostgres(mode);
    const sick = await openDatabase({ kind: "postgres", url: fake.url }, { purpose: "outage test (sick)" });
    setRuntime("database", sick);
    try {
      return await body();
    } finally {
      setRuntime("database", proxied);
      await sick.close();
      await fake.close();
    }
  }

  it.each([
    ["57P03", "the database system is starting up", "cannot_connect_now"],
    ["57P03", "the database system is shutting down", "cannot_connect_now"],
    ["57P01", "terminating connection due to administrator command", "admin_shutdown"],
  ])("a database answering %s (%s) is 503 with Retry-After for the API and %s for health", async (code, message, cls) => {
    await onSickDatabase({ fatal: { code, message } }, async () => {
      const res = await callRoute(getModels, { path: "/api/v1/models", token: readToken });
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
      expect((await res.json<{ error: { code: string } }>()).error.code).toBe("unavailable");

      const health = await callRoute(getHealth, { path: "/api/health" });
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ database: { status: "unreachable", error: cls } });
    });
  });

  it("a database host that accepts connections but never answers is a timeout: health says so within its deadline", async () => {
    await onSickDatabase("silent", async () => {
      const health = await callRoute(getHealth, { path: "/api/health" });
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ database: { status: "unreachable", error: "timeout" } });
    });
  });
});
