// The runner's own scheduling on fake timers: the interval, backoff and its reset, kicks, runOnce,
// stop, no overlapping passes, and leadership on a stand-in pool. The jobs themselves are tested
// with their features (deliver.test.ts, tests/integration/guardrails.test.ts, …).
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Database } from "../database/open";
import { defineJob, duration, kickJob, type JobDefinition } from "./job";

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

/** A job whose passes are counted; `fail` makes them throw. */
function counted(opts: Partial<JobDefinition> = {}) {
  const state = { passes: 0, fail: false as false | string };
  const logs: string[] = [];
  const job = defineJob({
    name: "test job",
    every: 1000,
    backoff: { initialMs: 2000, maxMs: 10_000 },
    random: () => 0,
    log: (m) => logs.push(m),
    run: async () => {
      state.passes++;
      if (state.fail) throw new Error(state.fail);
    },
    ...opts,
  });
  return { job, state, logs };
}

/** A pass that runs until released. */
function gate() {
  let open!: () => void;
  let promise = new Promise<void>((r) => (open = r));
  return {
    wait: () => promise,
    release() {
      open();
      promise = new Promise<void>((r) => (open = r));
    },
  };
}

describe("defineJob", () => {
  it("runs the first pass after firstAfter, then every interval, until stopped", async () => {
    const { job, state } = counted({ firstAfter: 300 });
    job.start();
    await vi.advanceTimersByTimeAsync(299);
    expect(state.passes).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(state.passes).toBe(1);
    await vi.advanceTimersByTimeAsync(3000);
    expect(state.passes).toBe(4);
    await job.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(state.passes).toBe(4);
  });

  it("does nothing before start()", async () => {
    const { job, state } = counted();
    job.kick();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(state.passes).toBe(0);
  });

  it("backs off exponentially on failure up to the cap, logging with its name, and resets after a good pass", async () => {
    const { job, state, logs } = counted();
    state.fail = "connect ECONNREFUSED 127.0.0.1:5432\n    at stack";
    job.start();
    const passTimes: number[] = [];
    for (let t = 0; t < 40_000; t += 100) {
      const before = state.passes;
      await vi.advanceTimersByTimeAsync(100);
      if (state.passes > before) passTimes.push(t + 100);
    }
    // first pass at 1 s, then waits of 2, 4, 8, 10, 10 s
    expect(passTimes.slice(0, 6)).toEqual([1000, 3000, 7000, 15_000, 25_000, 35_000]);
    expect(logs[0]).toBe("test job: pass failed (1×), retrying in 2 s: connect ECONNREFUSED 127.0.0.1:5432");
    expect(logs.slice(1, 4)).toEqual([
      "test job: pass failed (2×), retrying in 4 s: connect ECONNREFUSED 127.0.0.1:5432",
      "test job: pass failed (3×), retrying in 8 s: connect ECONNREFUSED 127.0.0.1:5432",
      "test job: pass failed (4×), retrying in 10 s: connect ECONNREFUSED 127.0.0.1:5432",
    ]);

    state.fail = false;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(logs.at(-1)).toBe("test job: resumed after 6 failed passes, running every 1 s");
    const after = state.passes;
    await vi.advanceTimersByTimeAsync(1000);
    expect(state.passes).toBe(after + 1);

    // a new outage starts from the initial wait again
    state.fail = "down";
    await vi.advanceTimersByTimeAsync(1000);
    expect(logs.at(-1)).toBe("test job: pass failed (1×), retrying in 2 s: down");
    await job.stop();
  });

  it("logs the first failure and then every n-th with logFailuresEvery", async () => {
    const { job, state, logs } = counted({ logFailuresEvery: 10, backoff: { initialMs: 1000, maxMs: 1000 } });
    state.fail = "down";
    job.start();
    await vi.advanceTimersByTimeAsync(25_000);
    expect(state.passes).toBe(25);
    expect(logs.map((m) => /\((\d+)×\)/.exec(m)?.[1])).toEqual(["1", "10", "20"]);
    await job.stop();
  });

  it("a pass that throws synchronously is a failed pass, not a crash", async () => {
    const logs: string[] = [];
    const job = defineJob({
      name: "sync thrower",
      every: 1000,
      backoff: { initialMs: 1000, maxMs: 1000 },
      log: (m) => logs.push(m),
      run: () => {
        throw new Error("boom");
      },
    });
    job.start();
    await vi.advanceTimersByTimeAsync(1000);
    expect(logs).toEqual([expect.stringMatching(/^sync thrower: pass failed \(1×\), retrying in \d+ ms: boom$/)]);
    await job.stop();
  });

  it("never overlaps a pass with itself; kicks during a pass make one more pass after it", async () => {
    const g = gate();
    let active = 0;
    let maxActive = 0;
    let passes = 0;
    const job = defineJob({
      name: "slow",
      every: 100,
      backoff: { initialMs: 100, maxMs: 100 },
      run: async () => {
        passes++;
        maxActive = Math.max(maxActive, ++active);
        await g.wait();
        active--;
      },
    });
    job.start();
    await vi.advanceTimersByTimeAsync(100);
    expect(passes).toBe(1);
    // far past the interval while the pass is still running
    await vi.advanceTimersByTimeAsync(5000);
    job.kick();
    job.kick();
    job.kick();
    expect(passes).toBe(1);
    g.release();
    await vi.advanceTimersByTimeAsync(0);
    expect(passes).toBe(2); // the kicks, coalesced, right after the first
    g.release();
    await vi.advanceTimersByTimeAsync(99);
    expect(passes).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(passes).toBe(3); // then the interval again
    expect(maxActive).toBe(1);
    g.release();
    await job.stop();
  });

  it("kick() runs a pass soon, and kicks before it starts make one pass", async () => {
    const { job, state } = counted({ every: 60_000 });
    job.start();
    job.kick();
    job.kick();
    await vi.advanceTimersByTimeAsync(0);
    expect(state.passes).toBe(1);
    await vi.advanceTimersByTimeAsync(59_999);
    expect(state.passes).toBe(1); // the interval counts from the kicked pass
    await vi.advanceTimersByTimeAsync(1);
    expect(state.passes).toBe(2);
    await job.stop();
  });

  it("kickJob(name) reaches a started job from anywhere in the process, and nothing once it stopped", async () => {
    const { job, state } = counted({ name: "kickable", every: 60_000 });
    kickJob("kickable");
    await vi.advanceTimersByTimeAsync(0);
    expect(state.passes).toBe(0);
    job.start();
    kickJob("kickable");
    await vi.advanceTimersByTimeAsync(0);
    expect(state.passes).toBe(1);
    await job.stop();
    kickJob("kickable");
    await vi.advanceTimersByTimeAsync(0);
    expect(state.passes).toBe(1);
  });

  it("runOnce() runs a pass without start(), and rejects with its error", async () => {
    const { job, state, logs } = counted();
    await job.runOnce();
    expect(state.passes).toBe(1);
    state.fail = "nope";
    await expect(job.runOnce()).rejects.toThrow("nope");
    expect(logs).toEqual(["test job: pass failed (1×): nope"]);
    // not started: nothing is scheduled
    await vi.advanceTimersByTimeAsync(60_000);
    expect(state.passes).toBe(2);
  });

  it("runOnce() during a pass waits for a fresh pass after it; concurrent calls share it", async () => {
    const g = gate();
    let passes = 0;
    const job = defineJob({
      name: "gated",
      every: 60_000,
      backoff: { initialMs: 1000, maxMs: 1000 },
      run: async () => {
        passes++;
        await g.wait();
      },
    });
    const first = job.runOnce();
    const second = job.runOnce();
    const third = job.runOnce();
    let secondDone = false;
    void second.then(() => (secondDone = true));
    g.release();
    await first;
    await vi.advanceTimersByTimeAsync(0);
    expect(passes).toBe(2);
    expect(secondDone).toBe(false);
    g.release();
    await Promise.all([second, third]);
    expect(passes).toBe(2);
  });

  it("stop() aborts the running pass's signal and waits for it to end", async () => {
    let seen: AbortSignal | undefined;
    let ended = false;
    const job = defineJob({
      name: "abortable",
      every: 100,
      backoff: { initialMs: 100, maxMs: 100 },
      run: async ({ signal }) => {
        seen = signal;
        await new Promise<void>((resolve) => signal.addEventListener("abort", () => setTimeout(resolve, 50)));
        ended = true;
      },
    });
    job.start();
    await vi.advanceTimersByTimeAsync(100);
    expect(seen?.aborted).toBe(false);
    const stopping = job.stop();
    expect(seen?.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(50);
    await stopping;
    expect(ended).toBe(true);
    // a later pass gets a signal of its own
    const before = seen;
    const again = job.runOnce();
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).not.toBe(before);
    expect(seen?.aborted).toBe(false);
    const stopAgain = job.stop();
    await vi.advanceTimersByTimeAsync(50);
    await Promise.all([again, stopAgain]);
  });

  it("formats durations as the logs show them", () => {
    expect([duration(50), duration(2000), duration(90_000), duration(600_000)]).toEqual(["50 ms", "2 s", "90 s", "10 min"]);
  });
});

describe("defineJob with leader", () => {
  /** A PostgreSQL stand-in whose advisory lock another instance may hold. */
  function fakePostgres() {
    const state = { lockedElsewhere: false, down: false, held: false, released: 0, dropped: 0 };
    const client = {
      on: () => {},
      query: vi.fn(async (sql: string) => {
        if (state.down) throw new Error("connection terminated");
        if (sql.includes("pg_try_advisory_lock")) {
          state.held = !state.lockedElsewhere;
          return { rows: [{ ok: state.held }] };
        }
        if (sql.includes("pg_advisory_unlock")) state.held = false;
        return { rows: [] };
      }),
      release: (destroy?: boolean) => {
        if (destroy) {
          state.dropped++;
          state.held = false;
        } else state.released++;
      },
    };
    const database = { driver: { kind: "pg", pool: { connect: async () => client } } } as unknown as Database;
    return { database, state };
  }

  it("runs only while it holds the lock, and says when leadership changes", async () => {
    const { database, state } = fakePostgres();
    state.lockedElsewhere = true;
    const { job, state: passes, logs } = counted({ name: "led", leader: { lockKey: 42n, database } });
    await job.runOnce();
    expect(passes.passes).toBe(0);
    expect(job.isLeader()).toBe(false);
    state.lockedElsewhere = false;
    await job.runOnce();
    expect(passes.passes).toBe(1);
    expect(job.isLeader()).toBe(true);
    expect(logs).toEqual(["led: this instance leads"]);
    await job.stop();
    expect(state.held).toBe(false);
    expect(job.isLeader()).toBe(false);
  });

  it("drops leadership when a pass fails, and takes it again when the database answers", async () => {
    const { database, state } = fakePostgres();
    const { job, logs } = counted({ name: "led", leader: { lockKey: 42n, database } });
    await job.runOnce();
    expect(job.isLeader()).toBe(true);
    state.down = true;
    await expect(job.runOnce()).rejects.toThrow("connection terminated");
    expect(job.isLeader()).toBe(false);
    expect(state.dropped).toBe(2);
    state.down = false;
    await job.runOnce();
    expect(job.isLeader()).toBe(true);
    expect(logs).toEqual([
      "led: this instance leads",
      "led: pass failed (1×): connection terminated",
      "led: this instance leads",
      "led: resumed after 1 failed pass, running every 1 s",
    ]);
    await job.stop();
  });

  it("always leads on embedded PGlite", async () => {
    const database = { driver: { kind: "pglite" } } as unknown as Database;
    const { job, state } = counted({ leader: { lockKey: 42n, database } });
    expect(job.isLeader()).toBe(true);
    await job.runOnce();
    expect(state.passes).toBe(1);
  });
});
