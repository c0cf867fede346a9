import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkpointDue } from "./checkpoint";
import { checkpointMessage, checkpointSignatureProblem, parsePrivateKey, parsePublicKey, signCheckpoint, SigningKeyError } from "./signing";
import { GENERATED_KEY_FILE, resolveAuditSigningKey } from "./signing-key";

const newPem = () => generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();
const statement = { position: "120", headHash: "ab".repeat(32), eventCount: "120", signedAt: "2026-12-04T10:00:00.000Z" };

describe("audit signing keys", () => {
  it("reads a PEM key and the same key as base64 PKCS#8, with one stable key id", () => {
    const pem = newPem();
    const fromPem = parsePrivateKey(pem);
    const der = fromPem.privateKey.export({ type: "pkcs8", format: "der" });
    const fromBase64 = parsePrivateKey(der.toString("base64"));
    expect(fromBase64.keyId).toBe(fromPem.keyId);
    expect(fromPem.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(fromPem.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(parsePublicKey(fromPem.publicKeyPem).keyId).toBe(fromPem.keyId);
  });

  it("refuses what is not an Ed25519 private key, saying why", () => {
    expect(() => parsePrivateKey("not a key", "ROLLGATE_AUDIT_SIGNING_KEY")).toThrow(
      /ROLLGATE_AUDIT_SIGNING_KEY is neither a PEM private key nor base64/,
    );
    const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    expect(() => parsePrivateKey(rsa)).toThrow(/rsa key; the audit trail is signed with Ed25519/);
    expect(() => parsePublicKey("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----")).toThrow(SigningKeyError);
  });

  it("takes the key from the variable, else the file, else generates one once into the data dir (mode 600)", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "rollgate-key-"));
    const pem = newPem();
    expect(resolveAuditSigningKey({ key: pem, dataDir: dir }).origin).toBe("env");
    const file = path.join(dir, "key.pem");
    writeFileSync(file, pem);
    const fromFile = resolveAuditSigningKey({ keyFile: file, dataDir: dir });
    expect(fromFile).toMatchObject({ origin: "file", key: { keyId: parsePrivateKey(pem).keyId } });
    expect(() => resolveAuditSigningKey({ keyFile: path.join(dir, "missing.pem"), dataDir: dir })).toThrow(
      /ROLLGATE_AUDIT_SIGNING_KEY_FILE: cannot read .*ENOENT/,
    );

    const logs: string[] = [];
    const first = resolveAuditSigningKey({ dataDir: dir }, (m) => logs.push(m));
    expect(first.origin).toBe("generated");
    expect(logs[0]).toMatch(/production set ROLLGATE_AUDIT_SIGNING_KEY/);
    const generated = path.join(dir, GENERATED_KEY_FILE);
    expect(statSync(generated).mode & 0o777).toBe(0o600);
    const again = resolveAuditSigningKey({ dataDir: dir }, (m) => logs.push(m));
    expect(again).toMatchObject({ origin: "data-dir", key: { keyId: first.key.keyId } });
    expect(logs).toHaveLength(1);
    expect(readFileSync(generated, "utf8")).toMatch(/BEGIN PRIVATE KEY/);
  });
});

describe("signing and checking checkpoints", () => {
  const key = parsePrivateKey(newPem());

  it("signs the statement with the key's id, and the signature holds under the public key", () => {
    const c = signCheckpoint(key, statement);
    expect(c).toMatchObject({ ...statement, keyId: key.keyId, algorithm: "Ed25519" });
    expect(Buffer.from(c.signature, "base64")).toHaveLength(64);
    expect(checkpointSignatureProblem(c, parsePublicKey(key.publicKeyPem))).toBeNull();
  });

  it("signs canonical bytes tagged with a type and version", () => {
    expect(checkpointMessage({ ...statement, keyId: "k" }).toString()).toBe(
      `{"eventCount":"120","headHash":"${"ab".repeat(32)}","keyId":"k","position":"120","signedAt":"2026-12-04T10:00:00.000Z","type":"rollgate.audit.checkpoint","v":1}`,
    );
  });

  it("refuses any changed field, another key, and a forged key id", () => {
    const c = signCheckpoint(key, statement);
    for (const change of [
      { position: "121" },
      { headHash: "cd".repeat(32) },
      { eventCount: "119" },
      { signedAt: "2026-12-04T10:00:00.001Z" },
    ]) {
      expect(checkpointSignatureProblem({ ...c, ...change }, key)).toMatch(/signature does not verify/);
    }
    const other = parsePrivateKey(newPem());
    expect(checkpointSignatureProblem(c, other)).toMatch(new RegExp(`signed with key ${key.keyId}, not with key ${other.keyId}`));
    // someone with their own key who copies our key id
    const forged = { ...signCheckpoint(other, statement), keyId: key.keyId };
    expect(checkpointSignatureProblem(forged, key)).toMatch(/signature does not verify/);
    expect(checkpointSignatureProblem({ ...c, signature: "not base64!" }, key)).toMatch(/signature does not verify/);
  });
});

describe("checkpoint schedule", () => {
  const now = new Date("2026-12-04T10:00:00Z");
  const opts = { everyEvents: 100, everyMinutes: 5 };
  it("signs after N new events or M minutes with something new, never for nothing", () => {
    expect(checkpointDue(0n, null, now, opts)).toBe(false);
    expect(checkpointDue(1n, null, now, opts)).toBe(true);
    const recent = { position: 50n, signedAt: new Date(now.getTime() - 60_000) };
    expect(checkpointDue(149n, recent, now, opts)).toBe(false);
    expect(checkpointDue(150n, recent, now, opts)).toBe(true);
    const old = { position: 50n, signedAt: new Date(now.getTime() - 5 * 60_000) };
    expect(checkpointDue(51n, old, now, opts)).toBe(true);
    expect(checkpointDue(50n, old, now, opts)).toBe(false);
  });
});
