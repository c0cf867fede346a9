// Rollgate's server entry (README → Routing for inference services): validate configuration, open the database
// (taking the embedded data directory's lock), apply pending migrations, optionally load demo
// data, start the routing data plane, then serve Next.js. The data plane's paths (routes,
// stream, resolve) are answered from memory by node:http before Next sees the request.
// Then the background jobs (lib/jobs): webhook delivery, prediction retention, replay set expiry, the drift watch,
// the guardrails and audit checkpoints; with --demo, the demo traffic.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import path from "node:path";
import { parseArgs } from "node:util";
import next from "next";
import { auditCheckpointJob } from "./lib/audit/checkpoint";
import { SigningKeyError } from "./lib/audit/signing";
import { resolveAuditSigningKey } from "./lib/audit/signing-key";
import { refuseCrossSiteAction } from "./lib/auth/csrf";
import { unsafeUrlProblem } from "./lib/api/url-params";
import { applyMigrations } from "./lib/database/migrations";
import { openDatabase } from "./lib/database/open";
import { startDemoTrafficLoop } from "./lib/demo/traffic/start";
import { ConfigError, databaseTarget, exportAuthEnv, loadEnv, migrationTarget, type Env } from "./lib/env";
import { driftWatchJob } from "./lib/drift/watch";
import { guardrailJob } from "./lib/guardrails/loop";
import { countRequest, publicMetrics } from "./lib/metrics/node-http";
import { webhookDeliveryJob } from "./lib/notify/deliver";
import { apiSecurityHeaders, baseSecurityHeaders, newNonce, pageCsp } from "./lib/http/security-headers";
import { LISTEN_BACKLOG, startDataPlane } from "./lib/routing/data-plane";
import { setRuntime } from "./lib/runtime";
import { replaySetExpiryJob } from "./lib/replay/expiry";
import { retentionJob } from "./lib/telemetry/retention";

const { values: flags } = parseArgs({
  options: { demo: { type: "boolean", default: false }, dev: { type: "boolean", default: false } },
});

function log(msg: string) {
  console.log(`[rollgate] ${msg}`);
}

function resolveAuthSecret(env: Env): string {
  if (env.authSecret) return env.authSecret;
  // No NEXTAUTH_SECRET: keep a generated one beside the data so sessions survive restarts.
  // Several app instances must share one, so production deployments set the variable.
  const file = path.join(env.dataDir, "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(env.dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  log(`NEXTAUTH_SECRET is not set; generated one in ${file}.`);
  return secret;
}

function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const fwd = req.headers["x-forwarded-for"];
    const first = (Array.isArray(fwd) ? fwd[0] : fwd)?.split(",")[0]?.trim();
    if (first) return first;
  }
  return req.socket.remoteAddress ?? "unknown";
}

/** Counts every answer by route group for GET /metrics; a stream's lifetime is not a latency. */
async function main() {
  let env: Env;
  try {
    env = loadEnv();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(78);
    }
    throw e;
  }
  const dev = flags.dev;
  // Checked before the database is touched: without a build, Next.js fails only after the
  // migrations ran, with a stack trace that does not say what to do.
  if (!dev && !existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) {
    console.error("Rollgate is not built yet: run `npm run build` first (or `npm run demo`, which builds).");
    process.exit(78);
  }
  exportAuthEnv(resolveAuthSecret(env), env.publicUrl);
  // The key that signs audit checkpoints; it must not live in the database it vouches for.
  let auditKey;
  try {
    auditKey = resolveAuditSigningKey({ key: env.auditSigningKey, keyFile: env.auditSigningKeyFile, dataDir: env.dataDir }, log).key;
  } catch (e) {
    if (!(e instanceof SigningKeyError)) throw e;
    console.error(`Rollgate cannot start: ${e.message}`);
    process.exit(78);
  }
  setRuntime("auditSigningKey", auditKey);

  const database = await openDatabase(databaseTarget(env), { purpose: flags.demo ? "demo server" : "server" });
  log(`database: ${database.describe()}`);
  // With ROLLGATE_MIGRATION_DATABASE_URL the schema owner migrates; the app itself runs as a
  // role that cannot change the schema or rewrite the audit tables (docs/audit-trail.md).
  // The owner's connection stays open for the retention job: creating and dropping the
  // prediction log's day partitions needs the table's owner (lib/telemetry/partitions.ts).
  const schemaOwner = env.migrationDatabaseUrl ? await openDatabase(migrationTarget(env), { purpose: "schema owner" }) : undefined;
  const applied = await applyMigrations((schemaOwner ?? database).adapterFactory);
  if (applied.length) log(`applied migrations: ${applied.join(", ")}`);
  setRuntime("database", database);

  if (flags.demo) {
    const { loadDemoData } = await import("./lib/demo/seed");
    const demo = await loadDemoData(database.prisma);
    log(demo.created ? "loaded demo data" : "demo data already present");
    console.log("\nDemo sign-ins (password for all: " + demo.password + ")");
    for (const u of demo.users) console.log(`  ${u.role.padEnd(9)} ${u.email}`);
    console.log("");
  }

  // Security headers on every response (lib/http/security-headers.ts): the data plane's are
  // fixed; pages get a CSP with a fresh nonce per request.
  const security = { https: env.publicUrl.startsWith("https:"), dev };
  const baseHeaders = Object.entries(baseSecurityHeaders(security));
  const apiCsp = apiSecurityHeaders(security)["content-security-policy"]!;

  // LISTEN before the first load, so no change is missed; then every table is in memory
  const dataPlane = await startDataPlane(database, { headers: apiSecurityHeaders(security) });
  setRuntime("dataPlane", dataPlane);
  log(`routing data plane: ${dataPlane.status().models} routing table(s) in memory, following changes`);

  // background jobs: each survives a database outage on its own (logs, backs off, resumes)
  const jobs = [
    webhookDeliveryJob(database.prisma),
    retentionJob(database, { retentionDays: env.predictionRetentionDays, schemaOwner }),
    replaySetExpiryJob(database.prisma, { log }),
    driftWatchJob(database),
    guardrailJob(database, { intervalSeconds: env.guardrailIntervalSeconds }),
    auditCheckpointJob(database.prisma, auditKey, {
      everyEvents: env.auditCheckpointEvents,
      everyMinutes: env.auditCheckpointMinutes,
      log,
    }),
  ];
  for (const job of jobs) job.start();
  const loops: { name: string; stop: () => Promise<void> }[] = [...jobs];

  const app = next({ dev, hostname: env.host, port: env.port, dir: process.cwd() });
  await app.prepare();
  const handle = app.getRequestHandler();

  // ROLLGATE_METRICS_PUBLIC: answered here, without the token the route handler asks for
  const openMetrics = publicMetrics(() => database.prisma, { enabled: env.metricsPublic, tenants: env.metricsTenants, log });
  const server = createServer((req, res) => {
    countRequest(req, res);
    if (dataPlane.handle(req, res)) return;
    if (openMetrics(req, res)) return;
    for (const [name, value] of baseHeaders) res.setHeader(name, value);
    const url = req.url ?? "/";
    if (url.startsWith("/api/") || url.startsWith("/_next/static/")) {
      res.setHeader("content-security-policy", apiCsp);
      delete req.headers["content-security-policy"];
    } else {
      // Next.js takes the nonce for its <script> tags from the request's CSP header (pages
      // render dynamically for it: app/layout.tsx); a client's own header never gets there.
      const csp = pageCsp(newNonce(), security);
      req.headers["content-security-policy"] = csp;
      res.setHeader("content-security-policy", csp);
    }
    delete req.headers["content-security-policy-report-only"];
    if (refuseCrossSiteAction(req, res, env.publicUrl)) return;
    // Pages read params and queries too; a %00 in them is refused here, before any page
    // queries the database with it (API routes refuse it in apiRoute, naming the parameter).
    const unsafe = (req.url ?? "/").startsWith("/api/") ? null : unsafeUrlProblem(req.url ?? "/");
    if (unsafe) {
      res.writeHead(400, { "content-type": "text/plain; charset=utf-8" });
      res.end(`Bad request: ${unsafe}\n`);
      return;
    }
    // The sign-in throttle keys on this; a client cannot set it itself.
    req.headers["x-rollgate-client-ip"] = clientAddress(req, env.trustProxy);
    // Lets a page that sends a signed-out visitor to sign in bring them back afterwards.
    req.headers["x-rollgate-path"] = req.url ?? "/";
    void handle(req, res);
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port: env.port, host: env.host, backlog: LISTEN_BACKLOG }, resolve);
  });
  const users = await database.prisma.user.count();
  log(`ready on ${env.publicUrl}` + (users === 0 ? ` — open it to create the first admin account` : ""));
  if (flags.demo) loops.push(await startDemoTrafficLoop(database.prisma, env, log));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: shutting down`);
    server.close();
    await Promise.all(loops.map((l) => l.stop().catch((e) => log(`${l.name}: stop failed: ${(e as Error).message}`))));
    // ends the open routing streams too; their clients reconnect to another instance
    await dataPlane.stop().catch(() => {});
    server.closeAllConnections();
    await app.close().catch(() => {});
    await database.close().catch(() => {});
    await schemaOwner?.close().catch(() => {});
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  if (e instanceof Error && e.name !== "DataDirLockedError") console.error(e.stack);
  process.exit(1);
});
