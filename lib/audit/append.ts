import type { Actor } from "../auth/actor";
import type { Tx } from "../database/types";
import { eventHash, GENESIS_HASH } from "./chain";
import { currentTime } from "../clock";

export type AuditInput = {
  actor: Actor;
  action: string;
  subject: { type: string; id: string };
  modelKey?: string | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
  requestId?: string | null;
};

// Serialises appends across connections and app instances for the length of the caller's
// transaction, so two writers never chain onto the same predecessor.
const AUDIT_LOCK_KEY = 7_400_001;

/** Appends one event inside the caller's transaction; call it in the same tx as the change. */
export async function appendAudit(tx: Tx, input: AuditInput): Promise<{ seq: bigint; hash: string }> {
  await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);
  const last = await tx.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
  const fields = {
    seq: (last?.seq ?? 0n) + 1n,
    // millisecond precision, the column's, so the stored row re-hashes identically
    at: new Date(Math.floor(currentTime().getTime())),
    actorType: input.actor.type,
    actorId: input.actor.id,
    actorLabel: input.actor.label,
    action: input.action,
    subjectType: input.subject.type,
    subjectId: input.subject.id,
    modelKey: input.modelKey ?? null,
    before: toJson(input.before),
    after: toJson(input.after),
    reason: input.reason ?? null,
    requestId: input.requestId ?? null,
  };
  const prevHash = last?.hash ?? GENESIS_HASH;
  const hash = eventHash(prevHash, fields);
  await tx.auditEvent.create({
    data: {
      ...fields,
      before: fields.before === null ? undefined : (fields.before as object),
      after: fields.after === null ? undefined : (fields.after as object),
      prevHash,
      hash,
    },
  });
  return { seq: fields.seq, hash };
}

// What is hashed must be exactly what jsonb gives back: plain JSON, dates as ISO strings,
// no undefined, no bigint.
function toJson(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  return JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x)));
}
