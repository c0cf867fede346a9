import { hash, verify } from "@node-rs/argon2";

// argon2id with the library defaults (19 MiB, t=2), OWASP's recommended minimum.
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// Verifying against a fixed hash when the account does not exist keeps the response time
// the same, so timing does not reveal which emails have accounts.
let dummy: Promise<string> | undefined;
export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  if (!storedHash) {
    dummy ??= hash("rollgate-timing-equaliser");
    await verify(await dummy, password).catch(() => false);
    return false;
  }
  return verify(storedHash, password).catch(() => false);
}

export { PASSWORD_RULE } from "./password-rule";
