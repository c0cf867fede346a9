/**
 * The guardrail loop: every `intervalSeconds` one app instance (the leader) evaluates every
 * watched release. Leadership is a PostgreSQL session advisory lock held on a dedicated
 * connection for as long as the instance leads; if that connection dies the lock is released
 * by the server and another instance takes over at its next pass. Embedded PGlite is a single
 * process, so it always leads. A failing pass (database down) is logged and the next one
 * waits longer (doubling up to 5 minutes), then the normal interval resumes.
 */
// No "server-only" marker: server.ts imports this module under tsx.
import type { PoolClient } from 'pg';
import type { Database } from '../database/open';
import { evaluateRelease, watchedReleaseIds, type Evaluation } from './evaluate';

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
};

export type GuardrailLoop = {
  stop(): Promise<void>;
  /** runs one pass now (if leading); resolves with the evaluations it made */
  runOnce(): Promise<Evaluation[]>;
  isLeader(): boolean;
};

/** A session advisory lock on its own connection: held while the connection lives. */
class Leadership {
  private client: PoolClient | null = null;
  constructor(private readonly database: Database) {}

  async acquire(): Promise<boolean> {
    const driver = this.database.driver;
    if (driver.kind === 'pglite') return true;
    if (this.client) {
      try {
        await this.client.query('SELECT 1');
        return true;
      } catch {
        this.drop();
      }
    }
    const client = await driver.pool.connect();
    // a terminated leader connection must not crash the process; the next pass notices
    client.on('error', () => {});
    try {
      const res = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS ok', [GUARDRAIL_LOCK_KEY.toString()]);
      if (res.rows[0]?.ok) {
        this.client = client;
        return true;
      }
      client.release();
      return false;
    } catch (e) {
      client.release(true);
      throw e;
    }
  }

  leading(): boolean {
    return this.database.driver.kind === 'pglite' || this.client !== null;
  }

  drop(): void {
    this.client?.release(true);
    this.client = null;
  }

  async release(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (!client) return;
    try {
      await client.query('SELECT pg_advisory_unlock($1::bigint)', [GUARDRAIL_LOCK_KEY.toString()]);
      client.release();
    } catch {
      client.release(true);
    }
  }
}

export function startGuardrails(database: Database, opts: GuardrailOptions = {}): GuardrailLoop {
  const intervalMs = (opts.intervalSeconds ?? 10) * 1000;
  const maxBackoffMs = opts.maxBackoffMs ?? 5 * 60_000;
  const now = opts.now ?? (() => new Date());
  const log = opts.log ?? ((m: string) => console.log(`[rollgate] ${m}`));
  const leadership = new Leadership(database);
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<Evaluation[]> | null = null;
  let failures = 0;
  let wasLeader = false;

  const pass = async (): Promise<Evaluation[]> => {
    const leader = await leadership.acquire();
    if (leader !== wasLeader) log(leader ? 'guardrails: this instance leads the guardrail loop' : 'guardrails: another instance leads the guardrail loop');
    wasLeader = leader;
    if (!leader) return [];
    const at = now();
    const done: Evaluation[] = [];
    for (const id of await watchedReleaseIds(database.prisma, at)) {
      if (stopped) break;
      try {
        const e = await evaluateRelease(database.prisma, id, { now: at });
        if (!e) continue;
        done.push(e);
        opts.onEvaluation?.(e);
        if (e.skipped) log(`guardrails: ${e.modelKey}: ${e.outcome} not applied, the release moved (${e.skipped}); re-reading next pass`);
        else if (e.moved) log(`guardrails: ${e.modelKey}: ${e.moved} — ${e.reason}`);
      } catch (err) {
        // one broken release must not stop the others; a database outage fails them all and
        // the pass below backs off
        if (!(await healthy(database))) throw err;
        log(`guardrails: ${id}: evaluation failed: ${(err as Error).message}`);
      }
    }
    return done;
  };

  const runOnce = (): Promise<Evaluation[]> => {
    running ??= pass().finally(() => {
      running = null;
    });
    return running;
  };

  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(tick, ms);
    timer.unref?.();
  };

  const tick = () => {
    timer = null;
    runOnce().then(
      () => {
        if (failures > 0) log(`guardrails: database reachable again; resuming every ${intervalMs / 1000} s`);
        failures = 0;
        schedule(intervalMs);
      },
      (e: unknown) => {
        failures += 1;
        leadership.drop();
        wasLeader = false;
        const wait = Math.min(maxBackoffMs, intervalMs * 2 ** Math.min(failures, 10));
        log(`guardrails: pass failed (${(e as Error).message}); retrying in ${wait >= 1000 ? `${Math.round(wait / 1000)} s` : `${wait} ms`}`);
        schedule(wait);
      },
    );
  };

  schedule(intervalMs);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => {});
      await leadership.release();
    },
    runOnce,
    isLeader: () => leadership.leading(),
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
