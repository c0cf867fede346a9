// The least-privilege setup, for real: a schema owner that migrates, and a runtime role made by
// setUpRuntimeRole (npm run db:roles) that runs the app. As the runtime role the app appends,
// signs checkpoints and verifies, but cannot rewrite the audit tables or switch triggers off.
// PostgreSQL only (roles are a server's); on the PGlite fallback the file is skipped.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { appendAudit } from "../../lib/audit/append";
import { createCheckpoint } from "../../lib/audit/checkpoint";
import { parsePrivateKey } from "../../lib/audit/signing";
import { verifyAuditChain } from "../../lib/audit/verify";
import { applyMigrations } from "../../lib/database/migrations";
import { openDatabase, type Database } from "../../lib/database/open";
import { setUpRuntimeRole } from "../../lib/database/runtime-role";
import { partitionName } from "../../lib/telemetry/partitions";
import { expirePredictions } from "../../lib/telemetry/retention";
import { ADMIN_URL, withDatabase } from "./support/pg";

const target = inject("rollgateTestDb");

describe.skipIf(target.kind !== "postgres")("a runtime role that does not own the audit tables", () => {
  const suffix = `${process.pid}_${randomBytes(3).toString("hex")}`;
  const ownerRole = `rg_it_owner_${suffix}`;
  const runtimeRole = `rg_it_app_${suffix}`;
  const dbName = `rollgate_it_roles_${suffix}`;
  const key = parsePrivateKey(generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString());
  let admin: pg.Client;
  let runtime: Database;
  let runtimeClient: pg.Client;

  const urlAs = (user: string) => {
    const u = new URL(withDatabase(ADMIN_URL, dbName));
    u.username = user;
    u.password = "";
    return u.toString();
  };

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    // the owner may create roles (so db:roles can make the runtime role), nothing more
    await admin.query(`CREATE ROLE "${ownerRole}" LOGIN CREATEROLE`);
    await admin.query(`CREATE DATABASE "${dbName}" OWNER "${ownerRole}"`);

    // migrations as the owner (ROLLGATE_MIGRATION_DATABASE_URL)
    const owner = await openDatabase({ kind: "postgres", url: urlAs(ownerRole) }, { purpose: "roles test: migrate" });
    try {
      await applyMigrations(owner.adapterFactory);
    } finally {
      await owner.close();
    }
    // npm run db:roles
    const ownerClient = new pg.Client({ connectionString: urlAs(ownerRole) });
    await ownerClient.connect();
    try {
      const out = await setUpRuntimeRole(ownerClient, { role: runtimeRole, password: "not-used-with-trust-auth" });
      expect(out).toMatchObject({ created: true, owner: ownerRole });
      // running it again (after an upgrade) is fine
      expect(await setUpRuntimeRole(ownerClient, { role: runtimeRole })).toMatchObject({ created: false });
      // a migration after the set-up: the new table gets the runtime grants by default privileges
      await ownerClient.query(`CREATE TABLE "LaterTable" ("id" serial PRIMARY KEY, "v" text)`);
    } finally {
      await ownerClient.end();
    }

    // the app, as DATABASE_URL
    runtime = await openDatabase({ kind: "postgres", url: urlAs(runtimeRole) }, { purpose: "roles test: app" });
    runtimeClient = new pg.Client({ connectionString: urlAs(runtimeRole) });
    await runtimeClient.connect();
  });

  afterAll(async () => {
    await runtimeClient?.end().catch(() => {});
    await runtime?.close().catch(() => {});
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await admin.query(`DROP ROLE IF EXISTS "${runtimeRole}"`);
    await admin.query(`DROP ROLE IF EXISTS "${ownerRole}"`);
    await admin.end();
  });

  it("appends, signs checkpoints and verifies as the runtime role", async () => {
    for (let i = 1; i <= 3; i++) {
      await runtime.prisma.$transaction((tx) =>
        appendAudit(tx, {
          actor: { type: "system", id: null, label: "roles test" },
          action: "test.roles",
          subject: { type: "test", id: `e${i}` },
          after: { i },
        }),
      );
    }
    expect(await createCheckpoint(runtime.prisma, key)).toMatchObject({ position: "3", eventCount: "3" });
    expect(await verifyAuditChain(runtime.prisma, { key })).toMatchObject({
      ok: true,
      events: 3,
      checkpoints: { checked: 1, latest: { matches: true } },
    });
    // the server's start-up check of the migration history works too: nothing to apply
    expect(await applyMigrations(runtime.adapterFactory)).toEqual([]);
  });

  it("is refused UPDATE, DELETE and TRUNCATE on the audit tables, whatever the triggers", async () => {
    for (const table of ["AuditEvent", "AuditCheckpoint"]) {
      for (const sql of [
        `UPDATE "${table}" SET "${table === "AuditEvent" ? "reason" : "keyId"}" = 'x'`,
        `DELETE FROM "${table}"`,
        `TRUNCATE "${table}"`,
      ]) {
        await expect(runtimeClient.query(sql), sql).rejects.toMatchObject({
          code: "42501",
          message: expect.stringMatching(/permission denied/),
        });
      }
    }
  });

  it("cannot switch triggers off: no session_replication_role, no ALTER TABLE", async () => {
    await expect(runtimeClient.query(`SET session_replication_role = replica`)).rejects.toMatchObject({ code: "42501" });
    await expect(runtimeClient.query(`ALTER TABLE "AuditEvent" DISABLE TRIGGER ALL`)).rejects.toMatchObject({
      code: "42501",
      message: expect.stringMatching(/must be owner/),
    });
    await expect(runtimeClient.query(`DROP TABLE "AuditCheckpoint"`)).rejects.toMatchObject({ code: "42501" });
    await expect(
      runtimeClient.query(
        `INSERT INTO "_prisma_migrations" ("id", "checksum", "migration_name", "started_at") VALUES ('x', 'x', 'x', now())`,
      ),
    ).rejects.toMatchObject({ code: "42501" });
  });

  it("keeps ordinary reads and writes on the other tables, including tables created later", async () => {
    const email = `roles-${suffix}@rollgate.test`;
    await runtimeClient.query(
      `INSERT INTO "User" ("id", "email", "name", "passwordHash", "role", "createdAt", "updatedAt") VALUES ($1, $2, 'x', 'x', 'viewer', now(), now())`,
      [`u-${suffix}`, email],
    );
    await runtimeClient.query(`UPDATE "User" SET "name" = 'y' WHERE "email" = $1`, [email]);
    await runtimeClient.query(`DELETE FROM "User" WHERE "email" = $1`, [email]);
    await runtimeClient.query(`INSERT INTO "LaterTable" ("v") VALUES ('a')`);
    await runtimeClient.query(`UPDATE "LaterTable" SET "v" = 'b'`);
  });

  it("cannot make or drop Prediction's day partitions, says why, and still deletes expired rows; the owner's connection can", async () => {
    const old = `old-${suffix}`;
    await runtimeClient.query(
      `INSERT INTO "Prediction" ("requestId", "modelId", "version", "tenant", "ts", "latencyMs", "outcome")
       VALUES ($1, 'm', 'v', 't', now() - interval '400 days', 1, 'ok')`,
      [old],
    );
    // a day the migration did not make: the runtime role cannot create it
    const now = Date.now() + 20 * 86_400_000;
    const pass = await expirePredictions(runtime, { now, retentionDays: 30 });
    expect(pass.partitionsUnmanaged).toMatch(/permission denied|must be owner/);
    expect(pass.created).toEqual([]);
    expect(pass.deleted).toBe(1);

    const owner = await openDatabase({ kind: "postgres", url: urlAs(ownerRole) }, { purpose: "roles test: partitions" });
    try {
      const asOwner = await expirePredictions(runtime, { now, retentionDays: 30, schemaOwner: owner });
      expect(asOwner.partitionsUnmanaged).toBeNull();
      expect(asOwner.created).toContain(partitionName(Math.floor(now / 86_400_000) * 86_400_000));
      // and the runtime role writes into the owner's new partition (default privileges)
      await runtimeClient.query(
        `INSERT INTO "Prediction" ("requestId", "modelId", "version", "tenant", "ts", "latencyMs", "outcome")
         VALUES ($1, 'm', 'v', 't', to_timestamp($2 / 1000.0) AT TIME ZONE 'UTC', 1, 'ok')`,
        [`new-${suffix}`, now],
      );
    } finally {
      await owner.close();
    }
  });
});
