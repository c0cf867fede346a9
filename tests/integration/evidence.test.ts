// Evidence packs against a real database: a model with versions, an evaluation, approvals, a
// release and its moves, guardrail decisions, an incident with notes and prediction rollups is
// exported over the API; the pack holds each section with the seeded counts, verifies under the
// server's key, and a changed file, a reordered audit event and a wrong key are each caught and
// named, by the library and by the built CLI. The export itself is in the audit trail.
//
// It runs on a database of its own: it signs a checkpoint, and on the suite's shared database
// that would land between another file's "sign one now" and its read of the newest checkpoint.
import { execFile } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { renderToString } from "react-dom/server";
import ModelPage from "../../app/(dashboard)/models/[modelId]/(overview)/page";
import SettingsPage from "../../app/(dashboard)/settings/(general)/page";
import { GET as evidenceKeyGET } from "../../app/.well-known/rollgate-evidence-key/route";
import { GET as evidenceGET } from "../../app/api/v1/models/[model]/evidence/route";
import { appendAudit } from "../../lib/audit/append";
import { createCheckpoint } from "../../lib/audit/checkpoint";
import { parsePrivateKey, parsePublicKey, type AuditSigningKey } from "../../lib/audit/signing";
import { EVIDENCE_EXPORTED } from "../../lib/evidence/export";
import { fileEntries, filesDigest, serializePack, signPack, type EvidencePack } from "../../lib/evidence/pack";
import { verifyPack, type ChainSection } from "../../lib/evidence/verify-pack";
import { applyMigrations } from "../../lib/database/migrations";
import { openDatabase, type Database } from "../../lib/database/open";
import { runtime, setRuntime } from "../../lib/runtime";
import { testDb } from "./support/db";
import { createApiToken, createUser, registerModel } from "./support/factories";
import { callRoute } from "./support/http";
import { ADMIN_URL, withDatabase } from "./support/pg";
import { signInAs } from "./support/session";

const run = promisify(execFile);
const CLI = path.resolve(__dirname, "../../packages/cli/dist/rollgate.mjs");

const newKey = (): AuditSigningKey =>
  parsePrivateKey(generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString());

const V1 = "2026-11-01.1";
const V2 = "2026-11-02.1";
const DAY = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const today = Math.floor(Date.now() / DAY) * DAY;
const FROM = day(today - DAY);
const TO = day(today + DAY);

const key = newKey();
let model = "";
let other = "";
let approverEmail = "";

async function seed() {
  model = await registerModel("it-evidence", [V1, V2]);
  other = await registerModel("it-evidence-other", [V1]);
  const db = testDb();
  const m = await db.model.findUniqueOrThrow({ where: { key: model } });
  const v2 = await db.modelVersion.findFirstOrThrow({ where: { modelId: m.id, version: V2 } });
  await db.evaluation.create({
    data: { versionId: v2.id, dataset: "holdout-2026-10", metrics: { auc: 0.91 }, passed: true, gates: [], reasons: [], createdBy: "ci" },
  });
  const approvers = await Promise.all([createUser("approver"), createUser("admin")]);
  approverEmail = approvers[0].email;
  for (const a of approvers) {
    await db.approval.create({ data: { versionId: v2.id, reviewerId: a.id, decision: "approved", comment: "offline metrics hold" } });
  }
  const release = await db.release.create({
    data: {
      modelId: m.id,
      stableVersion: V1,
      candidateVersion: V2,
      candidatePercent: 10,
      state: "ramping",
      steps: [10, 50, 100],
      epoch: 2,
    },
  });
  const actor = { type: "user" as const, id: approvers[0].id, label: approvers[0].email, role: "approver" as const };
  for (const action of ["release.started", "release.advanced"]) {
    await db.$transaction((tx) =>
      appendAudit(tx, { actor, action, subject: { type: "release", id: release.id }, modelKey: model, after: { candidate: V2 } }),
    );
  }
  for (const outcome of ["hold", "rollback"]) {
    await db.guardrailDecision.create({
      data: { releaseId: release.id, candidateVersion: V2, stableVersion: V1, stepIndex: 0, outcome, checks: [], sample: {}, epoch: 2 },
    });
  }
  const incident = await db.incident.create({
    data: {
      modelId: m.id,
      releaseId: release.id,
      fromVersion: V2,
      toVersion: V1,
      trigger: "guardrail",
      triggeredBy: "guardrail",
      reason: "error rate above the stable's",
      rolledBackAt: new Date(),
      epochBefore: 2,
      epochAfter: 3,
    },
  });
  for (const body of ["paged on-call", "root cause: a feature went null"]) {
    await db.incidentNote.create({ data: { incidentId: incident.id, author: "on-call@rollgate.test", body } });
  }
  // day rollups ("*") are what the pack counts; hour rows per tenant feed the drift summary
  const rollups = [
    { bucket: today, version: V1, count: 100, errorCount: 2 },
    { bucket: today, version: V2, count: 20, errorCount: 1 },
    { bucket: today - DAY, version: V1, count: 50, errorCount: 0 },
    // outside the range: not counted
    { bucket: today - 5 * DAY, version: V1, count: 999, errorCount: 0 },
  ];
  for (const r of rollups) {
    await db.metricRollup.create({
      data: {
        modelId: m.id,
        grain: "day",
        tenant: "*",
        bucket: new Date(r.bucket),
        version: r.version,
        count: r.count,
        errorCount: r.errorCount,
        latencyHist: [],
        scoreHist: [],
      },
    });
  }
  const scoreHist = Array.from({ length: 100 }, (_, i) => (i % 10 === 0 ? 5 : 0));
  for (const tenant of ["acme", "globex"]) {
    await db.metricRollup.create({
      data: {
        modelId: m.id,
        grain: "hour",
        tenant,
        bucket: new Date(today),
        version: V1,
        count: 50,
        scoreCount: 50,
        latencyHist: [],
        scoreHist,
      },
    });
  }
  await createCheckpoint(db, key, { force: true });
}

async function exportPack(query = `from=${FROM}&to=${TO}`, who: { token?: string } = {}) {
  return callRoute(evidenceGET, { path: `/api/v1/models/${model}/evidence?${query}`, params: { model }, token: who.token });
}

const json = <T>(pack: EvidencePack, file: string) => JSON.parse(pack.files[file]!) as T;

describe("evidence packs", () => {
  let pack: EvidencePack;
  let token = "";

  let shared: Database;
  let own: Database;
  let dropOwn: () => Promise<void> = async () => {};

  beforeAll(async () => {
    const target = inject("rollgateTestDb");
    if (target.kind === "postgres") {
      const name = `${target.name}_evidence_${process.pid}`.slice(0, 63);
      const admin = new pg.Client({ connectionString: ADMIN_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.query(`CREATE DATABASE "${name}"`);
      dropOwn = async () => {
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await admin.end();
      };
      own = await openDatabase({ kind: "postgres", url: withDatabase(ADMIN_URL, name) }, { purpose: "evidence pack test" });
    } else {
      own = await openDatabase({ kind: "pglite-memory" }, { purpose: "evidence pack test" });
    }
    await applyMigrations(own.adapterFactory);
    shared = runtime().database;
    setRuntime("database", own);
    setRuntime("auditSigningKey", key);
    await seed();
    token = (await createApiToken(["audit:read"])).secret;
    const res = await exportPack(undefined, { token });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="rollgate-evidence-${model}-${FROM}-${TO}.json"`);
    pack = JSON.parse(await res.text()) as EvidencePack;
  });
  afterAll(async () => {
    setRuntime("auditSigningKey", undefined);
    setRuntime("database", shared);
    await own?.close();
    await dropOwn();
  });

  it("holds every section with the seeded counts", () => {
    expect(Object.keys(pack.files).sort()).toEqual(pack.statement.files.map((f) => f.path).sort());
    expect(json<{ key: string }>(pack, "model.json").key).toBe(model);
    const versions = json<{ version: string; manifest: { model_version: string } }[]>(pack, "versions.json");
    expect(versions.map((v) => v.version)).toEqual([V1, V2]);
    expect(versions[1]!.manifest.model_version).toBe(V2);
    expect(json<unknown[]>(pack, "evaluations.json")).toHaveLength(1);
    const approvals = json<{ version: string; decision: string; reviewer: { email: string } }[]>(pack, "approvals.json");
    expect(approvals).toHaveLength(2);
    expect(approvals[0]).toMatchObject({ version: V2, decision: "approved", reviewer: { email: approverEmail } });
    const releases = json<{ current: unknown[]; moves: { action: string }[] }>(pack, "releases.json");
    expect(releases.current).toHaveLength(1);
    expect(releases.moves.map((x) => x.action)).toEqual(["release.started", "release.advanced"]);
    expect(json<{ outcome: string }[]>(pack, "guardrail-decisions.json").map((d) => d.outcome)).toEqual(["hold", "rollback"]);
    const incidents = json<{ notes: { body: string }[] }[]>(pack, "incidents.json");
    expect(incidents).toHaveLength(1);
    expect(incidents[0]!.notes.map((n) => n.body)).toEqual(["paged on-call", "root cause: a feature went null"]);
    const predictions = json<{ day: string; version: string; count: number; errors: number }[]>(pack, "predictions.json");
    expect(predictions).toHaveLength(3);
    expect(predictions.reduce((n, p) => n + p.count, 0)).toBe(170);
    expect(predictions.find((p) => p.day === day(today) && p.version === V2)).toMatchObject({ count: 20, errors: 1 });
    const drift = json<{ tenants: { tenant: string }[] }>(pack, "drift.json");
    expect(drift.tenants.map((t) => t.tenant).sort()).toEqual(["acme", "globex"]);
  });

  it("carries the range's audit chain: this model's events whole, other models' as links only", async () => {
    const lines = pack.files["audit/events.ndjson"]!.trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { seq: string; modelKey?: string; redacted?: boolean });
    const chain = json<ChainSection>(pack, "audit/chain.json");
    expect(chain.events).toBe(lines.length);
    const mine = await testDb().auditEvent.count({
      where: { modelKey: model, seq: { gt: BigInt(chain.before.seq), lte: BigInt(chain.after.seq) } },
    });
    expect(chain.modelEvents).toBe(mine);
    expect(lines.filter((l) => l.modelKey === model)).toHaveLength(mine);
    expect(lines.some((l) => l.redacted)).toBe(true);
    expect(pack.files["audit/events.ndjson"]).not.toContain(other);
    expect(lines[0]!.seq).toBe(String(BigInt(chain.before.seq) + 1n));
    expect(lines[lines.length - 1]!.seq).toBe(chain.after.seq);
    expect(chain.checkpoints.some((c) => c.keyId === key.keyId)).toBe(true);
  });

  it("writes a self-contained report that tells the story", () => {
    const html = pack.files["report.html"]!;
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain("<style>");
    expect(html).not.toMatch(/<script|<link|src=/i);
    expect(html).toContain("What happened, in order");
    expect(html).toContain(`Version ${V2} registered`);
    expect(html).toContain("Rollback 2026-11-02.1 → 2026-11-01.1");
    // the story is in time order
    expect(html.indexOf(`Version ${V1} registered`)).toBeLessThan(html.indexOf("release.started"));
  });

  it("verifies under the server's key, and names a changed file, a reordered event and a wrong key", () => {
    const trusted = { key: parsePublicKey(key.publicKeyPem), source: "the server" };
    const ok = verifyPack(pack, trusted);
    expect(ok.ok).toBe(true);
    expect(ok.lines.join("\n")).toMatch(/checkpoints: \d+ in the range match the chain/);

    const tampered = structuredClone(pack);
    tampered.files["approvals.json"] = tampered.files["approvals.json"]!.replace("approved", "rejected");
    expect(verifyPack(tampered, trusted)).toMatchObject({
      ok: false,
      failure: "tampered",
      problem: expect.stringMatching(/^file approvals\.json was changed after signing/),
    });

    const wrong = { key: parsePublicKey(newKey().publicKeyPem), source: "other.pem" };
    expect(verifyPack(pack, wrong)).toMatchObject({
      ok: false,
      failure: "wrong-key",
      problem: expect.stringContaining(`signed with key ${key.keyId}, not with key`),
    });

    const reordered = reorderedPack(pack);
    const verdict = verifyPack(reordered.pack, trusted);
    expect(verdict).toMatchObject({ ok: false, failure: "chain" });
    expect(!verdict.ok && verdict.problem).toContain(`audit event #${reordered.seq}`);
  });

  it("the built CLI gives each failure its exit code and names it", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "rollgate-evidence-"));
    try {
      const write = async (name: string, text: string) => {
        await writeFile(path.join(dir, name), text);
        return path.join(dir, name);
      };
      const keyFile = await write("key.json", JSON.stringify({ keyId: key.keyId, publicKeyPem: key.publicKeyPem }));
      const verify = async (file: string, k = keyFile) => {
        try {
          const { stdout } = await run(process.execPath, [CLI, "evidence", "verify", file, "--key", k]);
          return { code: 0, stdout };
        } catch (e) {
          const err = e as { code: number; stdout: string };
          return { code: err.code, stdout: err.stdout };
        }
      };
      const good = await verify(await write("pack.json", serializePack(pack)));
      expect(good.code).toBe(0);
      expect(good.stdout).toMatch(/OK\n$/);

      const t = structuredClone(pack);
      t.files["predictions.json"] = t.files["predictions.json"]!.replace('"count": 20', '"count": 2');
      const tampered = await verify(await write("tampered.json", serializePack(t)));
      expect(tampered).toMatchObject({
        code: 7,
        stdout: expect.stringContaining("FAILED: file predictions.json was changed after signing"),
      });

      const reordered = reorderedPack(pack);
      const chain = await verify(await write("reordered.json", serializePack(reordered.pack)));
      expect(chain).toMatchObject({ code: 9, stdout: expect.stringContaining(`FAILED: audit event #${reordered.seq}`) });

      const wrong = await verify(path.join(dir, "pack.json"), await write("other.pem", newKey().publicKeyPem));
      expect(wrong).toMatchObject({ code: 8, stdout: expect.stringContaining(`FAILED: the pack was signed with key ${key.keyId}`) });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("records the export in the audit trail: who, which model and range, and the pack's file digest", async () => {
    const event = await testDb().auditEvent.findUniqueOrThrow({ where: { seq: BigInt(pack.statement.exportEventSeq) } });
    expect(event).toMatchObject({ action: EVIDENCE_EXPORTED, modelKey: model, actorType: "token", subjectType: "model", subjectId: model });
    expect(event.after).toMatchObject({
      from: pack.statement.from,
      to: pack.statement.to,
      keyId: key.keyId,
      filesDigest: filesDigest(pack.statement.files),
    });
    expect(pack.statement.from).toBe(`${FROM}T00:00:00.000Z`);
    expect(pack.statement.to).toBe(`${TO}T23:59:59.999Z`);
  });

  it("lets approvers and admins export from a session, and refuses viewers, operators and other scopes", async () => {
    for (const role of ["approver", "admin"] as const) {
      signInAs(await createUser(role));
      expect((await exportPack()).status).toBe(200);
    }
    for (const role of ["viewer", "operator"] as const) {
      signInAs(await createUser(role));
      expect((await exportPack()).status).toBe(403);
    }
    signInAs(null);
    expect((await exportPack()).status).toBe(401);
    const routesToken = (await createApiToken(["routes:read"])).secret;
    expect((await exportPack(undefined, { token: routesToken })).status).toBe(403);
  });

  it("answers bad input with the field named, and an unknown model with 404", async () => {
    const issues = async (query: string) => {
      const res = await exportPack(query, { token });
      expect(res.status).toBe(422);
      return (await res.json<{ error: { issues: { path: string; message: string }[] } }>()).error.issues;
    };
    expect((await issues("to=2026-11-30")).map((i) => i.path)).toEqual(["from"]);
    expect((await issues("from=2026-11-30&to=2026-11-01")).map((i) => i.path)).toEqual(["to"]);
    expect((await issues("from=yesterday&to=2026-11-01")).map((i) => i.path)).toEqual(["from"]);
    expect((await issues("from=2024-01-01&to=2026-01-01"))[0]).toMatchObject({ path: "to", message: expect.stringContaining("366 days") });
    const missing = await callRoute(evidenceGET, {
      path: `/api/v1/models/no-such-model/evidence?from=${FROM}&to=${TO}`,
      params: { model: "no-such-model" },
      token,
    });
    expect(missing.status).toBe(404);
  });

  it("offers the download on the model page to approvers and admins only, and names the key in Settings", async () => {
    const page = async () =>
      renderToString(await ModelPage({ params: Promise.resolve({ modelId: model }), searchParams: Promise.resolve({}) }));
    try {
      signInAs(await createUser("approver"));
      const html = await page();
      expect(html).toContain("Download evidence pack");
      expect(html).toContain(`action="/api/v1/models/${model}/evidence"`);
      signInAs(await createUser("operator"));
      expect(await page()).not.toContain("Download evidence pack");
      signInAs(await createUser("admin"));
      expect(await page()).toContain("Download evidence pack");
      expect(renderToString(await SettingsPage())).toContain("/.well-known/rollgate-evidence-key");
    } finally {
      signInAs(null);
    }
  });

  it("serves the evidence key at its well-known URL without sign-in", async () => {
    const res = await callRoute(evidenceKeyGET, { path: "/.well-known/rollgate-evidence-key" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      keyId: key.keyId,
      algorithm: "Ed25519",
      publicKeyPem: key.publicKeyPem,
      use: "rollgate.evidence.pack",
    });
  });
});

/**
 * The pack as a server would sign it after its trail was rewritten: two adjacent events of this
 * model swapped places. The signature holds; the chain does not.
 */
function reorderedPack(pack: EvidencePack): { pack: EvidencePack; seq: string } {
  const lines = pack.files["audit/events.ndjson"]!.trim().split("\n");
  const i = lines.findIndex((l, n) => n > 0 && !(JSON.parse(l) as { redacted?: boolean }).redacted);
  [lines[i - 1], lines[i]] = [lines[i]!, lines[i - 1]!];
  const files = { ...pack.files, "audit/events.ndjson": `${lines.join("\n")}\n` };
  const { keyId: _k, files: _f, ...rest } = pack.statement;
  const resigned = signPack(key, { ...rest, files: fileEntries(files) }, files);
  return { pack: resigned, seq: (JSON.parse(lines[i - 1]!) as { seq: string }).seq };
}
