// The audit trail's read side against a real database: the chain under concurrent appends,
// the database's refusal to change events, verification finding tampering, the API (auth,
// filters, paging, exports) and the version history query.
//
// The suite's database is shared by every test file, so assertions here are scoped to a model
// key or actor this file made. Tampering runs on a database of its own (created and dropped
// here): a broken chain would otherwise fail verification for every later test.
import pg from "pg";
import { renderToString } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import AuditPage from "../../app/(dashboard)/audit/page";
import { GET as auditGET } from "../../app/api/v1/audit/route";
import { GET as verifyGET } from "../../app/api/v1/audit/verify/route";
import type { PrismaClient } from "../../generated/prisma/client";
import type { Actor } from "../../lib/auth/actor";
import { appendAudit, type AuditInput } from "../../lib/audit/append";
import { eventHash } from "../../lib/audit/chain";
import { exportAuditEvents } from "../../lib/audit/export";
import { auditFilterOptions, eventsForSubject, historyForVersion, listAuditEvents, type AuditEventDto } from "../../lib/audit/queries";
import { verifyAuditChain } from "../../lib/audit/verify";
import { applyMigrations } from "../../lib/database/migrations";
import { openDatabase, type Database } from "../../lib/database/open";
import { testDb } from "./support/db";
import { createApiToken, createUser, uniqueId, uniqueModelKey } from "./support/factories";
import { callRoute } from "./support/http";
import { RedirectError } from "./support/navigation";
import { ADMIN_URL, withDatabase } from "./support/pg";
import { signInAs } from "./support/session";

const tokenActor = (label: string): Actor => ({ type: "token", id: uniqueId("tok"), label, scopes: ["registry:write"] });
const systemActor = (label: string): Actor => ({ type: "system", id: null, label });

async function append(db: PrismaClient, input: AuditInput) {
  return db.$transaction((tx) => appendAudit(tx, input), { maxWait: 15_000, timeout: 15_000 });
}

describe("appending", () => {
  it("keeps seq contiguous and the chain intact under 20 concurrent appends", async () => {
    const model = uniqueModelKey("it-audit-concurrent");
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        append(testDb(), {
          actor: systemActor("concurrency test"),
          action: "test.concurrent",
          subject: { type: "test", id: `${model}#${i}` },
          modelKey: model,
          after: { i },
        }),
      ),
    );
    const seqs = results.map((r) => r.seq).sort((a, b) => (a < b ? -1 : 1));
    expect(new Set(seqs).size).toBe(20);

    // Other test files append at the same time, so ours need not be adjacent; but every seq
    // between our first and last exists, and each links to the one before it.
    const first = seqs[0]!;
    const last = seqs[seqs.length - 1]!;
    const span = await testDb().auditEvent.findMany({
      where: { seq: { gte: first - 1n, lte: last } },
      orderBy: { seq: "asc" },
    });
    expect(span.length).toBe(Number(last - first) + 2 - (first === 1n ? 1 : 0));
    for (let i = 1; i < span.length; i++) {
      expect(span[i]!.seq).toBe(span[i - 1]!.seq + 1n);
      expect(span[i]!.prevHash).toBe(span[i - 1]!.hash);
    }

    const verified = await verifyAuditChain(testDb());
    expect(verified).toMatchObject({ ok: true });
    expect(verified.events).toBeGreaterThanOrEqual(20);
    expect(verified.firstBadSeq).toBeUndefined();
  });

  it("is refused UPDATE, DELETE and TRUNCATE by the database itself", async () => {
    const { seq } = await append(testDb(), {
      actor: systemActor("refusal test"),
      action: "test.refusal",
      subject: { type: "test", id: uniqueId("refusal") },
      reason: "original",
    });
    await expect(testDb().$executeRawUnsafe(`UPDATE "AuditEvent" SET "reason" = 'edited' WHERE "seq" = ${seq}`)).rejects.toThrow(
      /append-only/,
    );
    await expect(testDb().$executeRawUnsafe(`DELETE FROM "AuditEvent" WHERE "seq" = ${seq}`)).rejects.toThrow(/append-only/);
    await expect(testDb().$executeRawUnsafe(`TRUNCATE "AuditEvent"`)).rejects.toThrow(/append-only/);
    const kept = await testDb().auditEvent.findUnique({ where: { seq } });
    expect(kept?.reason).toBe("original");
  });
});

describe("verifying a tampered chain (on a database of its own)", () => {
  let database: Database;
  let cleanup: () => Promise<void> = async () => {};
  const prisma = () => database.prisma;

  beforeAll(async () => {
    const target = inject("rollgateTestDb");
    if (target.kind === "postgres") {
      const name = `${target.name}_tamper_${process.pid}`.slice(0, 63);
      const admin = new pg.Client({ connectionString: ADMIN_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.query(`CREATE DATABASE "${name}"`);
      cleanup = async () => {
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await admin.end();
      };
      database = await openDatabase({ kind: "postgres", url: withDatabase(ADMIN_URL, name) }, { purpose: "audit tamper test" });
    } else {
      database = await openDatabase({ kind: "pglite-memory" }, { purpose: "audit tamper test" });
    }
    await applyMigrations(database.adapterFactory);
    for (let i = 1; i <= 7; i++) {
      await append(prisma(), {
        actor: i % 2 ? systemActor("tamper test") : tokenActor("ci"),
        action: "test.tamper",
        subject: { type: "test", id: `event-${i}` },
        modelKey: "tamper-model",
        before: i > 1 ? { n: i - 1 } : null,
        after: { n: i, note: 'a, "quoted"\nvalue' },
        reason: `event ${i}`,
      });
    }
  });

  afterAll(async () => {
    await database?.close();
    await cleanup();
  });

  // The trigger is disabled only for the statement that tampers, then always restored.
  async function withTriggerDisabled(sql: string) {
    await prisma().$executeRawUnsafe(`ALTER TABLE "AuditEvent" DISABLE TRIGGER audit_event_no_update_delete`);
    try {
      await prisma().$executeRawUnsafe(sql);
    } finally {
      await prisma().$executeRawUnsafe(`ALTER TABLE "AuditEvent" ENABLE TRIGGER audit_event_no_update_delete`);
    }
  }

  it("passes an untouched chain, across batch boundaries", async () => {
    expect(await verifyAuditChain(prisma(), { batchSize: 2 })).toEqual({ ok: true, events: 7 });
    expect(await verifyAuditChain(prisma())).toEqual({ ok: true, events: 7 });
  });

  it("finds an edited event: its content no longer matches its hash", async () => {
    await withTriggerDisabled(`UPDATE "AuditEvent" SET "reason" = 'nothing to see' WHERE "seq" = 5`);
    try {
      const result = await verifyAuditChain(prisma(), { batchSize: 2 });
      expect(result).toMatchObject({ ok: false, events: 4, firstBadSeq: "5" });
      expect(result.problem).toMatch(/content does not match its hash/);
    } finally {
      await withTriggerDisabled(`UPDATE "AuditEvent" SET "reason" = 'event 5' WHERE "seq" = 5`);
    }
    expect(await verifyAuditChain(prisma())).toEqual({ ok: true, events: 7 });
  });

  it("finds a removed event: a gap in the sequence", async () => {
    const removed = await prisma().auditEvent.findUniqueOrThrow({ where: { seq: 3n } });
    await withTriggerDisabled(`DELETE FROM "AuditEvent" WHERE "seq" = 3`);
    try {
      const result = await verifyAuditChain(prisma(), { batchSize: 2 });
      expect(result).toMatchObject({ ok: false, events: 2, firstBadSeq: "4" });
      expect(result.problem).toMatch(/missing/);
    } finally {
      // INSERT is allowed: put the very same row back
      await prisma().auditEvent.create({
        data: {
          ...removed,
          before: (removed.before ?? undefined) as object | undefined,
          after: (removed.after ?? undefined) as object | undefined,
        },
      });
    }
    expect(await verifyAuditChain(prisma())).toEqual({ ok: true, events: 7 });
  });

  it("finds a relinked event, even when its own hash was recomputed to match", async () => {
    const row = await prisma().auditEvent.findUniqueOrThrow({ where: { seq: 6n } });
    const other = await prisma().auditEvent.findUniqueOrThrow({ where: { seq: 2n } });
    // Point event 6 at event 2, as if 3–5 never happened, with a hash that fits its new link.
    const forgedHash = eventHash(other.hash, row);
    await withTriggerDisabled(`UPDATE "AuditEvent" SET "prevHash" = '${other.hash}', "hash" = '${forgedHash}' WHERE "seq" = 6`);
    try {
      const result = await verifyAuditChain(prisma(), { batchSize: 4 });
      expect(result).toMatchObject({ ok: false, events: 5, firstBadSeq: "6" });
      expect(result.problem).toMatch(/link to the previous event/);
    } finally {
      await withTriggerDisabled(`UPDATE "AuditEvent" SET "prevHash" = '${row.prevHash}', "hash" = '${row.hash}' WHERE "seq" = 6`);
    }
    expect(await verifyAuditChain(prisma())).toEqual({ ok: true, events: 7 });
  });

  it("exports the whole chain in seq order, in batches", async () => {
    const out = await exportAuditEvents(prisma(), { model: "tamper-model" }, "ndjson", { batchSize: 3 });
    const lines = (await new Response(out.stream).text()).trimEnd().split("\n");
    const events = lines.map((l) => JSON.parse(l) as AuditEventDto);
    expect(events.map((e) => e.seq)).toEqual(["1", "2", "3", "4", "5", "6", "7"]);
    for (let i = 1; i < events.length; i++) expect(events[i]!.prevHash).toBe(events[i - 1]!.hash);
  });
});

describe("GET /api/v1/audit and /api/v1/audit/verify", () => {
  const model = uniqueModelKey("it-audit-api");
  const otherModel = uniqueModelKey("it-audit-other");
  const ciLabel = uniqueId("ci-token");
  const userLabel = `${uniqueId("auditor")}@rollgate.test`;
  let readToken: string;

  beforeAll(async () => {
    signInAs(null);
    readToken = (await createApiToken(["audit:read"])).secret;
    const user: Actor = { type: "user", id: uniqueId("user"), label: userLabel, role: "admin" };
    // appended one at a time so their order is known: oldest first
    const inputs: AuditInput[] = [
      {
        actor: tokenActor(ciLabel),
        action: "version.registered",
        subject: { type: "model_version", id: `${model}@2026-11-01.1` },
        modelKey: model,
        after: { version: "2026-11-01.1" },
      },
      {
        actor: tokenActor(ciLabel),
        action: "version.registered",
        subject: { type: "model_version", id: `${model}@2026-11-02.1` },
        modelKey: model,
        after: { version: "2026-11-02.1" },
        reason: 'weekly, "retrain"\nsecond line',
      },
      {
        actor: user,
        action: "version.stage_changed",
        subject: { type: "model", id: model },
        modelKey: model,
        before: { version: "2026-11-01.1", stage: "DEV" },
        after: { version: "2026-11-01.1", stage: "STAGING" },
        reason: "gates passed",
      },
      { actor: user, action: "token.created", subject: { type: "api_token", id: uniqueId("tok") }, modelKey: model, after: { name: "ci" } },
      {
        actor: tokenActor(ciLabel),
        action: "version.registered",
        subject: { type: "model_version", id: `${otherModel}@2026-11-01.1` },
        modelKey: otherModel,
      },
    ];
    for (const input of inputs) await append(testDb(), input);
  });

  type Page = { events: AuditEventDto[]; nextCursor?: string };
  /** token null: no Authorization header (the session, if any, decides) */
  const get = (query: string, token: string | null = readToken) =>
    callRoute(auditGET, { path: `/api/v1/audit${query}`, token: token ?? undefined });

  it("401 without a token or session, 403 with a token lacking audit:read", async () => {
    signInAs(null);
    expect((await get("", null)).status).toBe(401);
    expect((await callRoute(verifyGET, { path: "/api/v1/audit/verify" })).status).toBe(401);
    const writer = await createApiToken(["registry:write", "routes:read"]);
    const denied = await get("", writer.secret);
    expect(denied.status).toBe(403);
    expect(await denied.json()).toMatchObject({ error: { code: "forbidden" } });
    expect((await callRoute(verifyGET, { path: "/api/v1/audit/verify", token: writer.secret })).status).toBe(403);
  });

  it("accepts a signed-in user's session (the audit page's exports and verify button)", async () => {
    const viewer = await createUser("viewer");
    signInAs(viewer);
    try {
      const res = await get(`?model=${model}`, null);
      expect(res.status).toBe(200);
      expect((await res.json<Page>()).events).toHaveLength(4);
      expect((await callRoute(verifyGET, { path: "/api/v1/audit/verify" })).status).toBe(200);
    } finally {
      signInAs(null);
    }
  });

  it("filters by model, newest first, with the event's fields", async () => {
    const res = await get(`?model=${model}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toBeTruthy();
    const { events, nextCursor } = await res.json<Page>();
    expect(nextCursor).toBeUndefined();
    expect(events.map((e) => e.action)).toEqual(["token.created", "version.stage_changed", "version.registered", "version.registered"]);
    const seqs = events.map((e) => BigInt(e.seq));
    expect([...seqs].sort((a, b) => (a > b ? -1 : 1))).toEqual(seqs);
    expect(events[1]).toMatchObject({
      actor: { type: "user", label: userLabel },
      subject: { type: "model", id: model },
      modelKey: model,
      before: { stage: "DEV" },
      after: { stage: "STAGING" },
      reason: "gates passed",
    });
    expect(events[1]!.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(events[1]!.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("filters by exact action, by action prefix and by actor", async () => {
    const actions = async (q: string) => (await (await get(q)).json<Page>()).events.map((e) => e.action);
    expect(await actions(`?model=${model}&action=version.registered`)).toEqual(["version.registered", "version.registered"]);
    expect(await actions(`?model=${model}&action=version.`)).toEqual(["version.stage_changed", "version.registered", "version.registered"]);
    expect(await actions(`?model=${model}&action=version.*`)).toHaveLength(3);
    expect(await actions(`?model=${model}&action=version`)).toEqual([]);
    expect(await actions(`?actor=${encodeURIComponent(userLabel)}`)).toEqual(["token.created", "version.stage_changed"]);
    expect(await actions(`?actor=${ciLabel}`)).toHaveLength(3);
    expect(await actions(`?actor=${ciLabel}&model=${otherModel}`)).toEqual(["version.registered"]);
  });

  it("filters by time, both ends inclusive", async () => {
    const count = async (q: string) => (await (await get(`?model=${model}${q}`)).json<Page>()).events.length;
    // days relative to when the events were written, not to now (which may be past midnight)
    const { events } = await (await get(`?model=${model}`)).json<Page>();
    const oldest = Date.parse(events[events.length - 1]!.at);
    const newest = Date.parse(events[0]!.at);
    const day = (ms: number, offset = 0) => new Date(ms + offset * 86_400_000).toISOString().slice(0, 10);
    expect(await count(`&from=${day(oldest)}&to=${day(newest)}`)).toBe(4);
    expect(await count(`&from=${day(newest, 1)}`)).toBe(0);
    expect(await count(`&to=${day(oldest, -1)}`)).toBe(0);
    expect(await count(`&from=${encodeURIComponent(new Date(oldest).toISOString())}`)).toBe(4);
    expect(await count(`&to=${encodeURIComponent(new Date(oldest - 1).toISOString())}`)).toBe(0);
    expect(await count(`&to=${encodeURIComponent(new Date(oldest).toISOString())}`)).toBeGreaterThanOrEqual(1);
  });

  it("pages with a cursor", async () => {
    const first = await (await get(`?model=${model}&limit=3`)).json<Page>();
    expect(first.events).toHaveLength(3);
    expect(first.nextCursor).toBe(first.events[2]!.seq);
    const second = await (await get(`?model=${model}&limit=3&cursor=${first.nextCursor}`)).json<Page>();
    expect(second.events).toHaveLength(1);
    expect(second.nextCursor).toBeUndefined();
    expect(BigInt(second.events[0]!.seq)).toBeLessThan(BigInt(first.events[2]!.seq));
  });

  it("answers 422 naming every bad field", async () => {
    const res = await get(`?from=last-tuesday&to=2026-02-30&format=xml&limit=501`);
    expect(res.status).toBe(422);
    const body = await res.json<{ error: { code: string; issues: { path: string; message: string }[] } }>();
    expect(body.error.code).toBe("schema_error");
    expect(body.error.issues.map((i) => i.path).sort()).toEqual(["format", "from", "limit", "to"]);
  });

  it("streams CSV: header plus one record per event, quoted per RFC 4180", async () => {
    const res = await get(`?model=${model}&format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="rollgate-audit-\d{4}-\d{2}-\d{2}\.csv"$/);
    const text = await res.text();
    const records = text.split("\r\n").filter(Boolean);
    expect(records[0]).toBe(
      "seq,at,actor_type,actor_id,actor_label,action,subject_type,subject_id,model,reason,request_id,before,after,prev_hash,hash",
    );
    expect(records).toHaveLength(1 + 4);
    expect(text).toContain('"weekly, ""retrain""\nsecond line"');
    // jsonb keeps object keys in its own order (shorter keys first)
    expect(text).toContain('"{""stage"":""STAGING"",""version"":""2026-11-01.1""}"');
    // exports run oldest first (chain order)
    expect(records[1]).toContain(",version.registered,");
    expect(records[4]).toContain(",token.created,");
  });

  it("streams NDJSON: one event per line", async () => {
    const res = await get(`?model=${model}&format=ndjson`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/x-ndjson; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/filename="rollgate-audit-\d{4}-\d{2}-\d{2}\.ndjson"/);
    const lines = (await res.text()).split("\n").filter(Boolean);
    expect(lines).toHaveLength(4);
    const events = lines.map((l) => JSON.parse(l) as AuditEventDto);
    expect(events.every((e) => e.modelKey === model && typeof e.seq === "string")).toBe(true);
  });

  it("downloads the whole filtered set as one JSON array", async () => {
    const res = await get(`?model=${model}&format=json&download=true`);
    expect(res.headers.get("content-disposition")).toMatch(/\.json"$/);
    expect(JSON.parse(await res.text())).toHaveLength(4);
    const none = await get(`?model=${uniqueModelKey("it-audit-none")}&format=json&download=1`);
    expect(JSON.parse(await none.text())).toEqual([]);
  });

  it("verify answers exactly {ok, events} when the chain is intact", async () => {
    const res = await callRoute(verifyGET, { path: "/api/v1/audit/verify", token: readToken });
    expect(res.status).toBe(200);
    const body = await res.json<Record<string, unknown>>();
    expect(Object.keys(body).sort()).toEqual(["events", "ok"]);
    expect(body.ok).toBe(true);
    expect(body.events).toBeGreaterThanOrEqual(5);
  });

  it("lists pages with totals, and the values for the filter dropdowns", async () => {
    const newest = await listAuditEvents(testDb(), { model }, { page: 1, pageSize: 3 });
    expect(newest.total).toBe(4);
    expect(newest.rows.map((r) => r.action)[0]).toBe("token.created");
    const oldestLast = await listAuditEvents(testDb(), { model }, { page: 2, pageSize: 3, sort: "oldest" });
    expect(oldestLast.rows.map((r) => r.action)).toEqual(["token.created"]);

    const options = await auditFilterOptions(testDb());
    expect(options.models).toEqual(expect.arrayContaining([model, otherModel]));
    expect(options.actions).toEqual(expect.arrayContaining(["version.registered", "version.stage_changed", "token.created"]));
    expect(options.actionPrefixes).toEqual(expect.arrayContaining(["version.", "token."]));
    expect(options.actors).toEqual(
      expect.arrayContaining([
        { type: "token", label: ciLabel },
        { type: "user", label: userLabel },
      ]),
    );
  });

  it("gives a version's history: its own events and model events naming it", async () => {
    const history = await historyForVersion(testDb(), model, "2026-11-01.1");
    expect(history.map((e) => e.action)).toEqual(["version.stage_changed", "version.registered"]);
    const own = await eventsForSubject(testDb(), "model_version", `${model}@2026-11-02.1`);
    expect(own.map((e) => e.reason)).toEqual(['weekly, "retrain"\nsecond line']);
  });
});

describe("the audit page", () => {
  const model = uniqueModelKey("it-audit-page");

  beforeAll(async () => {
    await append(testDb(), {
      actor: tokenActor(uniqueId("page-ci")),
      action: "version.registered",
      subject: { type: "model_version", id: `${model}@2026-11-03.1` },
      modelKey: model,
      before: { stage: "DEV", steps: [5, 25] },
      after: { stage: "STAGING", steps: [5, 50] },
      reason: "page test",
    });
  });

  const render = async (params: Record<string, string>) => renderToString(await AuditPage({ searchParams: Promise.resolve(params) }));

  it("sends a signed-out visitor to sign in", async () => {
    signInAs(null);
    await expect(AuditPage({ searchParams: Promise.resolve({}) })).rejects.toThrow(RedirectError);
  });

  it("shows the filtered events, exports carrying the filters, and the verify status region", async () => {
    signInAs(await createUser("viewer"));
    try {
      const html = await render({ model, action: "version.*" });
      expect(html).toContain(`href="/api/v1/audit?model=${model}&amp;action=version.&amp;format=csv"`);
      expect(html).toContain(`href="/api/v1/audit?model=${model}&amp;action=version.&amp;format=ndjson"`);
      expect(html).toContain('role="status"');
      expect(html).toContain("Verify chain");
      expect(html).toContain("page test");
      const text = html.replace(/<!-- -->/g, "").replace(/<[^>]+>/g, "");
      expect(text).toContain("Showing 1–1 of 1 events");
      // the before/after is summarised in the row and opens on demand (e2e/audit-table.spec.ts)
      expect(html).toContain("2 fields");
      expect(html).toMatch(/<button[^>]*aria-expanded="false"[^>]*aria-label="Details of event \d+: 2 fields changed"/);
    } finally {
      signInAs(null);
    }
  });

  it("says when nothing matches, and names a filter it cannot read", async () => {
    signInAs(await createUser("viewer"));
    try {
      expect(await render({ model: uniqueModelKey("it-audit-none") })).toContain("No events match these filters");
      const bad = await render({ model, from: "last-tuesday" });
      expect(bad).toContain("These filters cannot be applied");
      expect(bad).toContain('id="filter-from-error"');
    } finally {
      signInAs(null);
    }
  });
});
