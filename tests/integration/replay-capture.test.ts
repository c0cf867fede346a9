// Replay capture at ingest (policy replay.capture and replay.scrub): a share of each tenant's
// production requests kept with their input and served output, scrubbed before anything is
// written — asserted on the rows PostgreSQL holds — and capped per tenant and day.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as postTelemetry } from "../../app/api/v1/telemetry/route";
import type { Actor } from "../../lib/auth/actor";
import { openDatabase, type Database } from "../../lib/database/open";
import { capturesRequest } from "../../lib/replay/capture";
import { ingestBatch } from "../../lib/telemetry/ingest";
import { deleteExpiredReplayRecords } from "../../lib/telemetry/retention";
import { testDatabase, testDb } from "./support/db";
import { createApiToken, registerModel, uniqueId } from "./support/factories";
import { callRoute } from "./support/http";

const V1 = "2026-01-15.1";
let sender: { secret: string };
const ingestActor: Actor = { type: "token", id: "replay-sender", label: "sender", scopes: ["telemetry:write"] };
/** a second handle has its own writer, so two batches are two truly concurrent transactions */
let second: Database | null = null;

beforeAll(async () => {
  sender = await createApiToken(["telemetry:write"]);
  const target = testDatabase().target;
  if (target.kind === "postgres") second = await openDatabase(target, { purpose: "replay capture test" });
});

afterAll(async () => {
  await second?.close();
});

async function newModel(policy: object): Promise<{ key: string; id: string }> {
  const key = await registerModel("it-replay", [V1]);
  const model = await testDb().model.update({ where: { key }, data: { policy } });
  return { key, id: model.id };
}

const minuteAgo = () => new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60_000).toISOString();

function event(key: string, requestId: string, tenant: string, extra: Record<string, unknown> = {}) {
  return { request_id: requestId, model: key, version: V1, tenant, ts: minuteAgo(), latency_ms: 12, outcome: "ok", ...extra };
}

const post = async (events: unknown[]) => {
  const res = await callRoute(postTelemetry, { path: "/api/v1/telemetry", body: { events }, token: sender.secret });
  return {
    status: res.status,
    body: (await res.json()) as {
      accepted: number;
      duplicates: number;
      rejected: { index: number; issues: { path: string; message: string }[] }[];
    },
  };
};

type StoredRow = { requestId: string; tenant: string; input: unknown; output: unknown; scrubbed: string[]; text: string };
async function storedReplay(modelId: string): Promise<StoredRow[]> {
  return testDb().$queryRawUnsafe<StoredRow[]>(
    `SELECT "requestId", "tenant", "input", "output", "scrubbed", row_to_json(r)::text AS "text" FROM "ReplayRecord" r WHERE "modelId" = $1 ORDER BY "requestId"`,
    modelId,
  );
}

const SCRUB = [
  { name: "drop-email", field: "email", action: "drop" },
  { name: "hash-customer", field: "customer_id", action: "hash" },
  { name: "drop-card-number", field: "payment.card.number", action: "drop" },
];

describe("replay capture", () => {
  it("stores input and output scrubbed: no raw email, customer id or card number in any stored row", async () => {
    const { key, id } = await newModel({ replay: { capture: { rate: 1, maxPerTenantPerDay: 100 }, scrub: SCRUB } });
    const email = `${uniqueId("person")}@example.com`;
    const customer = uniqueId("cus");
    const card = "4111111111111111";
    const ids = [uniqueId("rq"), uniqueId("rq")];
    const input = {
      amount: 120.5,
      email,
      customer_id: customer,
      payment: { card: { number: card, brand: "visa" } },
      history: [{ email, merchant: "m-1" }],
    };
    const out = await post(
      ids.map((rid) =>
        event(key, rid, "acme", { input, prediction: { label: "review", customer_id: customer, contact: { email } }, score: 0.7 }),
      ),
    );
    expect(out.body).toMatchObject({ accepted: 2, rejected: [] });

    const rows = await storedReplay(id);
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.text).not.toContain(email);
      expect(row.text).not.toContain(customer);
      expect(row.text).not.toContain(card);
      expect(row.input).toMatchObject({ amount: 120.5, payment: { card: { brand: "visa" } }, history: [{ merchant: "m-1" }] });
      expect(row.input).not.toHaveProperty("email");
      expect((row.input as { history: object[] }).history[0]).not.toHaveProperty("email");
      expect((row.input as { payment: { card: object } }).payment.card).not.toHaveProperty("number");
      expect((row.input as { customer_id: string }).customer_id).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
      expect(row.output).toMatchObject({ label: "review", contact: {} });
      expect(row.scrubbed.sort()).toEqual(["drop-card-number", "drop-email", "hash-customer"]);
    }
    // the same customer is the same token, in input and output and across requests
    const tokens = rows.flatMap((r) => [
      (r.input as { customer_id: string }).customer_id,
      (r.output as { customer_id: string }).customer_id,
    ]);
    expect(new Set(tokens).size).toBe(1);

    // the prediction log holds the scrubbed prediction too
    const predictions = await testDb().$queryRawUnsafe<{ text: string }[]>(
      `SELECT row_to_json(p)::text AS "text" FROM "Prediction" p WHERE "modelId" = $1`,
      id,
    );
    expect(predictions).toHaveLength(2);
    for (const p of predictions) {
      expect(p.text).not.toContain(email);
      expect(p.text).not.toContain(customer);
    }
  });

  it("keeps the share the policy names, chosen by request id, and never a shadow's or an event without input", async () => {
    const { key, id } = await newModel({ replay: { capture: { rate: 0.5, maxPerTenantPerDay: 1000 } } });
    const ids = Array.from({ length: 60 }, () => uniqueId("rq"));
    const out = await post([...ids.map((rid) => event(key, rid, "acme", { input: { n: 1 } })), event(key, uniqueId("no-input"), "acme")]);
    expect(out.body.accepted).toBe(61);
    const stored = (await storedReplay(id)).map((r) => r.requestId);
    const expected = ids.filter((rid) => capturesRequest(rid, 0.5)).sort();
    expect(expected.length).toBeGreaterThan(10);
    expect(expected.length).toBeLessThan(50);
    expect(stored).toEqual(expected);
  });

  it("holds each tenant to its daily cap, also when two writers race", async () => {
    const { key, id } = await newModel({ replay: { capture: { rate: 1, maxPerTenantPerDay: 7 } } });
    const batch = (tenant: string) => ({
      events: Array.from({ length: 10 }, () => event(key, uniqueId("rq"), tenant, { input: { x: 1 } })),
    });
    const results = await Promise.all([
      ingestBatch(testDatabase(), ingestActor, batch("acme")),
      ingestBatch(second ?? testDatabase(), ingestActor, batch("acme")),
      ingestBatch(testDatabase(), ingestActor, batch("globex")),
    ]);
    expect(results.map((r) => r.accepted)).toEqual([10, 10, 10]);
    const rows = await storedReplay(id);
    const perTenant = Object.fromEntries(["acme", "globex"].map((t) => [t, rows.filter((r) => r.tenant === t).length]));
    expect(perTenant).toEqual({ acme: 7, globex: 7 });
  });

  it("refuses text PostgreSQL cannot store inside an input, naming the field, instead of failing the batch", async () => {
    const { key } = await newModel({ replay: { capture: { rate: 1 } } });
    const out = await post([
      event(key, uniqueId("rq"), "acme", { input: { note: "a\u0000b" } }),
      event(key, uniqueId("rq"), "acme", { input: { ok: true } }),
    ]);
    expect(out.body.accepted).toBe(1);
    expect(out.body.rejected[0]?.issues[0]?.path).toBe("input.note");
  });

  it("refuses an input too large to keep, naming the field, and keeps the rest of the batch", async () => {
    const { key } = await newModel({ replay: { capture: { rate: 1 } } });
    const out = await post([
      event(key, uniqueId("rq"), "acme", { input: { text: "x".repeat(17_000) } }),
      event(key, uniqueId("rq"), "acme", { input: { ok: true } }),
    ]);
    expect(out.body.accepted).toBe(1);
    expect(out.body.rejected).toEqual([
      {
        index: 0,
        issues: [{ path: "input", message: expect.stringMatching(/^input is 17,0\d\d bytes as JSON; the limit is 16,384 bytes/) }],
      },
    ]);
  });

  it("writes nothing for a model whose policy does not capture", async () => {
    const { key, id } = await newModel({});
    const out = await post([event(key, uniqueId("rq"), "acme", { input: { email: "a@b.c" } })]);
    expect(out.body.accepted).toBe(1);
    expect(await storedReplay(id)).toEqual([]);
  });

  it("retention deletes captured requests past the model's replay.retentionDays", async () => {
    const { key, id } = await newModel({ replay: { capture: { rate: 1 }, retentionDays: 2 } });
    await post([event(key, uniqueId("rq"), "acme", { input: { a: 1 } })]);
    expect(await storedReplay(id)).toHaveLength(1);
    await deleteExpiredReplayRecords(testDatabase(), { now: Date.now() + 1 * 86_400_000 });
    expect(await storedReplay(id)).toHaveLength(1);
    await deleteExpiredReplayRecords(testDatabase(), { now: Date.now() + 3 * 86_400_000 });
    expect(await storedReplay(id)).toHaveLength(0);
  });
});
