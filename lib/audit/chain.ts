import { createHash } from "node:crypto";
import { canonicalJson } from "./canonical";

// Each event's hash covers its content and the previous event's hash, so changing, removing
// or reordering any event breaks every hash after it. Timestamps are kept to the millisecond
// (the column's precision) so a stored row hashes exactly as it was written.
export const GENESIS_HASH = "0".repeat(64);

export type ChainedFields = {
  seq: bigint;
  at: Date;
  actorType: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  subjectType: string;
  subjectId: string;
  modelKey: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
  requestId: string | null;
};

export function eventHash(prevHash: string, e: ChainedFields): string {
  const body = canonicalJson({
    seq: e.seq.toString(),
    at: e.at.toISOString(),
    actorType: e.actorType,
    actorId: e.actorId,
    actorLabel: e.actorLabel,
    action: e.action,
    subjectType: e.subjectType,
    subjectId: e.subjectId,
    modelKey: e.modelKey,
    before: e.before ?? null,
    after: e.after ?? null,
    reason: e.reason,
    requestId: e.requestId,
  });
  return createHash("sha256").update(prevHash).update("\n").update(body).digest("hex");
}

export type VerifyResult = { ok: boolean; events: number; firstBadSeq?: string; problem?: string };

/** Checks a run of events in seq order, continuing from `prevHash`/`prevSeq`. */
export function verifyRun(
  rows: (ChainedFields & { prevHash: string; hash: string })[],
  start: { prevHash: string; prevSeq: bigint },
): VerifyResult & { lastHash: string; lastSeq: bigint } {
  let prevHash = start.prevHash;
  let prevSeq = start.prevSeq;
  for (const r of rows) {
    const bad = (problem: string) => ({
      ok: false,
      events: 0,
      firstBadSeq: r.seq.toString(),
      problem,
      lastHash: prevHash,
      lastSeq: prevSeq,
    });
    if (r.seq !== prevSeq + 1n) return bad(`sequence jumps from ${prevSeq} to ${r.seq}: events are missing`);
    if (r.prevHash !== prevHash) return bad("its link to the previous event does not match");
    if (eventHash(prevHash, r) !== r.hash) return bad("its content does not match its hash");
    prevHash = r.hash;
    prevSeq = r.seq;
  }
  return { ok: true, events: rows.length, lastHash: prevHash, lastSeq: prevSeq };
}
