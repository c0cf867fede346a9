/**
 * Where this process's audit signing key comes from, and where route handlers find it.
 *
 * Order: ROLLGATE_AUDIT_SIGNING_KEY (PEM or base64 PKCS#8), else ROLLGATE_AUDIT_SIGNING_KEY_FILE,
 * else a key generated once into ROLLGATE_DATA_DIR/audit-signing-key.pem (mode 600), like the
 * session secret. A generated key lives next to the data: fine for a trial, but whoever can read
 * the data directory can sign, so production sets the variable (from a secret store) and keeps
 * the key away from the database host and its backups.
 */
import { generateKeyPairSync } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { peekRuntime } from "../runtime";
import { parsePrivateKey, SigningKeyError, type AuditSigningKey } from "./signing";

export const GENERATED_KEY_FILE = "audit-signing-key.pem";

export type SigningKeySource = { key?: string; keyFile?: string; dataDir: string };

export function resolveAuditSigningKey(
  src: SigningKeySource,
  log: (msg: string) => void = () => {},
): { key: AuditSigningKey; origin: "env" | "file" | "generated" | "data-dir" } {
  if (src.key) return { key: parsePrivateKey(src.key, "ROLLGATE_AUDIT_SIGNING_KEY"), origin: "env" };
  if (src.keyFile) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(src.keyFile);
    } catch (e) {
      throw new SigningKeyError(
        `ROLLGATE_AUDIT_SIGNING_KEY_FILE: cannot read ${src.keyFile} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`,
      );
    }
    const text = bytes.toString("utf8");
    const isText = text.includes("-----BEGIN") || /^[A-Za-z0-9+/=\s]+$/.test(text);
    return { key: parsePrivateKey(isText ? text : bytes, `ROLLGATE_AUDIT_SIGNING_KEY_FILE (${src.keyFile})`), origin: "file" };
  }
  const file = path.join(src.dataDir, GENERATED_KEY_FILE);
  if (existsSync(file)) return { key: parsePrivateKey(readFileSync(file, "utf8"), file), origin: "data-dir" };
  mkdirSync(src.dataDir, { recursive: true });
  const { privateKey } = generateKeyPairSync("ed25519");
  const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  // "wx": two processes starting at once must not each write their own key
  try {
    writeFileSync(file, pem, { mode: 0o600, flag: "wx" });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST")
      return { key: parsePrivateKey(readFileSync(file, "utf8"), file), origin: "data-dir" };
    throw e;
  }
  const key = parsePrivateKey(pem, file);
  log(
    `ROLLGATE_AUDIT_SIGNING_KEY is not set; generated an audit signing key (id ${key.keyId}) in ${file}. ` +
      "In production set ROLLGATE_AUDIT_SIGNING_KEY or ROLLGATE_AUDIT_SIGNING_KEY_FILE to a key kept away from the database.",
  );
  return { key, origin: "generated" };
}

/**
 * The key server.ts resolved and set in the runtime (route handlers and pages, separate module
 * instances under Next's bundler, find it there), or undefined outside a server started through
 * server.ts.
 */
export function auditSigningKey(): AuditSigningKey | undefined {
  return peekRuntime("auditSigningKey");
}
