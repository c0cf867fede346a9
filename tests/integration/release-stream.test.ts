// GET /api/v1/models/{model}/release/stream (the release page's Server-Sent Events) checks its
// reader again before every event and every heartbeat: a revoked token's stream, or a disabled
// user's, ends instead of receiving the next change.
import { afterEach, describe, expect, it } from "vitest";
import { GET } from "../../app/api/v1/models/[model]/release/stream/route";
import { ReleaseWatch } from "../../app/api/v1/models/[model]/release/stream/release-watch";
import { releaseStreamTiming } from "../../app/api/v1/models/[model]/release/stream/stream-access";
import { getRelease } from "../../lib/rollout/queries";
import { startDataPlane } from "../../lib/routing/data-plane";
import { notifyRoutesChanged } from "../../lib/routing/notify";
import { testDatabase, testDb } from "./support/db";
import { createApiToken, createUser } from "./support/factories";
import { signInAs } from "./support/session";
import { createRelease, waitFor } from "./support/releases";

async function bumpRelease(key: string, candidatePercent: number): Promise<number> {
  return testDb().$transaction(async (tx) => {
    const r = await tx.release.findFirstOrThrow({ where: { model: { key } } });
    const u = await tx.release.update({ where: { id: r.id, epoch: r.epoch }, data: { candidatePercent, epoch: { increment: 1 } } });
    await notifyRoutesChanged(tx, { model: key, epoch: u.epoch });
    return u.epoch;
  });
}

/** Opens the stream as Next would call the handler; collects the `release` events' epochs. */
async function open(key: string, token?: string) {
  const ctrl = new AbortController();
  const req = new Request(`http://127.0.0.1:3000/api/v1/models/${key}/release/stream`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    signal: ctrl.signal,
  });
  const res = await GET(req, { params: Promise.resolve({ model: key }) });
  expect(res.status).toBe(200);
  const epochs: number[] = [];
  let raw = "";
  const state = { ended: false };
  void (async () => {
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        raw += decoder.decode(value, { stream: true });
        for (const m of raw.matchAll(/id: (\d+)\nevent: release\n/g)) if (!epochs.includes(Number(m[1]))) epochs.push(Number(m[1]));
      }
    } catch {
      // aborted
    }
    state.ended = true;
  })();
  return { epochs, raw: () => raw, ended: () => state.ended, close: () => ctrl.abort() };
}

const defaultHeartbeat = releaseStreamTiming.heartbeatMs;
afterEach(() => {
  releaseStreamTiming.heartbeatMs = defaultHeartbeat;
  signInAs(null);
});

describe("the release stream re-checks its reader", () => {
  it("a revoked token's stream ends at the next change without receiving it", async () => {
    const key = await createRelease("it-release-stream");
    const token = await createApiToken(["routes:read"]);
    const stream = await open(key, token.secret);
    try {
      await waitFor("the first event", () => stream.epochs.length === 1);
      await testDb().apiToken.update({ where: { id: token.id }, data: { revokedAt: new Date() } });
      await bumpRelease(key, 50);
      await waitFor("the stream to end", () => stream.ended());
      expect(stream.epochs).toEqual([1]);
    } finally {
      stream.close();
    }
  });

  it("an idle stream ends within a heartbeat when the token is revoked or the signed-in user disabled", async () => {
    releaseStreamTiming.heartbeatMs = 100;
    const key = await createRelease("it-release-stream");
    const token = await createApiToken(["routes:read"]);
    const byToken = await open(key, token.secret);
    const user = await createUser("viewer");
    signInAs(user);
    const bySession = await open(key);
    signInAs(null);
    const kept = await open(key, (await createApiToken(["routes:read"])).secret);
    try {
      await waitFor("the first events", () => [byToken, bySession, kept].every((s) => s.epochs.length === 1));
      await waitFor("a heartbeat", () => byToken.raw().includes(": heartbeat"));
      await testDb().apiToken.update({ where: { id: token.id }, data: { revokedAt: new Date() } });
      await testDb().user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
      await waitFor("both streams to end", () => byToken.ended() && bySession.ended(), 2000);
      expect(kept.ended()).toBe(false);
    } finally {
      for (const s of [byToken, bySession, kept]) s.close();
    }
  });
});

describe("the release watch behind the stream", () => {
  it("is pushed a release change through the data plane's LISTEN/NOTIFY feed, not by polling", async () => {
    const key = await createRelease("it-release-push");
    const dp = await startDataPlane(testDatabase(), { log: { info: () => {}, warn: () => {} } });
    // polls an hour apart: whatever arrives within the test came by push
    const watch = new ReleaseWatch({ changes: () => dp.snapshot, pollMs: 3_600_000, fallbackMs: 3_600_000 });
    const seen: number[] = [];
    let stop = () => {};
    try {
      await waitFor("the data plane to hold the model", () => dp.snapshot.get(key) !== undefined);
      const current = await getRelease(testDb(), key);
      expect(current).not.toBeNull();
      stop = watch.watch(key, current!, (release) => {
        if (release) seen.push(release.epoch);
      });
      const epoch = await bumpRelease(key, 50);
      await waitFor("the change to be pushed", () => seen.includes(epoch));
      expect(seen).toEqual([epoch]);
    } finally {
      stop();
      await dp.stop();
    }
  });
});
