import path from "node:path";
import { z } from "zod";
import type { DatabaseTarget } from "./database/open";
import { DEFAULT_DEMO_TRAFFIC, demoTrafficSchema, type DemoTrafficSetting } from "./settings/demo-traffic";
import { NO_ALLOWED_HOSTS, parseAllowedHosts, type AllowedHosts } from "./http/allowed-hosts";
import { parseRoleMap, parseTeamMap, type RoleMap, type TeamMap } from "./auth/sso-mapping";

// The one place that reads process.env. An empty string counts as unset, so `FOO=` in a
// shell or a .env file does not smuggle in "" as a value.
const emptyAsUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const opt = <T extends z.ZodType>(schema: T) => z.preprocess(emptyAsUndefined, schema.optional());
const flag = z
  .enum(["1", "0", "true", "false", "yes", "no"], { error: "must be true or false" })
  .transform((v) => v === "1" || v === "true" || v === "yes");
const onOff = z
  .enum(["on", "off", "true", "false", "1", "0", "yes", "no"], { error: "must be on or off" })
  .transform((v) => v === "on" || v === "true" || v === "1" || v === "yes");
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);
// A group map (ROLLGATE_OIDC_ROLE_MAP, _TEAM_MAP), parsed at start-up so a typo stops the start with its entry named.
const groupMap = <T>(parse: (raw: string) => { ok: true; value: T } | { ok: false; message: string }) =>
  z.string().transform((v, ctx): T => {
    const parsed = parse(v);
    if (parsed.ok) return parsed.value;
    ctx.addIssue({ code: "custom", message: parsed.message });
    return z.NEVER;
  });

/** ROLLGATE_METRICS_TENANTS: per-tenant serving series on GET /metrics, off unless asked for (cardinality). */
export type MetricsTenants = { kind: "none" } | { kind: "all" } | { kind: "list"; tenants: string[] };
const MAX_LISTED_TENANTS = 1000;

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
  // Single sign-on (README → Single sign-on)
  ROLLGATE_OIDC_ISSUER: opt(
    z
      .string()
      .trim()
      .refine((v) => URL.canParse(v), "is not a URL; use the provider's issuer, e.g. https://login.example.com/realms/acme")
      .refine((v) => !URL.canParse(v) || !new URL(v).search, "must not carry a query string")
      // tokens and the client secret travel to it: only a provider on this machine may use http
      .refine(
        (v) =>
          !URL.canParse(v) || new URL(v).protocol === "https:" || (new URL(v).protocol === "http:" && LOOPBACK.has(new URL(v).hostname)),
        "must be an https:// URL (http:// only for a provider on this machine)",
      ),
  ),
  ROLLGATE_OIDC_CLIENT_ID: opt(z.string().trim().max(500, "must be at most 500 characters")),
  ROLLGATE_OIDC_CLIENT_SECRET: opt(z.string().max(2000, "must be at most 2000 characters")),
  ROLLGATE_OIDC_SCOPES: opt(
    z
      .string()
      .transform((v) => [...new Set(v.split(/[\s,]+/).filter(Boolean))].join(" "))
      .refine((v) => v.split(" ").includes("openid"), 'must include "openid", e.g. "openid email profile groups"'),
  ),
  ROLLGATE_OIDC_NAME: opt(z.string().trim().max(40, "must be at most 40 characters (it is shown on a button)")),
  ROLLGATE_OIDC_GROUPS_CLAIM: opt(z.string().trim().max(200, "must be at most 200 characters")),
  ROLLGATE_OIDC_ROLE_MAP: opt(groupMap(parseRoleMap)),
  ROLLGATE_OIDC_TEAM_MAP: opt(groupMap(parseTeamMap)),
  ROLLGATE_PASSWORD_SIGNIN: opt(onOff),
  ROLLGATE_METRICS_PUBLIC: opt(flag),
  ROLLGATE_METRICS_TENANTS: opt(
    z.string().transform((v, ctx): MetricsTenants => {
      if (v.trim() === "all") return { kind: "all" };
      const list = [...new Set(v.split(",").map((t) => t.trim()))].filter((t) => t !== "");
      if (list.length > MAX_LISTED_TENANTS) {
        ctx.addIssue({ code: "custom", message: `names ${list.length} tenants; at most ${MAX_LISTED_TENANTS} (or "all")` });
        return z.NEVER;
      }
      return { kind: "list", tenants: list };
    }),
  ),
  ROLLGATE_PROMETHEUS_URL: opt(
    z.url({ protocol: /^https?$/, error: "must be the http(s) base URL of a Prometheus server, e.g. http://prometheus:9090" }),
  ),
  ROLLGATE_PROMETHEUS_TOKEN: opt(z.string()),
});

/** Sign-in through an OpenID Connect provider; null when ROLLGATE_OIDC_ISSUER is not set. */
export type OidcSettings = {
  /** as configured, without a trailing slash */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** space-separated */
  scopes: string;
  /** the provider's name on the sign-in button and in the audit trail */
  name: string;
  groupsClaim: string;
  roleMap: RoleMap;
  teamMap: TeamMap;
};

export const DEFAULT_OIDC_SCOPES = "openid email profile";
export const DEFAULT_OIDC_NAME = "SSO";
export const DEFAULT_GROUPS_CLAIM = "groups";

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
  oidc: OidcSettings | null;
  /** ROLLGATE_PASSWORD_SIGNIN: when false, only the identity provider signs people in */
  passwordSignIn: boolean;
  /** ROLLGATE_METRICS_PUBLIC: GET /metrics without a token (for a scraper on a private network) */
  metricsPublic: boolean;
  /** ROLLGATE_METRICS_TENANTS: `all` or a comma-separated list; per-tenant series are off by default */
  metricsTenants: MetricsTenants;
  /** the team's Prometheus, read by the guardrails' prometheus checks; unset: those checks wait */
  prometheusUrl: string | undefined;
  prometheusToken: string | undefined;
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
  const oidc = oidcSettings(e);
  const passwordSignIn = e.ROLLGATE_PASSWORD_SIGNIN ?? true;
  if (!passwordSignIn && !oidc) {
    throw new ConfigError([
      {
        variable: "ROLLGATE_PASSWORD_SIGNIN",
        message: "is off, but no identity provider is configured (ROLLGATE_OIDC_ISSUER): nobody could sign in",
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
    oidc,
    passwordSignIn,
    metricsPublic: e.ROLLGATE_METRICS_PUBLIC ?? false,
    metricsTenants: e.ROLLGATE_METRICS_TENANTS ?? { kind: "none" },
    prometheusUrl: e.ROLLGATE_PROMETHEUS_URL,
    prometheusToken: e.ROLLGATE_PROMETHEUS_TOKEN,
  };
}

/** The single sign-on settings, all or none: a half-configured provider stops the start-up. */
function oidcSettings(e: z.infer<typeof envSchema>): OidcSettings | null {
  const optional = {
    ROLLGATE_OIDC_SCOPES: e.ROLLGATE_OIDC_SCOPES,
    ROLLGATE_OIDC_NAME: e.ROLLGATE_OIDC_NAME,
    ROLLGATE_OIDC_GROUPS_CLAIM: e.ROLLGATE_OIDC_GROUPS_CLAIM,
    ROLLGATE_OIDC_TEAM_MAP: e.ROLLGATE_OIDC_TEAM_MAP,
  };
  const required = {
    ROLLGATE_OIDC_CLIENT_ID: e.ROLLGATE_OIDC_CLIENT_ID,
    ROLLGATE_OIDC_CLIENT_SECRET: e.ROLLGATE_OIDC_CLIENT_SECRET,
    ROLLGATE_OIDC_ROLE_MAP: e.ROLLGATE_OIDC_ROLE_MAP,
  };
  if (!e.ROLLGATE_OIDC_ISSUER) {
    const given = Object.entries({ ...required, ...optional })
      .filter(([, v]) => v !== undefined)
      .map(([k]) => k);
    if (given.length) {
      throw new ConfigError(
        given.map((variable) => ({ variable, message: "is set, but ROLLGATE_OIDC_ISSUER is not: set the issuer too, or remove it" })),
      );
    }
    return null;
  }
  const missing = Object.entries(required).filter(([, v]) => v === undefined);
  if (missing.length) {
    const why: Record<string, string> = {
      ROLLGATE_OIDC_CLIENT_ID: "the client id Rollgate is registered under at the provider",
      ROLLGATE_OIDC_CLIENT_SECRET: "that client's secret",
      ROLLGATE_OIDC_ROLE_MAP: "which groups get which role, e.g. ml-admins:admin,ml-leads:approver (without it nobody could sign in)",
    };
    throw new ConfigError(missing.map(([variable]) => ({ variable, message: `is required with ROLLGATE_OIDC_ISSUER: ${why[variable]}` })));
  }
  return {
    issuer: e.ROLLGATE_OIDC_ISSUER.replace(/\/+$/, ""),
    clientId: e.ROLLGATE_OIDC_CLIENT_ID!,
    clientSecret: e.ROLLGATE_OIDC_CLIENT_SECRET!,
    scopes: e.ROLLGATE_OIDC_SCOPES ?? DEFAULT_OIDC_SCOPES,
    name: e.ROLLGATE_OIDC_NAME ?? DEFAULT_OIDC_NAME,
    groupsClaim: e.ROLLGATE_OIDC_GROUPS_CLAIM ?? DEFAULT_GROUPS_CLAIM,
    roleMap: e.ROLLGATE_OIDC_ROLE_MAP!,
    teamMap: e.ROLLGATE_OIDC_TEAM_MAP ?? new Map(),
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
