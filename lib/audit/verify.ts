import type { Tx } from "../database/types";
import { GENESIS_HASH, verifyRun } from "./chain";

export type ChainVerification = {
  ok: boolean;
  /** events verified intact (all of them when ok; those before the first bad one otherwise) */
  events: number;
  /** the first event that does not fit the chain */
  firstBadSeq?: string;
  /** what is wrong with that event, in words */
  problem?: string;
};

const DEFAULT_BATCH = 2_000;

/**
 * Recomputes the whole hash chain from the genesis hash, in seq order, a batch at a time
 * (keyset on seq, so memory stays flat however long the log is). Finds an edited event (its
 * hash no longer matches its content), a removed one (a gap in seq), and a relinked one (its
 * prevHash is not its predecessor's hash).
 *
 * It checks the events that existed when it started: appends made meanwhile are left for the
 * next run. What a chain alone cannot show is the loss of the newest events; compare the
 * head with a copy kept elsewhere (an export) for that.
 */
export async function verifyAuditChain(db: Tx, opts: { batchSize?: number } = {}): Promise<ChainVerification> {
  const batchSize = opts.batchSize ?? DEFAULT_BATCH;
  const head = await db.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } });
  if (!head) return { ok: true, events: 0 };

  let prevHash = GENESIS_HASH;
  let prevSeq = 0n;
  let verified = 0;
  for (;;) {
    const rows = await db.auditEvent.findMany({
      where: { seq: { gt: prevSeq, lte: head.seq } },
      orderBy: { seq: "asc" },
      take: batchSize,
    });
    if (rows.length === 0) break;
    const run = verifyRun(rows, { prevHash, prevSeq });
    if (!run.ok) {
      const badIndex = rows.findIndex((r) => r.seq.toString() === run.firstBadSeq);
      return {
        ok: false,
        events: verified + Math.max(0, badIndex),
        firstBadSeq: run.firstBadSeq,
        problem: run.problem,
      };
    }
    verified += rows.length;
    prevHash = run.lastHash;
    prevSeq = run.lastSeq;
    if (rows.length < batchSize) break;
  }
  return { ok: true, events: verified };
}
