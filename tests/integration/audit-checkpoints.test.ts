// Signed checkpoints against someone who holds the database: with the app's own credentials,
// triggers bypassed (session_replication_role = replica), they rewrite the trail so that the
// hash chain alone still verifies. The checkpoints, signed with a key that is not in the
// database, catch it and name the first event that no longer matches.
//
// Tampering runs on a database of its own (created and dropped here); the API tests at the end
// use the suite's shared database and only append.
import { generateKeyPairSync } from "node:crypto";
import pg from "pg";
import { renderToString } from "react-dom/server";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { GET as wellKnownGET } from "../../app/.well-known/rollgate-audit-key/route";
import AuditPage from "../../app/(dashboard)/audit/page";
import SettingsPage from "../../app/(dashboard)/settings/(general)/page";
import { GET as checkpointsGET, POST as checkpointsPOST } from "../../app/api/v1/audit/checkpoints/route";
import { GET as verifyGET } from "../../app/api/v1/audit/verify/route";
import type { PrismaClient } from "../../generated/prisma/client";
import { appendAudit } from "../../lib/audit/append";
import { eventHash, GENESIS_HASH } from "../../lib/audit/chain";
import { createCheckpoint, lastSignedByThisProcess } from "../../lib/audit/checkpoint";
import { parsePrivateKey, type AuditSigningKey } from "../../lib/audit/signing";
import { verifyAuditChain } from "../../lib/audit/verify";
import { CHECKPOINT_EVENT } from "../../lib/events/schemas";
import { fanOutEvents } from "../../lib/notify/fanout";
import { buildJsonBody } from "../../lib/notify/payload";
import { applyMigrations } from "../../lib/database/migrations";
import { openDatabase, type Database } from "../../lib/database/open";
import { setRuntime } from "../../lib/runtime";
import { testDb } from "./support/db";
import { createApiToken, createUser } from "./support/factories";
import { callRoute } from "./support/http";
import { ADMIN_URL, withDatabase } from "./support/pg";
import { signInAs } from "./support/session";

const newKey = (): AuditSigningKey =>
  parsePrivateKey(generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString());

async function append(db: PrismaClient, i: number) {
  await db.$transaction((tx) =>
    appendAudit(tx, {
      actor: { type: "system", id: null, label: "checkpoint test" },
      action: "test.checkpoint",
      subject: { type: "test", id: `event-${i}` },
      modelKey: "checkpoint-model",
      after: { n: i },
      reason: `event ${i}`,
    }),
  );
}

describe("signed checkpoints against a rewritten trail (on a database of its own)", () => {
  let database: Database;
  let cleanup: () => Promise<void> = async () => {};
  const prisma = () => database.prisma;
  const key = newKey();

  beforeAll(async () => {
    const target = inject("rollgateTestDb");
    if (target.kind === "postgres") {
      const name = `${target.name}_ckpt_${process.pid}`.slice(0, 63);
      const admin = new pg.Client({ connectionString: ADMIN_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.query(`CREATE DATABASE "${name}"`);
      cleanup = async () => {
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await admin.end();
      };
      database = await openDatabase({ kind: "postgres", url: withDatabase(ADMIN_URL, name) }, { purpose: "audit checkpoint test" });
    } else {
      database = await openDatabase({ kind: "pglite-memory" }, { purpose: "audit checkpoint test" });
    }
    await applyMigrations(database.adapterFactory);
  });

  afterAll(async () => {
    await database?.close();
    await cleanup();
  });

  /**
   * What an attacker with the app's database credentials can do: switch this session's
   * triggers off and run any statements on the audit tables.
   */
  async function asDatabaseHolder(statements: string[]) {
    await prisma().$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SET LOCAL session_replication_role = replica`);
      for (const s of statements) await tx.$executeRawUnsafe(s);
    });
  }

  /** Rewrites events with `edit`, then recomputes every hash from the first one changed. */
  async function rewrite(edit: (rows: Awaited<ReturnType<PrismaClient["auditEvent"]["findMany"]>>) => void) {
    const rows = await prisma().auditEvent.findMany({ orderBy: { seq: "asc" } });
    const before = rows.map((r) => r.hash);
    edit(rows);
    let prev = GENESIS_HASH;
    const statements: string[] = [];
    for (const r of rows) {
      const hash = eventHash(prev, r);
      if (hash !== before[Number(r.seq) - 1]) {
        const lit = (v: unknown) =>
          v === null ? "NULL" : `'${String(typeof v === "object" ? JSON.stringify(v) : v).replace(/'/g, "''")}'`;
        statements.push(
          `UPDATE "AuditEvent" SET "at" = '${r.at.toISOString()}', "reason" = ${lit(r.reason)}, "subjectId" = ${lit(r.subjectId)},
             "after" = ${lit(r.after)}::jsonb, "prevHash" = '${prev}', "hash" = '${hash}' WHERE "seq" = ${r.seq}`,
        );
      }
      prev = hash;
    }
    await asDatabaseHolder(statements);
  }

  // Ten events with checkpoints signed at #3, #6 and #9.
  beforeEach(async () => {
    await asDatabaseHolder([`DELETE FROM "AuditCheckpoint"`, `DELETE FROM "AuditEvent"`]);
    for (let i = 1; i <= 10; i++) {
      await append(prisma(), i);
      if (i % 3 === 0) expect(await createCheckpoint(prisma(), key)).toMatchObject({ position: String(i) });
    }
    expect(await verifyAuditChain(prisma(), { key })).toMatchObject({
      ok: true,
      events: 10,
      checkpoints: { checked: 3, latest: { position: "9", matches: true } },
    });
  });

  it("catches an edited event whose hashes were all recomputed, naming it", async () => {
    await rewrite((rows) => {
      rows[3]!.reason = "nothing to see";
    });
    // the chain alone is fooled: this is what verification said before checkpoints
    expect(await verifyAuditChain(prisma())).toEqual({ ok: true, events: 10 });

    const result = await verifyAuditChain(prisma(), { key, batchSize: 4 });
    expect(result).toMatchObject({ ok: false, firstBadSeq: "4", events: 3 });
    expect(result.problem).toMatch(/event #6 no longer has the hash the checkpoint signed .* records .* after #3/);
    expect(result.checkpoints).toMatchObject({ checked: 3 });
  });

  it("catches a deleted tail", async () => {
    await asDatabaseHolder([`DELETE FROM "AuditEvent" WHERE "seq" >= 8`]);
    expect(await verifyAuditChain(prisma())).toEqual({ ok: true, events: 7 });

    const result = await verifyAuditChain(prisma(), { key });
    expect(result).toMatchObject({ ok: false, firstBadSeq: "8", events: 7 });
    expect(result.problem).toMatch(/events #8 to #9 are missing: the checkpoint signed .* covers 9 events, the trail ends at #7/);
  });

  it("catches a deleted tail even when the checkpoints covering it were deleted too, while this server runs", async () => {
    await asDatabaseHolder([`DELETE FROM "AuditEvent" WHERE "seq" >= 8`, `DELETE FROM "AuditCheckpoint" WHERE "position" >= 8`]);
    expect(lastSignedByThisProcess()).toMatchObject({ position: "9" });
    const result = await verifyAuditChain(prisma(), { key, extraCheckpoints: [lastSignedByThisProcess()] });
    expect(result).toMatchObject({ ok: false, firstBadSeq: "8" });
    expect(result.problem).toMatch(/events #8 to #9 are missing/);
  });

  it("catches re-ordered events (hashes recomputed), naming the first one out of place", async () => {
    await rewrite((rows) => {
      const [a, b] = [rows[6]!, rows[7]!];
      const swap = <K extends "at" | "reason" | "subjectId" | "after">(f: K) => {
        const t = a[f];
        a[f] = b[f];
        b[f] = t;
      };
      swap("at");
      swap("reason");
      swap("subjectId");
      swap("after");
    });
    expect(await verifyAuditChain(prisma())).toEqual({ ok: true, events: 10 });

    const result = await verifyAuditChain(prisma(), { key });
    expect(result).toMatchObject({ ok: false, firstBadSeq: "7", events: 6 });
    expect(result.problem).toMatch(/event #9 no longer has the hash/);
  });

  it("refuses a checkpoint forged in the database: someone else's key under our key id", async () => {
    const head = await prisma().auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } });
    await asDatabaseHolder([
      `INSERT INTO "AuditCheckpoint" ("position", "headHash", "eventCount", "signedAt", "keyId", "algorithm", "signature")
       VALUES (${head.seq}, '${head.hash}', ${head.seq}, now(), '${key.keyId}', 'Ed25519', '${Buffer.alloc(64, 7).toString("base64")}')`,
    ]);
    const result = await verifyAuditChain(prisma(), { key });
    expect(result.ok).toBe(false);
    expect(result.problem).toMatch(new RegExp(`claims key ${key.keyId} but its signature does not verify`));
  });

  it("counts checkpoints of another key apart, without failing on them", async () => {
    const rotated = newKey();
    const result = await verifyAuditChain(prisma(), { key: rotated });
    expect(result).toMatchObject({ ok: true, checkpoints: { keyId: rotated.keyId, checked: 0, otherKey: 3, latest: null } });
  });

  it("signs only when something is new, and sends every checkpoint to the outbox for webhooks", async () => {
    const hook = await prisma().webhook.create({
      data: { name: "audit copies", url: "https://copies.example/audit", secret: "s".repeat(32), events: ["audit.*"], createdBy: "test" },
    });
    const first = await createCheckpoint(prisma(), key);
    expect(first).toMatchObject({ position: "10", eventCount: "10", keyId: key.keyId, algorithm: "Ed25519" });
    expect(await createCheckpoint(prisma(), key)).toBeNull();
    expect(await createCheckpoint(prisma(), key, { force: true })).toMatchObject({ position: "10" });
    const out = await prisma().outboxEvent.findFirstOrThrow({ where: { type: CHECKPOINT_EVENT }, orderBy: { id: "desc" } });
    expect(out.modelKey).toBeNull();
    expect(out.payload).toMatchObject({
      position: "10",
      headHash: first!.headHash,
      signature: expect.any(String),
      publicKeyPem: key.publicKeyPem,
    });
    // a webhook filtering on audit.* gets a delivery, with a readable summary and the checkpoint as data
    await fanOutEvents(prisma());
    expect(await prisma().webhookDelivery.count({ where: { webhookId: hook.id, eventId: out.id } })).toBe(1);
    const body = buildJsonBody(out, "https://rollgate.example.com");
    expect(body).toMatchObject({ event: "audit.checkpoint", model: null, data: { position: "10", keyId: key.keyId } });
    expect(body.summary).toBe(`Audit trail checkpoint: event #10 (10 events), signed with key ${key.keyId}`);
  });

  it("keeps checkpoints append-only, as the events are", async () => {
    await expect(prisma().$executeRawUnsafe(`UPDATE "AuditCheckpoint" SET "position" = 1`)).rejects.toThrow(/append-only/);
    await expect(prisma().$executeRawUnsafe(`DELETE FROM "AuditCheckpoint"`)).rejects.toThrow(/append-only/);
  });
});

describe("checkpoint API and the public key", () => {
  const key = newKey();
  beforeAll(() => setRuntime("auditSigningKey", key));
  afterAll(() => setRuntime("auditSigningKey", undefined));

  it("serves the public key at /.well-known/rollgate-audit-key without authentication", async () => {
    const res = await callRoute(wellKnownGET, { path: "/.well-known/rollgate-audit-key" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ keyId: key.keyId, algorithm: "Ed25519", publicKeyPem: key.publicKeyPem });
  });

  it("signs on demand for an admin, lists checkpoints, and verify reports the latest", async () => {
    await append(testDb(), 1);
    const admin = await createUser("admin");
    signInAs(admin);
    try {
      const created = await callRoute(checkpointsPOST, { method: "POST", path: "/api/v1/audit/checkpoints" });
      expect(created.status).toBe(201);
      const c = await created.json<{ id: string; position: string; keyId: string }>();
      expect(c.keyId).toBe(key.keyId);

      const list = await callRoute(checkpointsGET, { path: "/api/v1/audit/checkpoints?limit=5" });
      expect(await list.json()).toMatchObject({ keyId: key.keyId, checkpoints: [{ id: c.id }] });
      expect((await callRoute(checkpointsGET, { path: "/api/v1/audit/checkpoints?limit=0" })).status).toBe(422);

      const verify = await callRoute(verifyGET, { path: "/api/v1/audit/verify" });
      const body = await verify.json<{
        ok: boolean;
        checkpoints: { keyId: string; latest: { id: string; matches: boolean; signatureOk: boolean } };
      }>();
      expect(body.ok).toBe(true);
      expect(body.checkpoints.keyId).toBe(key.keyId);
      expect(BigInt(body.checkpoints.latest.id)).toBeGreaterThanOrEqual(BigInt(c.id));
      expect(body.checkpoints.latest).toMatchObject({ matches: true, signatureOk: true });
    } finally {
      signInAs(null);
    }
  });

  it("lets a viewer read but not sign, and a token neither sign nor (without audit:read) read", async () => {
    signInAs(await createUser("viewer"));
    try {
      expect((await callRoute(checkpointsPOST, { method: "POST", path: "/api/v1/audit/checkpoints" })).status).toBe(403);
      expect((await callRoute(checkpointsGET, { path: "/api/v1/audit/checkpoints" })).status).toBe(200);
    } finally {
      signInAs(null);
    }
    const reader = await createApiToken(["audit:read"]);
    expect((await callRoute(checkpointsGET, { path: "/api/v1/audit/checkpoints", token: reader.secret })).status).toBe(200);
    expect((await callRoute(checkpointsPOST, { method: "POST", path: "/api/v1/audit/checkpoints", token: reader.secret })).status).toBe(
      403,
    );
    const other = await createApiToken(["registry:write"]);
    expect((await callRoute(checkpointsGET, { path: "/api/v1/audit/checkpoints", token: other.secret })).status).toBe(403);
  });

  it("shows the latest checkpoint on the audit page and the public key in Settings", async () => {
    await append(testDb(), 3);
    const c = await createCheckpoint(testDb(), key, { force: true });
    signInAs(await createUser("admin"));
    try {
      const text = (html: string) => html.replace(/<!-- -->/g, "").replace(/<[^>]+>/g, "");
      const auditHtml = renderToString(await AuditPage({ searchParams: Promise.resolve({}) }));
      expect(auditHtml).toContain("Sign checkpoint now");
      const audit = text(auditHtml);
      expect(audit).toMatch(
        new RegExp(`Latest signed checkpoint: event #(\\d+) \\((\\d+) events\\), signed .* with key ${key.keyId} — signature valid`),
      );
      expect(BigInt(/event #(\d+)/.exec(audit)![1]!)).toBeGreaterThanOrEqual(BigInt(c!.position));
      const settings = renderToString(await SettingsPage());
      expect(settings).toContain("Audit signing key");
      expect(settings).toContain(key.keyId);
      expect(settings).toContain("/.well-known/rollgate-audit-key");
      expect(text(settings)).toContain(key.publicKeyPem.split("\n")[1]);
    } finally {
      signInAs(null);
    }
  });
});
