import { describe, expect, it } from "vitest";
import { WriteQueue } from "./write-queue";

type Batch = { name: string; size: number; bad?: boolean };

/** A write function whose calls the test resolves by hand, recording what each call got. */
function controlledWrites() {
  const calls: { batches: Batch[]; finish: () => void; fail: (e: unknown) => void }[] = [];
  let running = 0;
  let maxRunning = 0;
  const write = (batches: Batch[]) =>
    new Promise<number[]>((resolve, reject) => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      calls.push({
        batches,
        finish: () => {
          running--;
          if (batches.some((b) => b.bad)) reject(Object.assign(new Error("value out of range"), { code: "22003" }));
          else resolve(batches.map((b) => b.size));
        },
        fail: (e) => {
          running--;
          reject(e);
        },
      });
    });
  return { calls, write, maxRunning: () => maxRunning };
}

const limits = { maxQueuedSize: 1_000, overloaded: (n: number) => new Error(`behind by ${n}`) };
const isDataError = (e: unknown) => String((e as { code?: string }).code ?? "").startsWith("22");
const flush = () => new Promise((r) => setImmediate(r));
const names = (bs: Batch[]) => bs.map((b) => b.name);

describe("WriteQueue", () => {
  it("writes a batch at once while a slot is free, and groups the ones that arrive while every slot is busy", async () => {
    const w = controlledWrites();
    const q = new WriteQueue<Batch>(w.write, {
      ...limits,
      concurrency: 2,
      maxGroupSize: 10,
      sizeOf: (b) => b.size,
      isolateOn: isDataError,
    });
    const results = ["a", "b", "c", "d", "e"].map((name) => q.submit({ name, size: 3 }));
    await flush();
    expect(w.calls.map((c) => names(c.batches))).toEqual([["a"], ["b"]]);

    w.calls[0]!.finish();
    await flush();
    // c, d and e wait together; 3 + 3 + 3 ≤ 10
    expect(w.calls.map((c) => names(c.batches))).toEqual([["a"], ["b"], ["c", "d", "e"]]);
    w.calls[1]!.finish();
    w.calls[2]!.finish();
    expect(await Promise.all(results)).toEqual([3, 3, 3, 3, 3]);
    expect(w.maxRunning()).toBe(2);
    expect(q.stats()).toEqual({ writes: 3, batches: 5, queued: 0, queuedSize: 0, running: 0 });
  });

  it("keeps a group within the size limit, and still writes a single batch larger than it", async () => {
    const w = controlledWrites();
    const q = new WriteQueue<Batch>(w.write, {
      ...limits,
      concurrency: 1,
      maxGroupSize: 10,
      sizeOf: (b) => b.size,
      isolateOn: isDataError,
    });
    const results = [
      q.submit({ name: "first", size: 1 }),
      q.submit({ name: "a", size: 6 }),
      q.submit({ name: "b", size: 4 }),
      q.submit({ name: "c", size: 1 }),
      q.submit({ name: "huge", size: 25 }),
    ];
    await flush();
    w.calls[0]!.finish();
    await flush();
    expect(names(w.calls[1]!.batches)).toEqual(["a", "b"]);
    w.calls[1]!.finish();
    await flush();
    expect(names(w.calls[2]!.batches)).toEqual(["c"]);
    w.calls[2]!.finish();
    await flush();
    expect(names(w.calls[3]!.batches)).toEqual(["huge"]);
    w.calls[3]!.finish();
    expect(await Promise.all(results)).toEqual([1, 6, 4, 1, 25]);
    expect(w.maxRunning()).toBe(1);
  });

  it("writes every batch of a group again alone when the group fails on its data, so only the bad batch fails", async () => {
    const w = controlledWrites();
    const q = new WriteQueue<Batch>(w.write, {
      ...limits,
      concurrency: 1,
      maxGroupSize: 100,
      sizeOf: (b) => b.size,
      isolateOn: isDataError,
    });
    const first = q.submit({ name: "first", size: 1 });
    const grouped = [
      q.submit({ name: "good1", size: 2 }),
      q.submit({ name: "bad", size: 2, bad: true }),
      q.submit({ name: "good2", size: 5 }),
    ];
    const settled = Promise.allSettled(grouped);
    await flush();
    w.calls[0]!.finish();
    await flush();
    expect(names(w.calls[1]!.batches)).toEqual(["good1", "bad", "good2"]);
    w.calls[1]!.finish();
    for (let i = 2; i < 5; i++) {
      await flush();
      expect(w.calls[i]!.batches).toHaveLength(1);
      w.calls[i]!.finish();
    }
    expect(await first).toBe(1);
    const out = await settled;
    expect(out[0]).toEqual({ status: "fulfilled", value: 2 });
    expect(out[1]).toMatchObject({ status: "rejected", reason: { code: "22003" } });
    expect(out[2]).toEqual({ status: "fulfilled", value: 5 });
  });

  it("fails every batch of a group with the error when it is not about the data (the database gone)", async () => {
    const w = controlledWrites();
    const q = new WriteQueue<Batch>(w.write, {
      ...limits,
      concurrency: 1,
      maxGroupSize: 100,
      sizeOf: (b) => b.size,
      isolateOn: isDataError,
    });
    const first = q.submit({ name: "first", size: 1 });
    const grouped = Promise.allSettled([q.submit({ name: "a", size: 1 }), q.submit({ name: "b", size: 1 })]);
    await flush();
    w.calls[0]!.finish();
    await flush();
    const gone = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    w.calls[1]!.fail(gone);
    expect(await first).toBe(1);
    expect((await grouped).map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(w.calls).toHaveLength(2);
    // the queue keeps working after a failure
    const later = q.submit({ name: "later", size: 4 });
    await flush();
    w.calls[2]!.finish();
    expect(await later).toBe(4);
  });

  it("refuses a batch at once when too much is waiting, and takes batches again once the queue drains", async () => {
    const w = controlledWrites();
    const q = new WriteQueue<Batch>(w.write, {
      concurrency: 1,
      maxGroupSize: 100,
      maxQueuedSize: 10,
      overloaded: (n) => new Error(`behind by ${n}`),
      sizeOf: (b) => b.size,
      isolateOn: isDataError,
    });
    const running = q.submit({ name: "running", size: 50 });
    const waiting = [q.submit({ name: "w1", size: 6 }), q.submit({ name: "w2", size: 4 })];
    await expect(q.submit({ name: "refused", size: 1 })).rejects.toThrow("behind by 10");
    expect(q.stats()).toMatchObject({ queued: 2, queuedSize: 10, running: 1 });
    await flush();
    w.calls[0]!.finish();
    await flush();
    expect(names(w.calls[1]!.batches)).toEqual(["w1", "w2"]);
    expect(q.stats()).toMatchObject({ queued: 0, queuedSize: 0 });
    const later = q.submit({ name: "later", size: 8 });
    w.calls[1]!.finish();
    await flush();
    w.calls[2]!.finish();
    expect(await Promise.all([running, ...waiting, later])).toEqual([50, 6, 4, 8]);
  });
});
