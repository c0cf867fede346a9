/**
 * An evidence pack as a document, the part that needs no database: its layout, the statement
 * that is signed, signing. Shared by the server (which builds packs) and `rollgate evidence
 * verify` (bundled into the CLI, so Node's standard library only). docs/evidence-packs.md.
 *
 * A pack is one JSON document: the files as UTF-8 strings keyed by path, a statement listing
 * each file's SHA-256 and size, and an Ed25519 signature over the statement's canonical JSON.
 * JSON rather than a tar because any language reads it and the statement needs canonical JSON
 * anyway; the files stay whole, so `report.html` can be written out and opened as is.
 */
import { createHash, sign } from "node:crypto";
import { canonicalJson } from "../audit/canonical";
import { CHECKPOINT_ALGORITHM, type AuditSigningKey } from "../audit/signing";

export const PACK_FORMAT = "rollgate.evidence-pack";
/** Bumped only if the layout or the signed statement changes shape; verifiers refuse versions they do not know. */
export const PACK_VERSION = 1;
/** The type tag in the signed bytes: the same key signs audit checkpoints, and one can never pass for the other. */
export const PACK_STATEMENT_TYPE = "rollgate.evidence.pack";

/** The files of a pack, in the order the report tells the story. */
export const PACK_FILES = [
  "model.json",
  "versions.json",
  "evaluations.json",
  "approvals.json",
  "releases.json",
  "guardrail-decisions.json",
  "incidents.json",
  "drift.json",
  "predictions.json",
  "audit/events.ndjson",
  "audit/chain.json",
  "report.html",
] as const;
export type PackFilePath = (typeof PACK_FILES)[number];

export type PackFileEntry = { path: string; sha256: string; bytes: number };

/** What the signature vouches for. Times are ISO 8601 UTC. */
export type PackStatement = {
  model: string;
  /** the range asked for, both ends inclusive */
  from: string;
  to: string;
  generatedAt: string;
  /** who exported it, as the audit trail names them */
  generatedBy: string;
  keyId: string;
  /** the audit event that records this export (it follows the range, so it is not in the pack) */
  exportEventSeq: string;
  files: PackFileEntry[];
};

export type PackSignature = { algorithm: typeof CHECKPOINT_ALGORITHM; keyId: string; signature: string; publicKeyPem: string };

export type EvidencePack = {
  format: typeof PACK_FORMAT;
  version: typeof PACK_VERSION;
  statement: PackStatement;
  signature: PackSignature;
  files: Record<string, string>;
};

export function sha256Bytes(text: string): { sha256: string; bytes: number } {
  const buf = Buffer.from(text, "utf8");
  return { sha256: createHash("sha256").update(buf).digest("hex"), bytes: buf.length };
}

export function fileEntries(files: Record<string, string>): PackFileEntry[] {
  return Object.keys(files).map((path) => ({ path, ...sha256Bytes(files[path]!) }));
}

/** SHA-256 over the canonical file list: what the export's audit event records of the pack. */
export function filesDigest(entries: readonly PackFileEntry[]): string {
  return createHash("sha256").update(canonicalJson(entries)).digest("hex");
}

export function packMessage(s: PackStatement): Buffer {
  return Buffer.from(canonicalJson({ type: PACK_STATEMENT_TYPE, v: PACK_VERSION, ...s }), "utf8");
}

export function signPack(key: AuditSigningKey, statement: Omit<PackStatement, "keyId">, files: Record<string, string>): EvidencePack {
  const s: PackStatement = { ...statement, keyId: key.keyId };
  return {
    format: PACK_FORMAT,
    version: PACK_VERSION,
    statement: s,
    signature: {
      algorithm: CHECKPOINT_ALGORITHM,
      keyId: key.keyId,
      signature: sign(null, packMessage(s), key.privateKey).toString("base64"),
      publicKeyPem: key.publicKeyPem,
    },
    files,
  };
}

export function serializePack(pack: EvidencePack): string {
  return `${JSON.stringify(pack, null, 1)}\n`;
}

/** e.g. rollgate-evidence-fraud-scoring-2026-11-01-2026-11-30.json */
export function packFilename(model: string, from: string, to: string): string {
  return `rollgate-evidence-${model}-${from.slice(0, 10)}-${to.slice(0, 10)}.json`;
}
