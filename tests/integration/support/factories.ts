// Test data with unique keys: every test makes its own users, tokens and models, so tests
// never depend on each other's rows and nothing needs a global reset.
import { randomBytes } from "node:crypto";
import type { User } from "../../../generated/prisma/client";
import type { Role } from "../../../generated/prisma/enums";
import { hashPassword } from "../../../lib/auth/password";
import type { TokenScope } from "../../../lib/auth/permissions";
import type { Actor } from "../../../lib/auth/actor";
import { generateTokenSecret } from "../../../lib/auth/tokens";
import { fraudScoringManifest } from "../../../lib/registry/fixtures";
import { registerVersion } from "../../../lib/registry/service";
import { testDb } from "./db";

/** The password of every user createUser makes. */
export const TEST_PASSWORD = "integration-test-password-42";

// argon2 is slow by design; one hash of the shared password per worker is enough.
let passwordHash: Promise<string> | undefined;
const testPasswordHash = () => (passwordHash ??= hashPassword(TEST_PASSWORD));

export function uniqueId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString("hex")}`;
}

/** A model key no other test uses: lowercase, digits and dashes, like a real one. */
export function uniqueModelKey(prefix = "it-model"): string {
  return uniqueId(prefix).toLowerCase();
}

export async function createUser(
  role: Role = "viewer",
  overrides: Partial<Pick<User, "email" | "name" | "passwordHash" | "disabledAt">> = {},
): Promise<User> {
  const id = uniqueId(role);
  return testDb().user.create({
    data: {
      email: overrides.email ?? `${id}@rollgate.test`,
      name: overrides.name ?? `Test ${role} ${id.slice(-8)}`,
      passwordHash: overrides.passwordHash ?? (await testPasswordHash()),
      role,
      disabledAt: overrides.disabledAt ?? null,
    },
  });
}

/** An API token row with these scopes; `secret` is what a client sends as `Bearer <secret>`. */
export async function createApiToken(
  scopes: readonly TokenScope[],
  name = uniqueId("token"),
  options: { createdById?: string; expiresAt?: Date; revokedAt?: Date } = {},
): Promise<{ secret: string; id: string; prefix: string }> {
  const t = generateTokenSecret();
  const row = await testDb().apiToken.create({
    data: {
      name,
      prefix: t.prefix,
      tokenHash: t.hash,
      scopes: [...scopes],
      createdById: options.createdById ?? null,
      expiresAt: options.expiresAt ?? null,
      revokedAt: options.revokedAt ?? null,
    },
  });
  return { secret: t.secret, id: row.id, prefix: t.prefix };
}

/**
 * A model with these versions registered (DEV) from the fixture manifest, by a CI token actor;
 * returns its key. `prefix` names the test in the key.
 */
export async function registerModel(prefix: string, versions: readonly string[]): Promise<string> {
  const key = uniqueModelKey(prefix);
  const ci: Actor = { type: "token", id: "factory-ci", label: "factory-ci", scopes: ["registry:write"] };
  for (const version of versions) {
    const m = fraudScoringManifest();
    m.model_id = key;
    m.model_version = version;
    delete m.parent_version;
    const res = await registerVersion(testDb(), ci, { modelKey: key, text: JSON.stringify(m), contentType: "application/json" });
    if (res.status !== 201) throw new Error(`registering ${key} ${version} answered ${res.status}: ${JSON.stringify(res.body)}`);
  }
  return key;
}
