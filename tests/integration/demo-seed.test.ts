// The demo data loads through the lib services (so it is audited and passes the manifest
// checks), and loading it twice changes nothing. It runs on a database of its own (a fresh
// in-memory PGlite, which is also what `npm run demo` uses by default), so its fixed model keys
// and emails never meet other tests' rows.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "../../lib/database/migrations";
import { openDatabase, type Database } from "../../lib/database/open";
import { DEMO_PASSWORD, DEMO_USERS, loadDemoData } from "../../lib/demo/seed";
import { verifyPassword } from "../../lib/auth/password";

let database: Database;

beforeAll(async () => {
  database = await openDatabase({ kind: "pglite-memory" }, { purpose: "demo seed test" });
  await applyMigrations(database.adapterFactory);
});

afterAll(async () => {
  await database?.close();
});

describe("loadDemoData", () => {
  it("creates users for every role and three models with version histories", async () => {
    const prisma = database.prisma;
    const first = await loadDemoData(prisma);
    expect(first.created).toBe(true);
    expect(first.password).toBe(DEMO_PASSWORD);
    expect(new Set(first.users.map((u) => u.role))).toEqual(new Set(["viewer", "operator", "approver", "admin"]));
    expect(first.users.filter((u) => u.role === "approver")).toHaveLength(2);

    const viewer = await prisma.user.findUniqueOrThrow({ where: { email: "viewer@rollgate.demo" } });
    expect(viewer.role).toBe("viewer");
    expect(await verifyPassword(viewer.passwordHash, DEMO_PASSWORD)).toBe(true);

    const models = await prisma.model.findMany({
      orderBy: { key: "asc" },
      include: { versions: { orderBy: { version: "asc" } } },
    });
    expect(models.map((m) => [m.key, m.versions.length])).toEqual([
      ["fraud-score", 4],
      ["search-rerank", 3],
      ["support-reply", 4],
    ]);
    for (const m of models) {
      expect(m.name).not.toBe(m.key);
      expect(m.ownerTeam).not.toBe("");
      expect(m.description).not.toBe("");
      // lineage: every version after the first names the one before it
      m.versions.forEach((v, i) => {
        expect(v.parentVersion).toBe(i === 0 ? null : m.versions[i - 1]?.version);
        expect(v.version).toMatch(/^2026-\d{2}-\d{2}\.\d+$/);
        expect(v.changelog.length).toBeGreaterThan(20);
      });
      // registered by more than one user or token
      expect(new Set(m.versions.map((v) => v.registeredBy)).size).toBeGreaterThan(1);
    }
    const registrants = new Set(models.flatMap((m) => m.versions.map((v) => v.registeredByType)));
    expect(registrants).toEqual(new Set(["user", "token"]));

    // every write has its audit event
    const actions = await prisma.auditEvent.groupBy({ by: ["action"], _count: true });
    const count = (a: string) => actions.find((x) => x.action === a)?._count ?? 0;
    expect(count("user.created")).toBe(DEMO_USERS.length);
    expect(count("version.registered")).toBe(11);
    expect(count("model.created")).toBe(3);
    expect(count("model.updated")).toBe(3);
    expect(count("token.created")).toBe(3);
  });

  it("is idempotent: a second run writes nothing and lists the same users", async () => {
    const prisma = database.prisma;
    const auditBefore = await prisma.auditEvent.count();
    const again = await loadDemoData(prisma);
    expect(again.created).toBe(false);
    expect(again.users).toEqual(DEMO_USERS);
    expect(await prisma.auditEvent.count()).toBe(auditBefore);
    expect(await prisma.modelVersion.count()).toBe(11);
  });
});
