// Frozen replay sets against a real database: captured requests of several tenants are frozen
// into a stratified set over the API, the pulled JSONL hashes to the set's contentHash, and the
// database itself refuses to change or delete the set outside an erasure or expiry. A tenant
// erasure removes only that tenant's rows and is audited; afterwards the set says so. An
// evaluation naming the set with a wrong hash is refused; expiry deletes with an audit event.
// Every test makes its own model.
import { createHash } from "node:crypto";
import { renderToString } from "react-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import ModelPage from "../../app/(dashboard)/models/[modelId]/(overview)/page";
import { GET as getSetGET } from "../../app/api/v1/models/[model]/replay-sets/[set]/route";
import { GET as itemsGET } from "../../app/api/v1/models/[model]/replay-sets/[set]/items/route";
import { GET as listGET, POST as freezePOST } from "../../app/api/v1/models/[model]/replay-sets/route";
import { POST as evaluationPOST } from "../../app/api/v1/models/[model]/versions/[version]/evaluations/route";
import { POST as erasePOST } from "../../app/api/v1/replay/erasures/route";
import { collectEvidence } from "../../lib/evidence/collect";
import { getApprovalReview } from "../../lib/lifecycle/approval-queries";
import type { ReplaySetDto } from "../../lib/replay";
import { expireReplaySets } from "../../lib/replay/server";
import { testDatabase, testDb } from "./support/db";
import { createApiToken, createUser, registerModel } from "./support/factories";
import { callRoute } from "./support/http";
import { signInAs } from "./support/session";

const V1 = "2026-11-01.1";
const V2 = "2026-11-02.1";
const DATASET = "s3://evals/replay/2026-11-30/holdout.parquet";
const HOUR = 3_600_000;

let ci = "";
let eraser = "";
let reader = "";

beforeAll(async () => {
  ci = (await createApiToken(["registry:write"])).secret;
  eraser = (await createApiToken(["replay:erase"])).secret;
  reader = (await createApiToken(["routes:read"])).secret;
});

/** A model with captured requests: `perTenant` rows per tenant over the last day. */
async function modelWithRecords(prefix: string, perTenant: Record<string, number>): Promise<{ key: string; id: string }> {
  const key = await registerModel(prefix, [V1, V2]);
  const db = testDb();
  const m = await db.model.findUniqueOrThrow({ where: { key }, select: { id: true } });
  const now = Date.now();
  const rows = Object.entries(perTenant).flatMap(([tenant, n]) =>
    Array.from({ length: n }, (_, i) => {
      const ts = new Date(now - HOUR - i * 60_000);
      return {
        modelId: m.id,
        requestId: `${key}-${tenant}-${i}`,
        tenant,
        version: V1,
        ts,
        day: new Date(ts.toISOString().slice(0, 10)),
        input: { amount: i, customer_id: `hmac-sha256:${i}`, nested: { b: 1, a: [i, "x"] } },
        output: { label: i % 3 === 0 ? "review" : "approve", score: i / 100 },
        scrubbed: ["drop-email"],
        receivedAt: ts,
      };
    }),
  );
  await db.replayRecord.createMany({ data: rows });
  return { key, id: m.id };
}

async function freeze(key: string, body: Record<string, unknown>, token = ci) {
  return callRoute(freezePOST, { path: `/api/v1/models/${key}/replay-sets`, params: { model: key }, body, token });
}

async function pull(key: string, set: string) {
  const res = await callRoute(itemsGET, { path: `/api/v1/models/${key}/replay-sets/${set}/items`, params: { model: key, set }, token: ci });
  return { res, text: await res.text() };
}

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

describe("freezing a replay set", () => {
  it("stratifies by tenant, orders items, and hashes exactly the pulled JSONL", async () => {
    const { key } = await modelWithRecords("it-replay-freeze", { acme: 60, globex: 30, initech: 10 });
    const res = await freeze(key, { name: "nightly-1", days: 7, size: 20 });
    expect(res.status).toBe(201);
    const set = await res.json<ReplaySetDto>();
    expect(set).toMatchObject({ name: "nightly-1", model: key, requested: 20, stratify: "tenant", itemCount: 20, erased: null });
    expect(set.tenants).toEqual([
      { tenant: "acme", items: 12 },
      { tenant: "globex", items: 6 },
      { tenant: "initech", items: 2 },
    ]);

    const { res: pulled, text } = await pull(key, set.id);
    expect(pulled.status).toBe(200);
    expect(pulled.headers.get("content-type")).toContain("application/x-ndjson");
    expect(pulled.headers.get("x-rollgate-content-hash")).toBe(set.contentHash);
    expect(sha256(text)).toBe(set.contentHash);
    const lines = text.split("\n");
    expect(lines.pop()).toBe("");
    expect(lines).toHaveLength(20);
    const items = lines.map((l) => JSON.parse(l) as { request_id: string; tenant: string; ts: string; input: unknown });
    // canonical: keys sorted at every depth, no whitespace
    expect(lines[0]).toMatch(/^\{"input":\{"amount":\d+,"customer_id":"[^"]+","nested":\{"a":\[\d+,"x"\],"b":1\}\},"output":/);
    // by tenant, then time
    const order = items.map((i) => `${i.tenant} ${i.ts}`);
    expect(order).toEqual([...order].sort());

    // by name too, and in the list
    const byName = await callRoute(getSetGET, {
      path: `/api/v1/models/${key}/replay-sets/nightly-1`,
      params: { model: key, set: "nightly-1" },
      token: ci,
    });
    expect((await byName.json<{ set: ReplaySetDto; note: string | null }>()).set.id).toBe(set.id);
    const list = await callRoute(listGET, { path: `/api/v1/models/${key}/replay-sets`, params: { model: key }, token: ci });
    expect((await list.json<{ sets: ReplaySetDto[] }>()).sets.map((s) => s.id)).toEqual([set.id]);

    // the same window frozen again chooses the same requests
    const again = await (await freeze(key, { name: "nightly-2", days: 7, size: 20 })).json<ReplaySetDto>();
    expect(again.contentHash).toBe(set.contentHash);

    const audit = await testDb().auditEvent.findFirstOrThrow({ where: { action: "replay_set.frozen", subjectId: set.id } });
    expect(audit.modelKey).toBe(key);
    expect(audit.after).toMatchObject({ contentHash: set.contentHash, itemCount: 20 });

    // the model page lists the sets
    signInAs(await createUser("viewer"));
    try {
      const html = renderToString(await ModelPage({ params: Promise.resolve({ modelId: key }), searchParams: Promise.resolve({}) }));
      expect(html).toContain("Replay sets");
      expect(html).toContain("nightly-1");
      expect(html).toContain(`sha256:${set.contentHash.slice(0, 12)}`);
    } finally {
      signInAs(null);
    }
  });

  it("answers 409 for a name the model already uses, 422 naming the field for an empty window or a bad size", async () => {
    const { key } = await modelWithRecords("it-replay-409", { acme: 5 });
    expect((await freeze(key, { name: "dup", days: 1, size: 3 })).status).toBe(201);
    const dup = await freeze(key, { name: "dup", days: 1, size: 3 });
    expect(dup.status).toBe(409);
    expect((await dup.json<{ error: { code: string } }>()).error.code).toBe("conflict");

    const empty = await freeze(key, { name: "empty", from: "2020-01-01T00:00:00Z", to: "2020-01-02T00:00:00Z", size: 3 });
    expect(empty.status).toBe(422);
    expect((await empty.json<{ error: { issues: { path: string }[] } }>()).error.issues.map((i) => i.path)).toEqual(["from"]);

    const big = await freeze(key, { name: "big", days: 1, size: 100_001 });
    expect(big.status).toBe(422);
    expect((await big.json<{ error: { issues: { path: string }[] } }>()).error.issues.map((i) => i.path)).toEqual(["size"]);

    // reading needs registry:write or audit:read; an inference service's routes:read is refused
    const forbidden = await callRoute(listGET, { path: `/api/v1/models/${key}/replay-sets`, params: { model: key }, token: reader });
    expect(forbidden.status).toBe(403);
  });
});

describe("immutability, in the database", () => {
  it("refuses UPDATE of an item or of the set's hash, and DELETE without an erasure or expiry", async () => {
    const { key } = await modelWithRecords("it-replay-frozen", { acme: 4, globex: 4 });
    const set = await (await freeze(key, { name: "frozen", days: 1, size: 6 })).json<ReplaySetDto>();
    const db = testDb();
    await expect(db.$executeRawUnsafe(`UPDATE "ReplaySetItem" SET "output" = '{"label":"x"}' WHERE "setId" = $1`, set.id)).rejects.toThrow(
      /replay sets are frozen: UPDATE on ReplaySetItem is not allowed/,
    );
    expect(await db.replaySetItem.count({ where: { setId: set.id, output: { equals: { label: "x" } } } })).toBe(0);
    await expect(db.$executeRawUnsafe(`UPDATE "ReplaySet" SET "contentHash" = 'x' WHERE "id" = $1`, set.id)).rejects.toThrow(
      /replay sets are frozen/,
    );
    await expect(db.$executeRawUnsafe(`DELETE FROM "ReplaySetItem" WHERE "setId" = $1`, set.id)).rejects.toThrow(/replay sets are frozen/);
    await expect(db.$executeRawUnsafe(`DELETE FROM "ReplaySet" WHERE "id" = $1`, set.id)).rejects.toThrow(/replay sets are frozen/);
    // an unrelated reason is no reason
    await expect(
      db.$transaction(async (tx) => {
        await tx.$executeRawUnsafe(`SET LOCAL rollgate.replay_delete = 'cleanup'`);
        await tx.$executeRawUnsafe(`DELETE FROM "ReplaySetItem" WHERE "setId" = $1`, set.id);
      }),
    ).rejects.toThrow(/replay sets are frozen/);

    const { text } = await pull(key, set.id);
    expect(sha256(text)).toBe(set.contentHash);
    expect(await db.replaySetItem.count({ where: { setId: set.id } })).toBe(6);
  });
});

describe("erasing a tenant", () => {
  it("removes only that tenant's records and items, counts them, audits once, and the set reports the erasure", async () => {
    const { key, id } = await modelWithRecords("it-replay-erase", { acme: 6, globex: 4 });
    const other = await modelWithRecords("it-replay-erase-other", { acme: 2 });
    const set = await (await freeze(key, { name: "before-erasure", days: 1, size: 10 })).json<ReplaySetDto>();
    const db = testDb();

    const refused = await callRoute(erasePOST, { path: "/api/v1/replay/erasures", body: { tenant: "acme", model: key }, token: ci });
    expect(refused.status).toBe(403);

    const res = await callRoute(erasePOST, { path: "/api/v1/replay/erasures", body: { tenant: "acme", model: key }, token: eraser });
    expect(res.status).toBe(200);
    const out = await res.json<{ records: number; items: number; models: { model: string; sets: { id: string; items: number }[] }[] }>();
    expect(out).toMatchObject({ records: 6, items: 6 });
    expect(out.models).toEqual([{ model: key, records: 6, items: 6, sets: [{ id: set.id, name: "before-erasure", items: 6 }] }]);

    expect(await db.replayRecord.count({ where: { modelId: id, tenant: "acme" } })).toBe(0);
    expect(await db.replayRecord.count({ where: { modelId: id, tenant: "globex" } })).toBe(4);
    // another model's rows of the same tenant stay: the erasure named one model
    expect(await db.replayRecord.count({ where: { modelId: other.id, tenant: "acme" } })).toBe(2);
    expect(await db.replaySetItem.count({ where: { setId: set.id } })).toBe(4);
    expect(await db.replaySetItem.count({ where: { setId: set.id, tenant: "acme" } })).toBe(0);

    const audits = await db.auditEvent.findMany({ where: { action: "replay.tenant_erased", modelKey: key } });
    expect(audits).toHaveLength(1);
    expect(audits[0]!.after).toMatchObject({ tenant: "acme", records: 6, items: 6 });

    const got = await callRoute(getSetGET, {
      path: `/api/v1/models/${key}/replay-sets/${set.id}`,
      params: { model: key, set: set.id },
      token: ci,
    });
    const body = await got.json<{ set: ReplaySetDto; note: string }>();
    expect(body.set.contentHash).toBe(set.contentHash);
    expect(body.set.erased?.count).toBe(6);
    expect(body.note).toMatch(/^6 of 10 items were erased on \d{4}-\d\d-\d\d/);
    const { res: pulled, text } = await pull(key, set.id);
    expect(pulled.headers.get("x-rollgate-erased")).toMatch(/^6 /);
    expect(sha256(text)).not.toBe(set.contentHash);
    expect(text.split("\n").filter(Boolean)).toHaveLength(4);
  });
});

describe("an evaluation over a frozen set", () => {
  it("is refused naming replay.set.hash for a wrong hash, and stored when the set holds", async () => {
    const { key } = await modelWithRecords("it-replay-eval", { acme: 3, globex: 1 });
    const set = await (await freeze(key, { name: "for-ci", days: 1, size: 4 })).json<ReplaySetDto>();
    const { text } = await pull(key, set.id);
    const firstId = (JSON.parse(text.split("\n")[0]!) as { request_id: string }).request_id;
    const replay = {
      baseline_version: V1,
      cases: 4,
      agreement: 0.75,
      set: { id: set.id, hash: set.contentHash },
      by_tenant: [
        { tenant: "acme", cases: 3, agreement: 2 / 3 },
        { tenant: "globex", cases: 1, agreement: 1 },
      ],
      disagreements: [
        { request_id: firstId, tenant: "acme", baseline_output: { label: "approve" }, candidate_output: { label: "review" } },
      ],
    };
    const post = (r: unknown) =>
      callRoute(evaluationPOST, {
        path: `/api/v1/models/${key}/versions/${V2}/evaluations`,
        params: { model: key, version: V2 },
        body: { dataset: DATASET, metrics: { auc: 0.9 }, replay: r },
        token: ci,
      });

    const wrong = await post({ ...replay, set: { id: set.id, hash: "0".repeat(64) } });
    expect(wrong.status).toBe(422);
    expect((await wrong.json<{ error: { issues: { path: string }[] } }>()).error.issues.map((i) => i.path)).toEqual(["replay.set.hash"]);

    const unknown = await post({ ...replay, set: { id: "no-such-set", hash: set.contentHash } });
    expect((await unknown.json<{ error: { issues: { path: string }[] } }>()).error.issues.map((i) => i.path)).toEqual(["replay.set.id"]);

    const badSums = await post({
      ...replay,
      agreement: 0.8,
      by_tenant: [...replay.by_tenant, { tenant: "hooli", cases: 0, agreement: 1 }],
      disagreements: [{ request_id: "not-an-item" }],
    });
    expect((await badSums.json<{ error: { issues: { path: string }[] } }>()).error.issues.map((i) => i.path)).toEqual([
      "replay.by_tenant[2].tenant",
      "replay.by_tenant",
      "replay.disagreements[0].request_id",
    ]);

    const ok = await post(replay);
    expect(ok.status).toBe(201);
    const stored = await testDb().evaluation.findFirstOrThrow({ where: { version: { model: { key } } }, orderBy: { createdAt: "desc" } });
    expect(stored.replay).toMatchObject({ set: { id: set.id, hash: set.contentHash }, by_tenant: replay.by_tenant });

    // the approver sees the set, the tenants worst first and the disagreement
    const review = await getApprovalReview(testDb(), key, V2, await createUser("approver"));
    expect(review!.replay!.set).toMatchObject({ id: set.id, hash: set.contentHash, found: { name: "for-ci", itemCount: 4 } });
    expect(review!.replay!.byTenant.map((t) => t.tenant)).toEqual(["acme", "globex"]);
    expect(review!.replay!.disagreements).toEqual([
      { requestId: firstId, tenant: "acme", baselineOutput: { label: "approve" }, candidateOutput: { label: "review" } },
    ]);

    // the evidence pack carries the sets' metadata and the evaluation's replay with its set
    const now = new Date();
    const evidence = await collectEvidence(testDatabase(), { model: key, from: new Date(now.getTime() - 86_400_000), to: now, now });
    expect(evidence.replaySets).toEqual([expect.objectContaining({ id: set.id, contentHash: set.contentHash, itemCount: 4 })]);
    expect(evidence.evaluations.at(-1)!.replay).toMatchObject({ set: { id: set.id, hash: set.contentHash } });
  });
});

describe("expiry", () => {
  it("deletes sets past expiresAt with their items and an audit event, and leaves the others", async () => {
    const { key, id } = await modelWithRecords("it-replay-expiry", { acme: 3 });
    const kept = await (await freeze(key, { name: "kept", days: 1, size: 3 })).json<ReplaySetDto>();
    // a set frozen long ago: inserting is allowed, so one is written already past its expiry
    const db = testDb();
    const old = await db.replaySet.create({
      data: {
        modelId: id,
        name: "short-lived",
        fromTs: new Date(Date.now() - 400 * 86_400_000),
        toTs: new Date(Date.now() - 399 * 86_400_000),
        requested: 1,
        stratify: "tenant",
        itemCount: 1,
        tenants: [{ tenant: "acme", items: 1 }],
        contentHash: "a".repeat(64),
        createdBy: "ci",
        createdAt: new Date(Date.now() - 366 * 86_400_000),
        expiresAt: new Date(Date.now() - 1000),
      },
    });
    await db.replaySetItem.create({
      data: { setId: old.id, position: 0, requestId: "old-1", tenant: "acme", version: V1, ts: old.fromTs, input: {}, output: {} },
    });
    const gone = await expireReplaySets(db);
    expect(gone).toContain(old.id);
    expect(gone).not.toContain(kept.id);
    expect(await db.replaySet.count({ where: { id: old.id } })).toBe(0);
    expect(await db.replaySetItem.count({ where: { setId: old.id } })).toBe(0);
    expect(await db.replaySet.count({ where: { id: kept.id } })).toBe(1);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "replay_set.expired", subjectId: old.id } });
    expect(audit.modelKey).toBe(key);
    expect(audit.before).toMatchObject({ name: "short-lived", itemCount: 1 });
  });
});
