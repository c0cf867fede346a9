/**
 * Checking audit checkpoints and exports away from the server (`rollgate audit verify`): no
 * database, only a saved checkpoint (a webhook's copy, or `GET /api/v1/audit/checkpoints`), a
 * public key, and optionally an export (`GET /api/v1/audit?format=ndjson`, or `format=json&download=1`).
 */
import { GENESIS_HASH, verifyRun, type ChainedFields } from "./chain";
import type { AuditEventDto } from "./queries";
import { CHECKPOINT_ALGORITHM, type SignedCheckpoint } from "./signing";

export type LoadedCheckpoint = SignedCheckpoint & { publicKeyPem?: string };

const HEX64 = /^[0-9a-f]{64}$/;
const DECIMAL = /^[1-9][0-9]*$/;

function asCheckpoint(v: unknown): LoadedCheckpoint | null {
  if (!v || typeof v !== "object" || Array.isArray(v)) return null;
  const o = v as Record<string, unknown>;
  const s = (k: string) => (typeof o[k] === "string" ? (o[k] as string) : undefined);
  const position = s("position");
  const headHash = s("headHash");
  const eventCount = s("eventCount");
  const signedAt = s("signedAt");
  const keyId = s("keyId");
  const signature = s("signature");
  if (!position || !headHash || !eventCount || !signedAt || !keyId || !signature) return null;
  if (!DECIMAL.test(position) || !DECIMAL.test(eventCount) || !HEX64.test(headHash)) return null;
  return {
    position,
    headHash,
    eventCount,
    signedAt,
    keyId,
    algorithm: (s("algorithm") ?? CHECKPOINT_ALGORITHM) as typeof CHECKPOINT_ALGORITHM,
    signature,
    ...(s("publicKeyPem") ? { publicKeyPem: s("publicKeyPem") } : {}),
  };
}

/**
 * The checkpoints in a saved file: one checkpoint object, a webhook body (the checkpoint is its
 * `data`), or the checkpoints API's answer (`checkpoints: [...]`, with `publicKeyPem` beside them).
 */
export function parseCheckpointFile(text: string): LoadedCheckpoint[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new Error(`it is not JSON (${(e as Error).message})`);
  }
  const o = (doc && typeof doc === "object" ? doc : {}) as Record<string, unknown>;
  const direct = asCheckpoint(o) ?? asCheckpoint(o.data);
  if (direct) return [direct];
  if (Array.isArray(o.checkpoints)) {
    const pem = typeof o.publicKeyPem === "string" ? o.publicKeyPem : undefined;
    const list = o.checkpoints.map(asCheckpoint);
    if (list.length > 0 && list.every((c): c is LoadedCheckpoint => c !== null)) {
      return list.map((c) => (c.publicKeyPem || !pem ? c : { ...c, publicKeyPem: pem }));
    }
  }
  throw new Error("it holds no audit checkpoint (position, headHash, eventCount, signedAt, keyId, signature)");
}

/** The events of an export: NDJSON (one per line) or a JSON array, in any order. */
export function parseExport(text: string): AuditEventDto[] {
  const trimmed = text.trim();
  if (trimmed === "") return [];
  let events: unknown[];
  if (trimmed.startsWith("[")) {
    try {
      events = JSON.parse(trimmed) as unknown[];
    } catch (e) {
      throw new Error(`it is not a JSON array of events (${(e as Error).message})`);
    }
  } else {
    events = trimmed.split("\n").map((line, i) => {
      try {
        return JSON.parse(line) as unknown;
      } catch {
        throw new Error(`line ${i + 1} is not JSON`);
      }
    });
  }
  return events.map((e, i) => {
    const o = e as Partial<AuditEventDto> | null;
    if (
      !o ||
      typeof o.seq !== "string" ||
      !DECIMAL.test(o.seq) ||
      typeof o.hash !== "string" ||
      typeof o.prevHash !== "string" ||
      !o.actor ||
      !o.subject
    ) {
      throw new Error(`event ${i + 1} is not an audit event as Rollgate exports it (seq, hash, prevHash, actor, subject …)`);
    }
    return o as AuditEventDto;
  });
}

/** The fields an exported event's hash covers, read back from the export's DTO. */
export function chainedFieldsOf(e: Omit<AuditEventDto, "hash" | "prevHash">): ChainedFields {
  return {
    seq: BigInt(e.seq),
    at: new Date(e.at),
    actorType: e.actor.type,
    actorId: e.actor.id,
    actorLabel: e.actor.label,
    action: e.action,
    subjectType: e.subject.type,
    subjectId: e.subject.id,
    modelKey: e.modelKey,
    before: e.before ?? null,
    after: e.after ?? null,
    reason: e.reason,
    requestId: e.requestId,
  };
}

function chained(e: AuditEventDto): ChainedFields & { prevHash: string; hash: string } {
  return { ...chainedFieldsOf(e), prevHash: e.prevHash, hash: e.hash };
}

export type ExportVerification = {
  ok: boolean;
  events: number;
  firstBadSeq?: string;
  problem?: string;
  /** the last event of the export */
  lastSeq?: string;
};

/**
 * Recomputes an export's chain from the genesis hash and holds it to the checkpoints (whose
 * signatures the caller has checked). The export must be the whole trail (no filters), or at
 * least everything up to the newest checkpoint. A rewrite that recomputed the hashes is located
 * to the checkpoint interval: `firstBadSeq` is the first event after the last checkpoint that
 * still matches.
 */
export function verifyExport(events: AuditEventDto[], checkpoints: SignedCheckpoint[]): ExportVerification {
  const rows = events.map(chained).sort((a, b) => (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0));
  const first = rows[0];
  if (first && first.seq !== 1n) {
    return {
      ok: false,
      events: 0,
      firstBadSeq: "1",
      problem: `the export starts at event #${first.seq}, not #1: export the whole trail, without filters`,
    };
  }
  const chain = verifyRun(rows, { prevHash: GENESIS_HASH, prevSeq: 0n });
  const lastSeq = rows.length ? rows[rows.length - 1]!.seq : 0n;
  const byPosition = [...checkpoints].sort((a, b) => (BigInt(a.position) < BigInt(b.position) ? -1 : 1));
  // the chain is intact up to here (everything when it verified)
  const intactTo = chain.ok ? lastSeq : chain.lastSeq;
  let matchedUpTo = 0n;
  for (const c of byPosition) {
    const position = BigInt(c.position);
    if (position > intactTo) break;
    const row = rows[Number(position) - 1]!;
    if (row.hash !== c.headHash) {
      return {
        ok: false,
        events: Number(matchedUpTo),
        firstBadSeq: String(matchedUpTo + 1n),
        problem: `event #${c.position} in the export does not have the hash the checkpoint signed ${c.signedAt} records: events after #${matchedUpTo} were changed, re-ordered or replaced`,
        lastSeq: String(lastSeq),
      };
    }
    if (BigInt(c.eventCount) !== position) {
      return {
        ok: false,
        events: Number(matchedUpTo),
        firstBadSeq: String(matchedUpTo + 1n),
        problem: `the checkpoint counts ${c.eventCount} events up to #${c.position}; the export has ${position}`,
        lastSeq: String(lastSeq),
      };
    }
    matchedUpTo = position;
  }
  if (!chain.ok) {
    const bad = BigInt(chain.firstBadSeq!);
    return { ok: false, events: Number(bad - 1n), firstBadSeq: chain.firstBadSeq, problem: chain.problem, lastSeq: String(lastSeq) };
  }
  const newest = byPosition[byPosition.length - 1];
  if (newest && BigInt(newest.position) > lastSeq) {
    return {
      ok: false,
      events: rows.length,
      firstBadSeq: String(lastSeq + 1n),
      problem: `events #${lastSeq + 1n} to #${newest.position} are missing: the checkpoint signed ${newest.signedAt} covers ${newest.eventCount} events, the export ends at #${lastSeq}`,
      lastSeq: String(lastSeq),
    };
  }
  return { ok: true, events: rows.length, lastSeq: String(lastSeq) };
}
