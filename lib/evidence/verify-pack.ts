/**
 * Checking an evidence pack offline (`rollgate evidence verify`): the signature over the
 * statement, every file against its signed hash, then the audit chain inside the pack from the
 * hash before the range to the hash after it, and the signed checkpoints that fall in it. Stops
 * at the first thing that does not match and names it. Pure: bundled into the CLI.
 */
import { verify } from "node:crypto";
import { verifyRun } from "../audit/chain";
import { chainedFieldsOf } from "../audit/offline";
import type { AuditEventDto } from "../audit/queries";
import { checkpointSignatureProblem, parsePublicKey, type AuditPublicKey, type SignedCheckpoint } from "../audit/signing";
import { PACK_FILES, PACK_FORMAT, PACK_VERSION, packMessage, sha256Bytes, type EvidencePack } from "./pack";

/** An event of another model in the range: only its place in the chain, not its content. */
export type RedactedLink = { seq: string; prevHash: string; hash: string; redacted: true };
export type ChainLine = AuditEventDto | RedactedLink;

export type ChainSection = {
  /** the event just before the range (seq "0" and the genesis hash when the range starts the trail) */
  before: { seq: string; hash: string };
  /** the range's last event (equal to `before` when the range holds none) */
  after: { seq: string; hash: string };
  events: number;
  modelEvents: number;
  /** checkpoints signed at a position from before.seq to after.seq */
  checkpoints: SignedCheckpoint[];
};

/** Why a pack fails, one class per exit code of the CLI. */
export type PackFailure = "unreadable" | "wrong-key" | "tampered" | "chain";

export type PackVerdict = { ok: true; lines: string[] } | { ok: false; failure: PackFailure; problem: string; lines: string[] };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The pack in a file, or an Error saying why it is not one. */
export function parsePack(text: string): EvidencePack {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new Error(`it is not JSON (${(e as Error).message})`);
  }
  if (!isObject(doc) || doc.format !== PACK_FORMAT) throw new Error(`it is not a Rollgate evidence pack (no "format": "${PACK_FORMAT}")`);
  if (doc.version !== PACK_VERSION)
    throw new Error(`it is an evidence pack of version ${String(doc.version)}; this verifier reads version ${PACK_VERSION}`);
  const s = doc.statement;
  const sig = doc.signature;
  if (!isObject(s) || !Array.isArray(s.files) || !isObject(sig) || typeof sig.signature !== "string" || !isObject(doc.files)) {
    throw new Error("it lacks the statement, the signature or the files of an evidence pack");
  }
  for (const [path, content] of Object.entries(doc.files)) {
    if (typeof content !== "string") throw new Error(`its file ${path} is not text`);
  }
  return doc as unknown as EvidencePack;
}

function signatureHolds(pack: EvidencePack, key: AuditPublicKey): boolean {
  try {
    return verify(null, packMessage(pack.statement), key.publicKey, Buffer.from(pack.signature.signature, "base64"));
  } catch {
    return false;
  }
}

/**
 * `trusted`: the key the caller pinned (`--key`), with where it came from. Without it the key
 * embedded in the pack is used, which shows the pack is consistent, not who signed it.
 */
export function verifyPack(pack: EvidencePack, trusted: { key: AuditPublicKey; source: string } | null): PackVerdict {
  const lines: string[] = [];
  const fail = (failure: PackFailure, problem: string): PackVerdict => ({ ok: false, failure, problem, lines });
  const s = pack.statement;

  let key: AuditPublicKey;
  if (trusted) {
    key = trusted.key;
    if (pack.signature.keyId !== key.keyId || s.keyId !== key.keyId) {
      return fail("wrong-key", `the pack was signed with key ${pack.signature.keyId}, not with key ${key.keyId} from ${trusted.source}`);
    }
  } else {
    try {
      key = parsePublicKey(pack.signature.publicKeyPem, "The public key in the pack");
    } catch (e) {
      return fail("unreadable", (e as Error).message);
    }
    if (key.keyId !== pack.signature.keyId || s.keyId !== key.keyId) {
      return fail("tampered", `the key embedded in the pack (${key.keyId}) is not the key the statement names (${s.keyId})`);
    }
  }
  if (!signatureHolds(pack, key)) {
    return fail("tampered", `the signature does not verify under key ${key.keyId}: the statement (model, range or file list) was altered`);
  }
  const keyNote = trusted
    ? `key ${key.keyId} from ${trusted.source}`
    : `key ${key.keyId} embedded in the pack (not pinned: pass --key to check who signed it)`;
  lines.push(`signature: OK (${keyNote})`);
  lines.push(`pack: ${s.model}, ${s.from} to ${s.to}, exported ${s.generatedAt} by ${s.generatedBy} (audit event #${s.exportEventSeq})`);

  const listed = new Set<string>();
  for (const entry of s.files) {
    listed.add(entry.path);
    const content = pack.files[entry.path];
    if (content === undefined) return fail("tampered", `file ${entry.path} is listed in the signed statement but missing from the pack`);
    const actual = sha256Bytes(content);
    if (actual.sha256 !== entry.sha256 || actual.bytes !== entry.bytes) {
      return fail(
        "tampered",
        `file ${entry.path} was changed after signing (sha256 ${actual.sha256.slice(0, 12)}…, signed ${entry.sha256.slice(0, 12)}…)`,
      );
    }
  }
  for (const path of Object.keys(pack.files)) {
    if (!listed.has(path)) return fail("tampered", `file ${path} is in the pack but not in the signed statement`);
  }
  for (const path of PACK_FILES) {
    if (!listed.has(path)) return fail("tampered", `file ${path} is missing: the statement does not list it`);
  }
  lines.push(`files: ${s.files.length} match their signed hashes`);

  let chain: ChainVerdict;
  try {
    chain = checkChain(pack.files["audit/events.ndjson"]!, pack.files["audit/chain.json"]!, key);
  } catch (e) {
    // a sequence number or position that is not a number: the signed files say nonsense
    chain = { ok: false, failure: "chain", problem: `audit/chain.json or audit/events.ndjson is malformed (${(e as Error).message})` };
  }
  if (!chain.ok) return fail(chain.failure, chain.problem);
  lines.push(...chain.lines);
  return { ok: true, lines };
}

type ChainVerdict = { ok: true; lines: string[] } | { ok: false; failure: PackFailure; problem: string };

function parseChainFiles(eventsText: string, chainText: string): { lines: ChainLine[]; section: ChainSection } | string {
  let section: ChainSection;
  try {
    section = JSON.parse(chainText) as ChainSection;
  } catch {
    return "audit/chain.json is not JSON";
  }
  if (!isObject(section.before) || !isObject(section.after) || !Array.isArray(section.checkpoints)) {
    return "audit/chain.json lacks before, after or checkpoints";
  }
  const lines: ChainLine[] = [];
  const text = eventsText.trim();
  for (const [i, line] of (text === "" ? [] : text.split("\n")).entries()) {
    let e: unknown;
    try {
      e = JSON.parse(line);
    } catch {
      return `line ${i + 1} of audit/events.ndjson is not JSON`;
    }
    if (
      !isObject(e) ||
      typeof e.seq !== "string" ||
      !/^[1-9][0-9]*$/.test(e.seq) ||
      typeof e.hash !== "string" ||
      typeof e.prevHash !== "string"
    ) {
      return `line ${i + 1} of audit/events.ndjson is not an audit event (seq, prevHash, hash)`;
    }
    if (e.redacted !== true && (!isObject(e.actor) || !isObject(e.subject))) {
      return `line ${i + 1} of audit/events.ndjson is not an audit event (actor, subject)`;
    }
    lines.push(e as ChainLine);
  }
  return { lines, section };
}

/**
 * The chain in file order, so a reordered event is caught where it stands: each line must be
 * the next sequence number, link to the hash before it, and (for this model's events, whose
 * content is in the pack) hash to what it claims.
 */
function checkChain(eventsText: string, chainText: string, key: AuditPublicKey): ChainVerdict {
  const parsed = parseChainFiles(eventsText, chainText);
  if (typeof parsed === "string") return { ok: false, failure: "chain", problem: parsed };
  const { lines, section } = parsed;
  const broken = (problem: string): ChainVerdict => ({ ok: false, failure: "chain", problem });

  let prevHash = section.before.hash;
  let prevSeq = BigInt(section.before.seq);
  const hashAt = new Map<bigint, string>([[prevSeq, prevHash]]);
  let full = 0;
  for (const e of lines) {
    const seq = BigInt(e.seq);
    if (seq <= prevSeq) return broken(`audit event #${seq} is out of order: it comes after #${prevSeq}`);
    if (seq !== prevSeq + 1n) return broken(`audit event #${seq}: the sequence jumps from #${prevSeq} to #${seq}, events are missing`);
    if ("redacted" in e && e.redacted === true) {
      if (e.prevHash !== prevHash) return broken(`audit event #${seq}: its link to the previous event does not match`);
    } else {
      const dto = e as AuditEventDto;
      const run = verifyRun([{ ...chainedFieldsOf(dto), prevHash: dto.prevHash, hash: dto.hash }], { prevHash, prevSeq });
      if (!run.ok) return broken(`audit event #${seq} (${dto.action}): ${run.problem}`);
      full++;
    }
    prevHash = e.hash;
    prevSeq = seq;
    hashAt.set(seq, e.hash);
  }
  if (String(prevSeq) !== section.after.seq || prevHash !== section.after.hash) {
    return broken(
      `the chain ends at #${prevSeq} with hash ${prevHash.slice(0, 12)}…; audit/chain.json says #${section.after.seq} with ${section.after.hash.slice(0, 12)}…`,
    );
  }
  const out = [
    `audit chain: ${lines.length} events from #${section.before.seq} (hash ${section.before.hash.slice(0, 12)}…) to #${section.after.seq} (hash ${section.after.hash.slice(0, 12)}…) intact; ${full} of this model recomputed, ${lines.length - full} of other models linked`,
  ];
  let checked = 0;
  for (const c of section.checkpoints) {
    const position = BigInt(c.position);
    if (c.keyId !== key.keyId) {
      out.push(`checkpoint at #${c.position}: signed with key ${c.keyId}, which this key cannot vouch for; not checked`);
      continue;
    }
    const problem = checkpointSignatureProblem(c, key);
    if (problem) return broken(`the checkpoint at #${c.position}: ${problem}`);
    const hash = hashAt.get(position);
    if (hash === undefined)
      return broken(`the checkpoint at #${c.position} lies outside the pack's chain (#${section.before.seq} to #${section.after.seq})`);
    if (hash !== c.headHash) return broken(`audit event #${c.position} does not have the hash the checkpoint signed ${c.signedAt} records`);
    checked++;
  }
  if (section.checkpoints.length > 0) out.push(`checkpoints: ${checked} in the range match the chain`);
  return { ok: true, lines: out };
}
