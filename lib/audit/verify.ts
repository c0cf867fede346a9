import type { Tx } from "../database/types";
import { GENESIS_HASH, verifyRun } from "./chain";
import { toCheckpointDto, type CheckpointDto } from "./checkpoint";
import { checkpointSignatureProblem, type AuditPublicKey } from "./signing";
import type { z } from "zod";
import type { verificationSchema } from "./contracts";

export type CheckpointStatus = {
  id: string;
  position: string;
  eventCount: string;
  signedAt: string;
  keyId: string;
  /** the signature holds under the configured key */
  signatureOk: boolean;
  /** the stored event at `position` still has the signed hash, and no event after it is missing */
  matches: boolean;
};

export type ChainVerification = z.output<typeof verificationSchema>;

const DEFAULT_BATCH = 2_000;

/**
 * Recomputes the whole hash chain from the genesis hash, in seq order, a batch at a time
 * (keyset on seq, so memory stays flat however long the log is). Finds an edited event (its
 * hash no longer matches its content), a removed one (a gap in seq), and a relinked one (its
 * prevHash is not its predecessor's hash).
 *
 * With `key`, it also holds the chain to the signed checkpoints (lib/audit/checkpoint.ts), which
 * is what catches someone who can write the table: an event edited with every later hash
 * recomputed, events re-ordered, or the newest events deleted. Every checkpoint whose signature
 * holds must still find its hash at its position and its event count; one whose signature does
 * not hold under this key (but claims it) is itself a finding. Such a rewrite is located to the
 * checkpoint interval: `firstBadSeq` is the first event after the last checkpoint that still
 * matches.
 *
 * It checks the events that existed when it started: appends made meanwhile are left for the
 * next run.
 */
export async function verifyAuditChain(
  db: Tx,
  opts: { batchSize?: number; key?: Pick<AuditPublicKey, "publicKey" | "keyId">; extraCheckpoints?: (CheckpointDto | undefined)[] } = {},
): Promise<ChainVerification> {
  const batchSize = opts.batchSize ?? DEFAULT_BATCH;
  const key = opts.key;

  // Checkpoints first, then the head: every checkpoint read covers events that exist by now.
  const stored = key ? (await db.auditCheckpoint.findMany({ orderBy: { id: "asc" } })).map(toCheckpointDto) : [];
  const head = await db.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } });

  const trusted: CheckpointDto[] = [];
  let otherKey = 0;
  let forged: { c: CheckpointDto; problem: string } | undefined;
  let missing: CheckpointDto | undefined;
  if (key) {
    for (const c of stored) {
      const problem = checkpointSignatureProblem(c, key);
      if (!problem) trusted.push(c);
      else if (c.keyId !== key.keyId) otherKey++;
      else forged ??= { c, problem };
    }
    // A checkpoint this process signed (kept in memory) must still be in the table.
    for (const c of opts.extraCheckpoints ?? []) {
      if (!c || checkpointSignatureProblem(c, key)) continue;
      if (!stored.some((s) => s.id === c.id && s.signature === c.signature)) {
        missing ??= c;
        trusted.push(c);
      }
    }
    trusted.sort((a, b) => cmp(BigInt(a.position), BigInt(b.position)) || cmp(BigInt(a.id), BigInt(b.id)));
  }

  const statuses = new Map<CheckpointDto, boolean>();
  const summary = (): ChainVerification["checkpoints"] => {
    if (!key) return undefined;
    const latest = trusted.length ? trusted[trusted.length - 1]! : null;
    return {
      keyId: key.keyId,
      checked: trusted.length,
      otherKey,
      latest: latest && {
        id: latest.id,
        position: latest.position,
        eventCount: latest.eventCount,
        signedAt: latest.signedAt,
        keyId: latest.keyId,
        signatureOk: true,
        matches: statuses.get(latest) ?? false,
      },
    };
  };
  const result = (r: Omit<ChainVerification, "checkpoints">): ChainVerification => {
    const checkpoints = summary();
    return checkpoints ? { ...r, checkpoints } : r;
  };
  const describe = (c: CheckpointDto) => `the checkpoint signed ${c.signedAt} at event #${c.position}`;

  let prevHash = GENESIS_HASH;
  let prevSeq = 0n;
  let verified = 0;
  // the position of the last checkpoint that still matches: the rewrite starts after it
  let intactUpTo = 0n;
  let next = 0;
  if (head) {
    for (;;) {
      const rows = await db.auditEvent.findMany({
        where: { seq: { gt: prevSeq, lte: head.seq } },
        orderBy: { seq: "asc" },
        take: batchSize,
      });
      if (rows.length === 0) break;
      for (const r of rows) {
        const run = verifyRun([r], { prevHash, prevSeq });
        if (!run.ok) return result({ ok: false, events: verified, firstBadSeq: run.firstBadSeq, problem: run.problem });
        prevHash = run.lastHash;
        prevSeq = run.lastSeq;
        verified++;
        // (a gap before a checkpoint's position is a chain finding above, so positions meet rows)
        while (next < trusted.length && BigInt(trusted[next]!.position) === r.seq) {
          const c = trusted[next]!;
          let problem: string | undefined;
          if (c.headHash !== r.hash) {
            problem = `event #${c.position} no longer has the hash ${describe(c)} records (events were changed, re-ordered or replaced after #${intactUpTo})`;
          } else if (BigInt(c.eventCount) !== BigInt(verified)) {
            problem = `${describe(c)} counts ${c.eventCount} events up to it; the trail now has ${verified}`;
          }
          statuses.set(c, !problem);
          if (problem) {
            return result({ ok: false, events: Number(intactUpTo), firstBadSeq: (intactUpTo + 1n).toString(), problem });
          }
          intactUpTo = r.seq;
          next++;
        }
      }
      if (rows.length < batchSize) break;
    }
  }

  // Checkpoints past the end: the newest events were deleted.
  const beyond = trusted.slice(next);
  if (beyond.length) {
    const c = beyond.reduce((a, b) => (BigInt(b.position) > BigInt(a.position) ? b : a));
    for (const b of beyond) statuses.set(b, false);
    return result({
      ok: false,
      events: verified,
      firstBadSeq: (prevSeq + 1n).toString(),
      problem: `events #${prevSeq + 1n} to #${c.position} are missing: ${describe(c)} covers ${c.eventCount} events, the trail ends at #${prevSeq}`,
    });
  }
  if (forged) {
    return result({
      ok: false,
      events: verified,
      problem: `checkpoint ${forged.c.id} (event #${forged.c.position}) claims key ${forged.c.keyId} but ${forged.problem}`,
    });
  }
  if (missing) {
    return result({ ok: false, events: verified, problem: `${describe(missing)} by this server is missing from the database` });
  }
  return result({ ok: true, events: verified });
}

const cmp = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);
