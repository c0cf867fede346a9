/**
 * The guardrail loop: every `intervalSeconds` one app instance (the leader) evaluates every
 * watched release. Leadership is a PostgreSQL advisory lock (GUARDRAIL_LOCK_KEY) held by the
 * job runner for as long as the instance leads (lib/jobs/leadership.ts); if its connection dies
 * another instance takes over at its next pass. Embedded PGlite is a single process, so it
 * always leads. A failing pass (database down) is logged and the next one waits longer
 * (doubling up to 5 minutes), then the normal interval resumes.
 */
// No "server-only" marker: server.ts imports this module under tsx.
import type { Database } from "../database/open";
import { defineJob, type Job } from "../jobs";
import { evaluateRelease, watchedReleaseIds, type Evaluation } from "./evaluate";

/** "rollgate guardrails" as a 64-bit advisory lock key, shared by every instance. */
export const GUARDRAIL_LOCK_KEY = 7_305_437_227_842_162n;

export type GuardrailOptions = {
  intervalSeconds?: number;
  /** the clock the decisions use; tests drive time with it */
  now?: () => Date;
  log?: (message: string) => void;
  /** evaluations done by this instance (tests watch who evaluated) */
  onEvaluation?: (e: Evaluation) => void;
  maxBackoffMs?: number;
  /** [0, 1), for the backoff's jitter; tests fix it */
  random?: () => number;
};

export type GuardrailLoop = Omit<Job, "runOnce"> & {
  /** runs one pass now (if leading); resolves with the evaluations it made */
  runOnce(): Promise<Evaluation[]>;
};

export function guardrailJob(database: Database, opts: GuardrailOptions = {}): GuardrailLoop {
  const intervalMs = (opts.intervalSeconds ?? 10) * 1000;
  const now = opts.now ?? (() => new Date());
  const log = opts.log ?? ((m: string) => console.log(`[rollgate] ${m}`));
  /** the evaluations of the pass that ended last (none when another instance leads) */
  let evaluations: Evaluation[] = [];

  const job = defineJob({
    name: "guardrails",
    every: intervalMs,
    backoff: { initialMs: 2 * intervalMs, maxMs: opts.maxBackoffMs ?? 5 * 60_000 },
    leader: { lockKey: GUARDRAIL_LOCK_KEY, database },
    log,
    random: opts.random,
    run: async ({ signal }) => {
      const at = now();
      const done: Evaluation[] = [];
      evaluations = done;
      for (const id of await watchedReleaseIds(database.prisma, at)) {
        if (signal.aborted) break;
        try {
          const e = await evaluateRelease(database.prisma, id, { now: at });
          if (!e) continue;
          done.push(e);
          opts.onEvaluation?.(e);
          if (e.skipped) log(`guardrails: ${e.modelKey}: ${e.outcome} not applied, the release moved (${e.skipped}); re-reading next pass`);
          else if (e.moved) log(`guardrails: ${e.modelKey}: ${e.moved} — ${e.reason}`);
        } catch (err) {
          // one broken release must not stop the others; a database outage fails them all and
          // the pass backs off
          if (!(await healthy(database))) throw err;
          log(`guardrails: ${id}: evaluation failed: ${(err as Error).message}`);
        }
      }
    },
  });

  return {
    ...job,
    runOnce: async () => {
      evaluations = [];
      await job.runOnce();
      return evaluations;
    },
  };
}

async function healthy(database: Database): Promise<boolean> {
  try {
    await database.prisma.$queryRaw`SELECT 1`;
    return true;
  } catch {
    return false;
  }
}
