/**
 * Signed checkpoints of the audit chain, the part that does not depend on the database: the
 * Ed25519 key, its id, the exact bytes that are signed, signing and checking. Used by the
 * server, by the verify API and, offline, by `rollgate audit verify` (so no server-only).
 *
 * The hash chain alone proves nothing against someone who can write the table: they can edit an
 * event and recompute every hash after it, or cut off the newest events. A checkpoint says
 * "event #position has hash headHash, and the trail holds eventCount events", signed with a key
 * that is not in the database. Rewriting history then needs that key too.
 */
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from "node:crypto";
import { canonicalJson } from "./canonical";

export const CHECKPOINT_ALGORITHM = "Ed25519";
/** Bumped only if the signed statement ever changes shape; verifiers refuse versions they do not know. */
export const CHECKPOINT_VERSION = 1;

export type AuditSigningKey = {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** first 16 hex digits of SHA-256 over the public key's DER (SPKI) */
  keyId: string;
  publicKeyPem: string;
};

export type AuditPublicKey = Omit<AuditSigningKey, "privateKey">;

/** What a checkpoint states, as stored and as sent to webhooks (numbers as decimal strings). */
export type CheckpointStatement = {
  position: string;
  headHash: string;
  eventCount: string;
  /** ISO 8601, UTC, milliseconds */
  signedAt: string;
  keyId: string;
};

export type SignedCheckpoint = CheckpointStatement & {
  algorithm: typeof CHECKPOINT_ALGORITHM;
  /** base64 */
  signature: string;
};

export class SigningKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SigningKeyError";
  }
}

/** The key id: stable for a public key, short enough to compare by eye. */
export function keyIdOf(publicKey: KeyObject): string {
  const der = publicKey.export({ type: "spki", format: "der" });
  return createHash("sha256").update(der).digest("hex").slice(0, 16);
}

function requireEd25519(key: KeyObject, what: string): void {
  if (key.asymmetricKeyType !== "ed25519") {
    throw new SigningKeyError(`${what} is a ${key.asymmetricKeyType ?? "symmetric"} key; the audit trail is signed with Ed25519.`);
  }
}

/**
 * A private key from PEM ("-----BEGIN PRIVATE KEY-----", PKCS#8), from base64 of the PKCS#8
 * DER bytes (what fits in one environment variable), or from the DER bytes themselves (a
 * Buffer). Anything else is refused with a reason.
 */
export function parsePrivateKey(key: string | Buffer, what = "The audit signing key"): AuditSigningKey {
  let privateKey: KeyObject;
  try {
    if (Buffer.isBuffer(key)) privateKey = createPrivateKey({ key, format: "der", type: "pkcs8" });
    else if (key.includes("-----BEGIN")) privateKey = createPrivateKey({ key, format: "pem" });
    else privateKey = createPrivateKey({ key: Buffer.from(key.trim(), "base64"), format: "der", type: "pkcs8" });
  } catch {
    throw new SigningKeyError(`${what} is neither a PEM private key nor base64 of a PKCS#8 key (openssl genpkey -algorithm ed25519).`);
  }
  requireEd25519(privateKey, what);
  const publicKey = createPublicKey(privateKey);
  return { privateKey, ...publicKeyParts(publicKey) };
}

/** A public key from PEM (SPKI, "-----BEGIN PUBLIC KEY-----"). */
export function parsePublicKey(pem: string, what = "The public key"): AuditPublicKey {
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey({ key: pem, format: "pem" });
  } catch {
    throw new SigningKeyError(`${what} is not a PEM public key ("-----BEGIN PUBLIC KEY-----").`);
  }
  requireEd25519(publicKey, what);
  return publicKeyParts(publicKey);
}

function publicKeyParts(publicKey: KeyObject): AuditPublicKey {
  return {
    publicKey,
    keyId: keyIdOf(publicKey),
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
  };
}

/**
 * The bytes that are signed: canonical JSON of the statement with a type tag and version, so a
 * signature over one can never be replayed as something else.
 */
export function checkpointMessage(s: CheckpointStatement): Buffer {
  return Buffer.from(
    canonicalJson({
      type: "rollgate.audit.checkpoint",
      v: CHECKPOINT_VERSION,
      position: s.position,
      headHash: s.headHash,
      eventCount: s.eventCount,
      signedAt: s.signedAt,
      keyId: s.keyId,
    }),
    "utf8",
  );
}

export function signCheckpoint(key: AuditSigningKey, s: Omit<CheckpointStatement, "keyId">): SignedCheckpoint {
  const statement: CheckpointStatement = { ...s, keyId: key.keyId };
  const signature = sign(null, checkpointMessage(statement), key.privateKey).toString("base64");
  return { ...statement, algorithm: CHECKPOINT_ALGORITHM, signature };
}

/**
 * Why a checkpoint's signature does not hold under `key`, or null when it does. A checkpoint
 * signed with another key is reported as such: it may be genuine (an earlier key) but this key
 * cannot vouch for it.
 */
export function checkpointSignatureProblem(c: SignedCheckpoint, key: Pick<AuditPublicKey, "publicKey" | "keyId">): string | null {
  if (c.algorithm !== CHECKPOINT_ALGORITHM) return `it names the algorithm "${c.algorithm}", not ${CHECKPOINT_ALGORITHM}`;
  if (c.keyId !== key.keyId) return `it was signed with key ${c.keyId}, not with key ${key.keyId}`;
  let ok = false;
  try {
    ok = verify(null, checkpointMessage(c), key.publicKey, Buffer.from(c.signature, "base64"));
  } catch {
    ok = false;
  }
  return ok ? null : "its signature does not verify: the checkpoint was altered or not signed with this key";
}
