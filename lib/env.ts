import path from "node:path";
import { z } from "zod";
import type { DatabaseTarget } from "./database/open";
import { DEFAULT_DEMO_TRAFFIC, demoTrafficSchema, type DemoTrafficSetting } from "./settings/demo-traffic";
import { NO_ALLOWED_HOSTS, parseAllowedHosts, type AllowedHosts } from "./http/allowed-hosts";

// The one place that reads process.env. An empty string counts as unset, so `FOO=` in a
// shell or a .env file does not smuggle in "" as a value.
const emptyAsUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const opt = <T extends z.ZodType>(schema: T) => z.preprocess(emptyAsUndefined, schema.optional());
const flag = z
  .enum(["1", "0", "true", "false", "yes", "no"], { error: "must be true or false" })
  .transform((v) => v === "1" || v === "true" || v === "yes");

const envSchema = z.object({
  NODE_ENV: opt(z.enum(["development", "production", "test"])),
  DATABASE_URL: opt(
    z
      .string()
      .refine((v) => /^postgres(ql)?:\/\//.test(v), "must be a postgresql:// URL")
      .refine((v) => URL.canParse(v), "is not a valid URL"),
  ),
  ROLLGATE_DATA_DIR: opt(z.string()),
  PORT: opt(z.coerce.number({ error: "must be a port number" }).int().min(1).max(65535)),
  HOST: opt(z.string()),
  NEXTAUTH_SECRET: opt(z.string().min(32, "must be at least 32 characters (try: openssl rand -base64 32)")),
  NEXTAUTH_URL: opt(z.string().url("must be the public URL of Rollgate, e.g. https://rollgate.example.com")),
  ROLLGATE_TRUST_PROXY: opt(flag),
  ROLLGATE_CHECK_RESPONSES: opt(flag),
  ROLLGATE_LOGIN_MAX_FAILURES: opt(z.coerce.number().int().min(1).max(1000)),
  ROLLGATE_LOGIN_MAX_FAILURES_PER_ADDRESS: opt(z.coerce.number().int().min(1).max(100000)),
  ROLLGATE_LOGIN_LOCK_MINUTES: opt(
    z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60),
  ),
  ROLLGATE_PREDICTION_RETENTION_DAYS: opt(
    z.coerce
      .number({ error: "must be a number of days" })
      .int("must be a whole number of days")
      .min(1, "must be at least 1 day")
      .max(3650, "must be at most 3650 days"),
  ),
  ROLLGATE_DEMO_TRAFFIC: opt(demoTrafficSchema),
  ROLLGATE_GUARDRAIL_INTERVAL_SECONDS: opt(
    z.coerce
      .number({ error: "must be a number of seconds" })
      .int("must be a whole number of seconds")
      .min(1, "must be at least 1 second")
      .max(3600, "must be at most 3600 seconds"),
  ),
  ROLLGATE_WEBHOOK_ALLOWED_HOSTS: opt(
    z.string().transform((v, ctx): AllowedHosts => {
      const parsed = parseAllowedHosts(v);
      if (parsed.ok) return parsed.value;
      ctx.addIssue({ code: "custom", message: parsed.message });
      return z.NEVER;
    }),
  ),
  ROLLGATE_MIGRATION_DATABASE_URL: opt(
    z
      .string()
      .refine((v) => /^postgres(ql)?:\/\//.test(v), "must be a postgresql:// URL")
      .refine((v) => URL.canParse(v), "is not a valid URL"),
  ),
  ROLLGATE_AUDIT_SIGNING_KEY: opt(z.string()),
  ROLLGATE_AUDIT_SIGNING_KEY_FILE: opt(z.string()),
  ROLLGATE_AUDIT_CHECKPOINT_EVENTS: opt(
    z.coerce
      .number({ error: "must be a number of events" })
      .int("must be a whole number of events")
      .min(1, "must be at least 1 event")
      .max(1_000_000, "must be at most 1000000 events"),
  ),
  ROLLGATE_AUDIT_CHECKPOINT_MINUTES: opt(
    z.coerce
      .number({ error: "must be a number of minutes" })
      .int("must be a whole number of minutes")
      .min(1, "must be at least 1 minute")
      .max(24 * 60, "must be at most 1440 minutes"),
  ),
});

export type Env = {
  nodeEnv: "development" | "production" | "test";
  databaseUrl: string | undefined;
  dataDir: string;
  port: number;
  host: string;
  authSecret: string | undefined;
  publicUrl: string;
  trustProxy: boolean;
  /** route handlers check each JSON answer against its contract (the test suites set it) */
  checkResponses: boolean;
  login: { maxFailures: number; maxFailuresPerAddress: number; lockMinutes: number };
  /** predictions older than this are deleted (rollups are kept) */
  predictionRetentionDays: number;
  /** the simulated fleet `npm run demo` starts (ROLLGATE_DEMO_TRAFFIC) */
  demoTraffic: DemoTrafficSetting;
  /** seconds between guardrail passes */
  guardrailIntervalSeconds: number;
  /** non-public hosts webhooks may still be sent to (ROLLGATE_WEBHOOK_ALLOWED_HOSTS) */
  webhookAllowedHosts: AllowedHosts;
  /** the schema owner's URL, used only to apply migrations (DATABASE_URL is then the runtime role) */
  migrationDatabaseUrl: string | undefined;
  /** the audit checkpoint signing key (PEM or base64 PKCS#8), or a file holding it */
  auditSigningKey: string | undefined;
  auditSigningKeyFile: string | undefined;
  /** a signed audit checkpoint after this many new events, or this many minutes */
  auditCheckpointEvents: number;
  auditCheckpointMinutes: number;
};

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super("Rollgate cannot start: the configuration is not valid.\n" + problems.map((p) => `  ${p.variable}: ${p.message}`).join("\n"));
    this.name = "ConfigError";
  }
}

export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? "?"), message: i.message })));
  }
  const e = parsed.data;
  if (e.ROLLGATE_MIGRATION_DATABASE_URL && !e.DATABASE_URL) {
    throw new ConfigError([
      {
        variable: "ROLLGATE_MIGRATION_DATABASE_URL",
        message: "needs DATABASE_URL too: it is the schema owner of that PostgreSQL database",
      },
    ]);
  }
  const port = e.PORT ?? 3000;
  const host = e.HOST ?? "127.0.0.1";
  const urlHost = host.includes(":") ? `[${host}]` : host === "0.0.0.0" ? "127.0.0.1" : host;
  return {
    nodeEnv: e.NODE_ENV ?? "production",
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(/*turbopackIgnore: true*/ e.ROLLGATE_DATA_DIR ?? ".data"),
    port,
    host,
    authSecret: e.NEXTAUTH_SECRET,
    publicUrl: (e.NEXTAUTH_URL ?? `http://${urlHost}:${port}`).replace(/\/$/, ""),
    trustProxy: e.ROLLGATE_TRUST_PROXY ?? false,
    checkResponses: e.ROLLGATE_CHECK_RESPONSES ?? false,
    login: {
      maxFailures: e.ROLLGATE_LOGIN_MAX_FAILURES ?? 5,
      maxFailuresPerAddress: e.ROLLGATE_LOGIN_MAX_FAILURES_PER_ADDRESS ?? 50,
      lockMinutes: e.ROLLGATE_LOGIN_LOCK_MINUTES ?? 15,
    },
    predictionRetentionDays: e.ROLLGATE_PREDICTION_RETENTION_DAYS ?? 30,
    demoTraffic: e.ROLLGATE_DEMO_TRAFFIC ?? DEFAULT_DEMO_TRAFFIC,
    guardrailIntervalSeconds: e.ROLLGATE_GUARDRAIL_INTERVAL_SECONDS ?? 10,
    webhookAllowedHosts: e.ROLLGATE_WEBHOOK_ALLOWED_HOSTS ?? NO_ALLOWED_HOSTS,
    migrationDatabaseUrl: e.ROLLGATE_MIGRATION_DATABASE_URL,
    auditSigningKey: e.ROLLGATE_AUDIT_SIGNING_KEY,
    auditSigningKeyFile: e.ROLLGATE_AUDIT_SIGNING_KEY_FILE,
    auditCheckpointEvents: e.ROLLGATE_AUDIT_CHECKPOINT_EVENTS ?? 100,
    auditCheckpointMinutes: e.ROLLGATE_AUDIT_CHECKPOINT_MINUTES ?? 5,
  };
}

let cached: Env | undefined;
/** The validated configuration of this process (server.ts validates it first, at start-up). */
export function env(): Env {
  cached ??= loadEnv();
  return cached;
}

export function databaseTarget(e: Env): DatabaseTarget {
  return e.databaseUrl ? { kind: "postgres", url: e.databaseUrl } : { kind: "pglite", dataDir: e.dataDir };
}

/**
 * next-auth reads its secret and URL from the environment; server.ts resolves them (a
 * generated secret kept in the data directory when none is configured) and hands them over.
 */
export function exportAuthEnv(secret: string, publicUrl: string): void {
  process.env.NEXTAUTH_SECRET = secret;
  process.env.NEXTAUTH_URL = publicUrl;
}

/** Read by next-auth's config at request time, after exportAuthEnv. */
export function authSecret(): string | undefined {
  return process.env.NEXTAUTH_SECRET;
}

/**
 * Where migrations are applied: the schema owner (ROLLGATE_MIGRATION_DATABASE_URL) when the app
 * runs as a role that may not change the schema or the audit tables, else the app's own target.
 */
export function migrationTarget(e: Env): DatabaseTarget {
  return e.migrationDatabaseUrl ? { kind: "postgres", url: e.migrationDatabaseUrl } : databaseTarget(e);
}
