/**
 * Replay sets live `replay.setRetentionDays` (policy, fixed into expiresAt when frozen). The
 * expiry job deletes each set past it, with its items, one transaction and one
 * `replay_set.expired` audit event per set. Captured requests (ReplayRecord) have their own
 * retention, run beside the prediction retention.
 */
import { appendAudit } from "../audit/append";
import { currentTime } from "../clock";
import type { Db } from "../database/types";
import { defineJob, type Job } from "../jobs";

export const REPLAY_SET_EXPIRED = "replay_set.expired";

const SYSTEM = { type: "system" as const, id: null, label: "retention" };

/** Deletes the sets whose expiresAt has passed; returns their ids. */
export async function expireReplaySets(db: Db, opts: { now?: Date; limit?: number } = {}): Promise<string[]> {
  const now = opts.now ?? currentTime();
  const due = await db.replaySet.findMany({
    where: { expiresAt: { lte: now } },
    orderBy: { expiresAt: "asc" },
    take: opts.limit ?? 100,
    select: { id: true },
  });
  const gone: string[] = [];
  for (const { id } of due) {
    const done = await db.$transaction(
      async (tx) => {
        // the database refuses deletes of sets and items unless the transaction says why (the triggers)
        await tx.$executeRawUnsafe(`SET LOCAL rollgate.replay_delete = 'expiry'`);
        const set = await tx.replaySet.findUnique({ where: { id } });
        if (!set || set.expiresAt > now) return false;
        const model = await tx.model.findUnique({ where: { id: set.modelId }, select: { key: true } });
        await tx.replaySetItem.deleteMany({ where: { setId: id } });
        // another instance's pass may have deleted it meanwhile: then it wrote the audit event
        if ((await tx.replaySet.deleteMany({ where: { id } })).count === 0) return false;
        await appendAudit(tx, {
          actor: SYSTEM,
          action: REPLAY_SET_EXPIRED,
          subject: { type: "replay_set", id },
          modelKey: model?.key ?? null,
          before: { id, name: set.name, itemCount: set.itemCount, contentHash: set.contentHash, expiresAt: set.expiresAt.toISOString() },
          reason: `replay set "${set.name}" reached its retention (expired ${set.expiresAt.toISOString()})`,
        });
        return true;
      },
      { maxWait: 15_000, timeout: 120_000 },
    );
    if (done) gone.push(id);
  }
  return gone;
}

/** The periodic pass, started by server.ts beside the prediction retention. */
export function replaySetExpiryJob(db: Db, opts: { intervalMs?: number; log?: (m: string) => void } = {}): Job {
  const every = opts.intervalMs ?? 60 * 60_000;
  const log = opts.log ?? ((m: string) => console.log(`[rollgate] ${m}`));
  return defineJob({
    name: "replay-set-expiry",
    every,
    firstAfter: 60_000,
    backoff: { initialMs: every, maxMs: 6 * 60 * 60_000 },
    log,
    run: async () => {
      const gone = await expireReplaySets(db);
      if (gone.length > 0) log(`replay: deleted ${gone.length} expired replay set${gone.length === 1 ? "" : "s"}`);
    },
  });
}
