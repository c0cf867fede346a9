/**
 * The one scheduler for background work (webhook delivery, retention, the drift watch, the
 * guardrails, audit checkpoints). A job runs a pass every `every` ms; a pass never overlaps
 * itself. A failing pass is logged under the job's name and never ends the process: the next
 * pass waits longer (`backoff`), and the normal interval resumes after a good pass. With
 * `leader`, only the instance holding the advisory lock runs the passes (leadership.ts).
 */
import { jobRuns } from "../metrics/instruments";
import type { Database } from "../database/open";
import { peekRuntime, runtimeOnce } from "../runtime";
import { backoffDelay, type Backoff } from "./backoff";
import { Leadership } from "./leadership";

export type JobContext = {
  /** aborted by stop(): a long pass ends early, requests in flight give up */
  signal: AbortSignal;
};

export type JobDefinition = {
  /** names the job in logs and for kickJob() */
  name: string;
  /** ms between the end of one pass and the start of the next */
  every: number;
  /** ms from start() to the first pass (default `every`) */
  firstAfter?: number;
  backoff: Backoff;
  /** only one of several app instances runs it: the one holding this advisory lock */
  leader?: { lockKey: bigint; database: Database };
  /** a failing pass is logged the first time, then every n-th in a row (default 1: each) */
  logFailuresEvery?: number;
  log?: (message: string) => void;
  /** [0, 1), for the backoff's jitter; tests fix it */
  random?: () => number;
  run: (ctx: JobContext) => Promise<void>;
};

export type Job = {
  readonly name: string;
  /** schedules the passes and makes kickJob(name) reach this job */
  start(): void;
  /** stops scheduling, aborts the pass running and waits for it, gives leadership up */
  stop(): Promise<void>;
  /** runs a pass soon instead of at the next interval; kicks before it starts make one pass */
  kick(): void;
  /** runs a pass that starts after this call (once the running one ended); rejects if it fails */
  runOnce(): Promise<void>;
  /** whether this instance runs the passes (always, without `leader`) */
  isLeader(): boolean;
};

type Outcome = { ok: true } | { ok: false; error: unknown };

const defaultLog = (m: string) => console.log(`[rollgate] ${m}`);

export function duration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  return `${Math.round(ms / 60_000)} min`;
}

const firstLine = (e: unknown) => String((e as Error)?.message ?? e).split("\n")[0];

export function defineJob(def: JobDefinition): Job {
  const { name, every } = def;
  const logEvery = def.logFailuresEvery ?? 1;
  const leadership = def.leader ? new Leadership(def.leader.database, def.leader.lockKey) : null;
  const log = (m: string) => {
    try {
      (def.log ?? defaultLog)(m);
    } catch {
      // a broken logger must not turn a pass into an unhandled rejection
    }
  };
  let started = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<Outcome> | null = null;
  /** a pass asked for by runOnce while one runs; its callers wait for it */
  let queued: { promise: Promise<Outcome>; resolve: (next: Promise<Outcome>) => void } | null = null;
  /** a kick came while a pass ran */
  let again = false;
  let failures = 0;
  let wasLeader = false;
  let abort = new AbortController();

  const clearTimer = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };

  const schedule = (ms: number) => {
    clearTimer();
    if (!started) return;
    timer = setTimeout(() => {
      timer = null;
      void begin();
    }, ms);
    timer.unref?.();
  };

  const succeeded = (): [Outcome, number] => {
    if (failures > 0) log(`${name}: resumed after ${failures} failed pass${failures === 1 ? "" : "es"}, running every ${duration(every)}`);
    failures = 0;
    return [{ ok: true }, every];
  };

  async function pass(signal: AbortSignal): Promise<[Outcome, number]> {
    try {
      if (leadership) {
        const leading = await leadership.acquire();
        if (leading !== wasLeader) log(leading ? `${name}: this instance leads` : `${name}: another instance leads`);
        wasLeader = leading;
        if (!leading) return succeeded();
      }
      await def.run({ signal });
      jobRuns.inc({ job: name, outcome: "ok" });
      return succeeded();
    } catch (error) {
      jobRuns.inc({ job: name, outcome: "failed" });
      failures++;
      // the lock's connection may be what failed; the next pass takes leadership afresh
      leadership?.drop();
      wasLeader = false;
      const wait = backoffDelay(failures, def.backoff, def.random);
      if (failures === 1 || failures % logEvery === 0) {
        log(`${name}: pass failed (${failures}×)${started ? `, retrying in ${duration(wait)}` : ""}: ${firstLine(error)}`);
      }
      return [{ ok: false, error }, wait];
    }
  }

  function begin(): Promise<Outcome> {
    clearTimer();
    again = false;
    const current = pass(abort.signal).then(([outcome, wait]) => {
      running = null;
      const next = queued;
      queued = null;
      if (next) next.resolve(begin());
      else if (again && started) void begin();
      else schedule(wait);
      return outcome;
    });
    running = current;
    return current;
  }

  const settle = (p: Promise<Outcome>) =>
    p.then((o) => {
      if (!o.ok) throw o.error;
    });

  const kick = () => {
    if (!started) return;
    if (running) again = true;
    else schedule(0);
  };

  return {
    name,
    start() {
      if (started) return;
      started = true;
      runtimeOnce("jobKicks", () => new Map()).set(name, kick);
      if (!running) schedule(def.firstAfter ?? every);
    },
    async stop() {
      started = false;
      clearTimer();
      const kicks = peekRuntime("jobKicks");
      if (kicks?.get(name) === kick) kicks.delete(name);
      abort.abort();
      while (running) await running;
      await leadership?.release();
      wasLeader = false;
      abort = new AbortController();
    },
    kick,
    runOnce() {
      if (!running) return settle(begin());
      if (!queued) {
        let resolve!: (next: Promise<Outcome>) => void;
        const promise = new Promise<Outcome>((r) => (resolve = r));
        queued = { promise, resolve };
      }
      return settle(queued.promise);
    },
    isLeader: () => leadership?.leading() ?? true,
  };
}

/** Wakes the job of that name started in this process (from any module instance); else nothing. */
export function kickJob(name: string): void {
  peekRuntime("jobKicks")?.get(name)?.();
}
