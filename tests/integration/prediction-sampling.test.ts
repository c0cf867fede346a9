// Request-level sampling (policy predictions.sampleRate): rows kept for a share of requests,
// every request counted in the metrics, and the lookup telling "not kept" from "never seen".
import { beforeAll, describe, expect, it } from "vitest";
import { GET as getPredictionRoute } from "../../app/api/v1/predictions/[request_id]/route";
import { POST as postTelemetry } from "../../app/api/v1/telemetry/route";
import { systemActor } from "../../lib/auth/actor";
import { fraudScoringManifest } from "../../lib/registry/fixtures";
import { registerVersion } from "../../lib/registry/service";
import { keepsRequest } from "../../lib/telemetry/sampling";
import { testDb } from "./support/db";
import { createApiToken, uniqueId, uniqueModelKey } from "./support/factories";
import { callRoute } from "./support/http";

type NotFoundBody = { error: { code: string; message: string; notStored?: { model: string; sampleRate: number }[] } };

const V1 = "2026-01-15.1";
let sender: { secret: string };
let reader: { secret: string };

beforeAll(async () => {
  sender = await createApiToken(["telemetry:write"]);
  reader = await createApiToken(["routes:read"]);
});

async function newModel(policy: object): Promise<{ key: string; id: string }> {
  const key = uniqueModelKey("it-sample");
  const m = fraudScoringManifest();
  m.model_id = key;
  m.model_version = V1;
  delete m.parent_version;
  const res = await registerVersion(testDb(), systemActor("sampling test"), {
    modelKey: key,
    text: JSON.stringify(m),
    contentType: "application/json",
  });
  expect(res.status).toBe(201);
  const model = await testDb().model.update({ where: { key }, data: { policy } });
  return { key, id: model.id };
}

const event = (key: string, requestId: string) => ({
  request_id: requestId,
  model: key,
  version: V1,
  tenant: "acme",
  ts: new Date(Math.floor(Date.now() / 60_000) * 60_000 - 120_000).toISOString(),
  latency_ms: 12,
  outcome: "ok",
});

const post = (events: unknown[]) => callRoute(postTelemetry, { path: "/api/v1/telemetry", body: { events }, token: sender.secret });

function lookup(requestId: string, model?: string) {
  const q = model ? `?model=${model}` : "";
  return callRoute(getPredictionRoute, {
    path: `/api/v1/predictions/${requestId}${q}`,
    params: { request_id: requestId },
    token: reader.secret,
  });
}

async function counted(modelId: string) {
  const [rows, minutes, allTenants] = await Promise.all([
    testDb().prediction.count({ where: { modelId } }),
    testDb().metricMinute.aggregate({ where: { modelId }, _sum: { count: true } }),
    testDb().metricRollup.aggregate({ where: { modelId, grain: "minute", tenant: "*" }, _sum: { count: true } }),
  ]);
  return { rows, minutes: minutes._sum.count ?? 0, allTenants: allTenants._sum.count ?? 0 };
}

describe("request-level sampling", () => {
  it("stores rows for the sampled ids only and counts every request in the rollups", async () => {
    const { key, id } = await newModel({ predictions: { sampleRate: 0.1 } });
    const ids = Array.from({ length: 300 }, (_, i) => uniqueId(`s${i}`));
    const kept = ids.filter((r) => keepsRequest(r, 0.1));
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(ids.length);

    const res = await post(ids.map((r) => event(key, r)));
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ accepted: 300, duplicates: 0, rejected: [] });
    expect(await counted(id)).toEqual({ rows: kept.length, minutes: 300, allTenants: 300 });
    const stored = await testDb().prediction.findMany({ where: { modelId: id }, select: { requestId: true } });
    expect(stored.map((r) => r.requestId).sort()).toEqual([...kept].sort());

    // a kept id sent again is still a duplicate, counted once
    const again = await post([event(key, kept[0]!)]);
    expect(await again.json()).toMatchObject({ accepted: 0, duplicates: 1 });
    expect((await counted(id)).minutes).toBe(300);
  });

  it("keeps every row at the default rate", async () => {
    const { key, id } = await newModel({});
    const ids = Array.from({ length: 40 }, (_, i) => uniqueId(`all${i}`));
    await post(ids.map((r) => event(key, r)));
    expect(await counted(id)).toEqual({ rows: 40, minutes: 40, allTenants: 40 });
  });

  it("says a sampled-out id was not kept because of sampling, and an unknown id that it was never recorded", async () => {
    const { key } = await newModel({ predictions: { sampleRate: 0.1 } });
    let out = uniqueId("out");
    while (keepsRequest(out, 0.1)) out = uniqueId("out");
    await post([event(key, out)]);

    const nf = await lookup(out);
    expect(nf.status).toBe(404);
    const body = await nf.json<NotFoundBody>();
    expect(body.error.code).toBe("not_found");
    expect(body.error.notStored).toContainEqual({ model: key, sampleRate: 0.1 });
    expect(body.error.message).toContain(`Request id "${out}" is not stored.`);
    expect(body.error.message).toContain(`"${key}" keeps 10 % of requests at request level (policy predictions.sampleRate)`);

    const named = await (await lookup(out, key)).json<NotFoundBody>();
    expect(named.error.notStored).toEqual([{ model: key, sampleRate: 0.1 }]);
    expect(named.error.message).toBe(
      `Request id "${out}" is not stored: model "${key}" keeps 10 % of requests at request level (policy predictions.sampleRate) ` +
        "and this id falls outside that share; such requests are still counted in the metrics.",
    );

    // an id inside every sample of this file's models, never sent
    let unknown = uniqueId("never");
    while (!keepsRequest(unknown, 0.1)) unknown = uniqueId("never");
    const never = await (await lookup(unknown, key)).json<NotFoundBody>();
    expect(never.error.notStored).toBeUndefined();
    expect(never.error.message).toContain(`No prediction with request id "${unknown}" is recorded`);
  });
});
