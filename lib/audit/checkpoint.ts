/**
 * Signing checkpoints of the audit chain's head: at start-up, every `everyEvents` new events or
 * `everyMinutes` minutes (whichever comes first, and only when there is something new), and on
 * demand. Each checkpoint is stored in AuditCheckpoint and, in the same transaction, written to
 * the outbox as `audit.checkpoint`, so a webhook can keep copies where the database's owner
 * cannot reach them.
 */
import type { AuditCheckpoint } from "../../generated/prisma/client";
import type { Db } from "../database/types";
import { emitEvent } from "../events/emit";
import { CHECKPOINT_EVENT } from "../events/schemas";
import { defineJob, type Job } from "../jobs";
import { peekRuntime, setRuntime } from "../runtime";
import { CHECKPOINT_ALGORITHM, signCheckpoint, type AuditSigningKey, type SignedCheckpoint } from "./signing";

export const DEFAULT_CHECKPOINT_EVENTS = 100;
export const DEFAULT_CHECKPOINT_MINUTES = 5;

// One signer at a time across app instances, so two do not sign the same head twice.
// (The append lock is 7_400_001; this one never waits on it.)
const CHECKPOINT_LOCK_KEY = 7_400_002;

/** The checkpoint as the API, webhooks and saved files carry it. */
export type CheckpointDto = SignedCheckpoint & { id: string };

export function toCheckpointDto(c: AuditCheckpoint): CheckpointDto {
  return {
    id: c.id.toString(),
    position: c.position.toString(),
    headHash: c.headHash,
    eventCount: c.eventCount.toString(),
    signedAt: c.signedAt.toISOString(),
    keyId: c.keyId,
    algorithm: c.algorithm as typeof CHECKPOINT_ALGORITHM,
    signature: c.signature,
  };
}

// The newest checkpoint this process signed. Verification also checks it, so deleting the
// newest checkpoint rows (with the events they cover) does not go unnoticed while it runs.
export function lastSignedByThisProcess(): CheckpointDto | undefined {
  return peekRuntime("lastCheckpoint");
}

/**
 * Signs the current head. Without `force` it signs only when events were appended since the
 * newest checkpoint; returns null when it did not sign (nothing new, or an empty trail).
 */
export async function createCheckpoint(
  db: Db,
  key: AuditSigningKey,
  opts: { force?: boolean; now?: Date } = {},
): Promise<CheckpointDto | null> {
  const created = await db.$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${CHECKPOINT_LOCK_KEY})`);
      // The head read here is committed, and so is every event before it (seq is assigned under
      // the append lock, held to commit), so the count up to it is exact without that lock.
      const head = await tx.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
      if (!head) return null;
      if (!opts.force) {
        const last = await tx.auditCheckpoint.findFirst({ orderBy: { id: "desc" }, select: { position: true } });
        if (last && last.position >= head.seq) return null;
      }
      const eventCount = await tx.auditEvent.count({ where: { seq: { lte: head.seq } } });
      const signed = signCheckpoint(key, {
        position: head.seq.toString(),
        headHash: head.hash,
        eventCount: String(eventCount),
        signedAt: new Date(Math.floor((opts.now ?? new Date()).getTime())).toISOString(),
      });
      const row = await tx.auditCheckpoint.create({
        data: {
          position: head.seq,
          headHash: signed.headHash,
          eventCount: BigInt(eventCount),
          signedAt: new Date(signed.signedAt),
          keyId: signed.keyId,
          algorithm: signed.algorithm,
          signature: signed.signature,
        },
      });
      const dto = toCheckpointDto(row);
      // With the public key, a copy kept by a webhook receiver can be checked on its own
      // (rollgate audit verify --checkpoint); receivers should still pin the key they expect.
      await emitEvent(tx, { type: CHECKPOINT_EVENT, modelKey: null, payload: { ...dto, publicKeyPem: key.publicKeyPem } });
      return dto;
    },
    { maxWait: 15_000, timeout: 30_000 },
  );
  if (created) {
    const prev = lastSignedByThisProcess();
    if (!prev || BigInt(prev.id) < BigInt(created.id)) setRuntime("lastCheckpoint", created);
  }
  return created;
}

/** Whether the schedule calls for a checkpoint now. */
export function checkpointDue(
  head: bigint,
  last: { position: bigint; signedAt: Date } | null,
  now: Date,
  opts: { everyEvents: number; everyMinutes: number },
): boolean {
  if (head === 0n) return false;
  if (!last) return true;
  if (head <= last.position) return false;
  return head - last.position >= BigInt(opts.everyEvents) || now.getTime() - last.signedAt.getTime() >= opts.everyMinutes * 60_000;
}

/**
 * The schedule as a job: a checkpoint at start-up, then a look every `pollMs` (a cheap read of
 * two index heads). While the database is away it backs off, up to a minute between looks.
 */
export function auditCheckpointJob(
  db: Db,
  key: AuditSigningKey,
  opts: { everyEvents?: number; everyMinutes?: number; pollMs?: number; log?: (msg: string) => void; random?: () => number } = {},
): Job {
  const everyEvents = opts.everyEvents ?? DEFAULT_CHECKPOINT_EVENTS;
  const everyMinutes = opts.everyMinutes ?? DEFAULT_CHECKPOINT_MINUTES;
  const pollMs = opts.pollMs ?? Math.min(5_000, everyMinutes * 60_000);
  const log = opts.log ?? ((m: string) => console.log(`[rollgate] ${m}`));
  let first = true;

  return defineJob({
    name: "audit checkpoints",
    every: pollMs,
    firstAfter: 0,
    backoff: { initialMs: pollMs, maxMs: 60_000 },
    // every few seconds: an outage is reported when it starts and then every tenth look
    logFailuresEvery: 10,
    log,
    random: opts.random,
    run: async () => {
      // at start-up anything unsigned is signed, whatever the schedule says
      const startUp = first;
      first = false;
      const [head, last] = await Promise.all([
        db.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } }),
        db.auditCheckpoint.findFirst({ orderBy: { id: "desc" }, select: { position: true, signedAt: true } }),
      ]);
      const due = startUp
        ? (head?.seq ?? 0n) > (last?.position ?? 0n)
        : checkpointDue(head?.seq ?? 0n, last, new Date(), { everyEvents, everyMinutes });
      if (!due) return;
      const c = await createCheckpoint(db, key);
      if (c && startUp) log(`audit checkpoint signed at event #${c.position} (key ${c.keyId})`);
    },
  });
}
