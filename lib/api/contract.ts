/**
 * A route contract: one declaration of an HTTP endpoint — method, path, who may call it, its
 * path parameters, query, body and responses as zod — from which everything else follows: the
 * handler's types and input validation (handle.ts), the response check in tests, the OpenAPI
 * document (openapi.ts) and the access table (lib/access). Data-plane endpoints, answered by
 * plain node:http in front of Next.js, are declared the same way with `plane: "data"`.
 *
 * docs/contributing.md → "Adding an endpoint" walks through one.
 */
import type { z } from "zod";
import type { Permission, TokenScope } from "../auth/permissions";

export type Method = "GET" | "POST" | "PUT" | "DELETE";

/**
 * `public`: anyone. Otherwise an API token with `scope` (or with any of several scopes), and/or
 * a signed-in user whose role has `session`. Neither: nobody.
 */
export type Access = { public: true } | { scope?: TokenScope | readonly TokenScope[]; session?: Permission };

/** The token scopes an access rule accepts (any one of them suffices). */
export function scopesOf(access: Access): readonly TokenScope[] {
  if ("public" in access || !access.scope) return [];
  return typeof access.scope === "string" ? [access.scope] : access.scope;
}

/** The shared error responses (components.responses) and their statuses. */
export const ERROR_RESPONSES = {
  Unauthorized: { status: 401, description: "Missing, unknown, revoked or expired token (`unauthorized`)." },
  Forbidden: { status: 403, description: "The token lacks the operation's scope, or the user's role cannot do this (`forbidden`)." },
  NotFound: { status: 404, description: "The model or version does not exist (`not_found`)." },
  Conflict: {
    status: 409,
    description:
      "The request conflicts with the current state: a version registered with different content (versions are immutable), " +
      "or a stage move the lifecycle does not allow, or a release move the release's state does not allow (nothing to roll " +
      "back, a paused rollout advanced) or that lost a race with another change (`conflict`).",
  },
  PreconditionFailed: {
    status: 412,
    description:
      "`If-Match` names an epoch the release has left, or a policy revision that is no longer current: it moved since the " +
      "caller read it. Nothing was written; read it again and decide again (`precondition_failed`).",
  },
  PayloadTooLarge: { status: 413, description: "The body is over the limit (`payload_too_large`)." },
  UnsupportedMediaType: { status: 415, description: "The body's Content-Type is not one the operation reads (`unsupported_media_type`)." },
  SchemaError: { status: 422, description: "The input is not valid; `issues` lists every bad field with its path (`schema_error`)." },
  Unavailable: { status: 503, description: "The database is unreachable; retry after `Retry-After` seconds (`unavailable`)." },
} as const;

export type ErrorName = keyof typeof ERROR_RESPONSES;

export const TAGS = {
  registry: "Models and their immutable versions.",
  lifecycle: "Evaluations and the policy gates that move a version DEV → STAGING.",
  release:
    "The production release of a model: the routing pointer that approval starts (canary, blue-green, shadow) and " +
    "on-call moves, with `If-Match` on the epoch.",
  routing:
    "The data plane inference services call: the routing table, its change stream and single decisions, answered from " +
    "memory by every Rollgate process (and by `rollgate relay`), never by the database on the request path.",
  incidents: "Opened by every rollback; notes, root cause and prevention.",
  teams: "Teams and their members: what a model's owner team and its approval rules (`team:<key>`) name.",
  audit: "The append-only, hash-chained audit trail.",
  drift: "Input and prediction drift per tenant against the training or first-week baseline.",
  telemetry: "Prediction events from inference services, the metrics and tenant tables built from them, and prediction lookup.",
  replay:
    "Named, frozen replay sets of captured production requests: CI pulls one as JSONL, replays it against the old and new " +
    "versions and attaches the result to its evaluation; a tenant's replay data is erased on request.",
  health: "Liveness.",
  metrics: "Prometheus: the control plane's own health and per-version serving counters, in the text exposition format.",
} as const;

export type Tag = keyof typeof TAGS;

export type ParamSpec = { schema: z.ZodType; description?: string };

/** A request header the operation reads (documented; the handler reads it). */
export type HeaderSpec = { name: string; description: string; example?: string };

export type BodySpec =
  /** read as JSON within `maxBytes` and validated with `schema` before the handler runs */
  | {
      read: "json";
      schema: z.ZodType;
      required: boolean;
      maxBytes: number;
      name: string;
      description: string;
      /** an empty body reads as `{}`, so the schema names what is missing (release moves may be sent without one) */
      emptyAsObject?: boolean;
    }
  /** the handler reads the body itself (a YAML manifest, telemetry's batch path); documented by `schema` */
  | { read: "raw"; schema: z.ZodType; required: boolean; name: string; description: string; mediaTypes: readonly string[] };

export type ResponseSpec = {
  description: string;
  /** the JSON body */
  json?: z.ZodType;
  /** bodies of other media types (streams, exports, YAML), by media type */
  media?: Readonly<Record<string, { description?: string }>>;
  /** response headers, by name → what they hold */
  headers?: Readonly<Record<string, string>>;
};

export type RouteContract = {
  method: Method;
  /** the path template, `{param}` for a dynamic segment */
  path: string;
  /** "control" (default): a Next.js route handler; "data": the data plane (lib/routing/data-plane.ts) */
  plane?: "control" | "data";
  operationId: string;
  summary: string;
  /** prose for the reference: what the operation does, its rules and its answers */
  description?: string;
  tags: readonly Tag[];
  access: Access;
  params?: Readonly<Record<string, ParamSpec>>;
  query?: z.ZodType;
  headers?: readonly HeaderSpec[];
  body?: BodySpec;
  responses: Readonly<Record<number, ResponseSpec>>;
  errors: readonly ErrorName[];
};

/** Declares a contract; `const` keeps its literal types for the handler. */
export function defineRoute<const C extends RouteContract>(contract: C): C {
  return contract;
}

const names = new WeakMap<z.ZodType, { name: string; description?: string }>();

/**
 * Names a schema: the document lists it once under components.schemas and refers to it.
 * Returns the schema itself, so contracts and DTO types keep using it.
 */
export function component<S extends z.ZodType>(name: string, schema: S, description?: string): S {
  names.set(schema, { name, description });
  return schema;
}

export function componentOf(schema: z.ZodType): { name: string; description?: string } | undefined {
  return names.get(schema);
}

export const routeKey = (c: Pick<RouteContract, "method" | "path">) => `${c.method} ${c.path}`;
