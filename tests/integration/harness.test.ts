// The harness itself: the suite's own database is open, migrated and installed as db(), and
// the audit table refuses changes.
import { describe, expect, it } from "vitest";
import { getSessionUser, requirePageUser } from "../../lib/auth/session";
import { appendAudit } from "../../lib/audit/append";
import { db } from "../../lib/db";
import { testDatabase, testDb } from "./support/db";
import { createApiToken, createUser, uniqueId } from "./support/factories";
import { RedirectError } from "./support/navigation";
import { signInAs } from "./support/session";

describe("integration harness", () => {
  it("opens its own database and installs it as db()", async () => {
    expect(db()).toBe(testDb());
    const [row] = await testDb().$queryRawUnsafe<{ name: string }[]>("SELECT current_database() AS name");
    const target = testDatabase().target;
    if (target.kind === "postgres") expect(row?.name).toMatch(/^rollgate_it_/);
    else expect(target.kind).toBe("pglite-memory");
  });

  it("has every migration applied", async () => {
    const rows = await testDb().$queryRawUnsafe<{ migration_name: string; finished_at: Date | null }[]>(
      'SELECT migration_name, finished_at FROM "_prisma_migrations" ORDER BY migration_name',
    );
    const { readdir } = await import("node:fs/promises");
    const folders = (await readdir("prisma/migrations", { withFileTypes: true }))
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    expect(rows.map((r) => r.migration_name)).toEqual(folders);
    expect(rows.every((r) => r.finished_at)).toBe(true);
  });

  it("refuses UPDATE and DELETE on the audit table (trigger present)", async () => {
    const triggers = await testDb().$queryRawUnsafe<{ tgname: string }[]>(
      `SELECT tgname FROM pg_trigger WHERE tgrelid = '"AuditEvent"'::regclass AND NOT tgisinternal ORDER BY tgname`,
    );
    expect(triggers.map((t) => t.tgname)).toEqual(["audit_event_no_truncate", "audit_event_no_update_delete"]);

    const subject = uniqueId("harness");
    const { seq } = await testDb().$transaction((tx) =>
      appendAudit(tx, {
        actor: { type: "system", id: null, label: "harness test" },
        action: "test.harness",
        subject: { type: "test", id: subject },
      }),
    );
    await expect(testDb().auditEvent.update({ where: { seq }, data: { reason: "edited" } })).rejects.toThrow(/append-only/);
    await expect(testDb().auditEvent.delete({ where: { seq } })).rejects.toThrow(/append-only/);
    const kept = await testDb().auditEvent.findUnique({ where: { seq } });
    expect(kept?.subjectId).toBe(subject);
  });

  it("signs users in and out for the code under test", async () => {
    const user = await createUser("approver");
    signInAs(user);
    expect(await getSessionUser()).toMatchObject({ id: user.id, role: "approver" });
    signInAs(null);
    expect(await getSessionUser()).toBeNull();
  });

  it("turns next/navigation redirects into errors a test can assert on", async () => {
    signInAs(null);
    await expect(requirePageUser()).rejects.toBeInstanceOf(RedirectError);
    const viewer = await createUser("viewer");
    signInAs(viewer);
    await expect(requirePageUser("settings:read")).rejects.toMatchObject({ url: "/forbidden?need=settings%3Aread" });
    await expect(requirePageUser("models:read")).resolves.toMatchObject({ id: viewer.id });
    signInAs(null);
  });

  it("creates API tokens stored only as hashes", async () => {
    const token = await createApiToken(["registry:write"]);
    const row = await testDb().apiToken.findUniqueOrThrow({ where: { id: token.id } });
    expect(row.scopes).toEqual(["registry:write"]);
    expect(row.tokenHash).not.toContain(token.secret);
    expect(token.secret.startsWith(row.prefix)).toBe(true);
  });
});
