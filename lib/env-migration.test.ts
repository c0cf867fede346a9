import { describe, expect, it } from "vitest";
import { ConfigError, loadEnv, migrationTarget } from "./env";

const RUNTIME = "postgresql://rollgate_app@db:5432/rollgate";
const OWNER = "postgresql://rollgate_owner@db:5432/rollgate";

describe("ROLLGATE_MIGRATION_DATABASE_URL", () => {
  it("migrates as the owner when set, else as DATABASE_URL", () => {
    expect(migrationTarget(loadEnv({ DATABASE_URL: RUNTIME, ROLLGATE_MIGRATION_DATABASE_URL: OWNER }))).toEqual({
      kind: "postgres",
      url: OWNER,
    });
    expect(migrationTarget(loadEnv({ DATABASE_URL: RUNTIME }))).toEqual({ kind: "postgres", url: RUNTIME });
  });

  it("needs DATABASE_URL, and a postgresql:// URL", () => {
    expect(() => loadEnv({ ROLLGATE_MIGRATION_DATABASE_URL: OWNER })).toThrow(/ROLLGATE_MIGRATION_DATABASE_URL: needs DATABASE_URL/);
    expect(() => loadEnv({ DATABASE_URL: RUNTIME, ROLLGATE_MIGRATION_DATABASE_URL: "mysql://x" })).toThrow(ConfigError);
  });

  it("reads the checkpoint schedule, naming a bad value", () => {
    expect(loadEnv({})).toMatchObject({ auditCheckpointEvents: 100, auditCheckpointMinutes: 5 });
    expect(loadEnv({ ROLLGATE_AUDIT_CHECKPOINT_EVENTS: "10", ROLLGATE_AUDIT_CHECKPOINT_MINUTES: "1" })).toMatchObject({
      auditCheckpointEvents: 10,
      auditCheckpointMinutes: 1,
    });
    expect(() => loadEnv({ ROLLGATE_AUDIT_CHECKPOINT_EVENTS: "0" })).toThrow(/ROLLGATE_AUDIT_CHECKPOINT_EVENTS: must be at least 1 event/);
  });
});
