// The routing table every benchmark target serves: one model with a canary at 25 % and ten
// tenant pins (≈ 0.5 KB of JSON), and a routes:read token. Written directly: fixture data for
// a benchmark, like the integration tests' factories, not a state change of the product.
import { generateTokenSecret } from "../../lib/auth/tokens";
import type { Db } from "../../lib/database/types";
import { notifyRoutesChanged } from "../../lib/routing/notify";

export const BENCH_MODEL = "bench-fraud-scoring";
export const STABLE = "2026-01-15.2";
export const CANDIDATE = "2026-02-01.1";

export async function seedBench(db: Db, model = BENCH_MODEL): Promise<{ model: string; token: string }> {
  const token = generateTokenSecret();
  await db.apiToken.create({ data: { name: `bench-${Date.now()}`, prefix: token.prefix, tokenHash: token.hash, scopes: ["routes:read"] } });
  await db.$transaction(async (tx) => {
    const m = await tx.model.create({ data: { key: model, name: model } });
    await tx.release.create({
      data: {
        modelId: m.id,
        stableVersion: STABLE,
        previousStableVersion: "2026-01-10.1",
        candidateVersion: CANDIDATE,
        candidatePercent: 25,
        state: "ramping",
        epoch: 1,
      },
    });
    for (let i = 0; i < 10; i++) {
      await tx.tenantPin.create({
        data: { modelId: m.id, tenant: `tenant-${String(i).padStart(3, "0")}`, version: "2026-01-10.1", createdBy: "bench" },
      });
    }
    await notifyRoutesChanged(tx, { model, epoch: 1 });
  });
  return { model, token: token.secret };
}
