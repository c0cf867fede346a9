// Releases made directly in the test database, for tests of what follows routing changes.
import { notifyRoutesChanged } from "../../../lib/routing/notify";
import { testDb } from "./db";
import { uniqueModelKey } from "./factories";

/** Polls `cond` until it holds; fails naming `what` after `timeoutMs`. */
export async function waitFor(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A model with a release at epoch 1: stable v1, candidate v2 at 10 %. Returns the model key. */
export async function createRelease(prefix: string): Promise<string> {
  const key = uniqueModelKey(prefix);
  await testDb().$transaction(async (tx) => {
    const model = await tx.model.create({ data: { key, name: key } });
    await tx.release.create({
      data: { modelId: model.id, stableVersion: "v1", candidateVersion: "v2", candidatePercent: 10, state: "ramping", epoch: 1 },
    });
    await notifyRoutesChanged(tx, { model: key, epoch: 1 });
  });
  return key;
}

/** A rollback committed directly on the database; returns the new epoch. */
export async function rollBack(key: string): Promise<number> {
  return testDb().$transaction(async (tx) => {
    const r = await tx.release.findFirstOrThrow({ where: { model: { key } } });
    const u = await tx.release.update({
      where: { id: r.id, epoch: r.epoch },
      data: { candidateVersion: null, candidatePercent: 0, state: "rolled_back", epoch: { increment: 1 } },
    });
    await notifyRoutesChanged(tx, { model: key, epoch: u.epoch });
    return u.epoch;
  });
}
