/**
 * The data plane's endpoints (README → Routing for inference services): the routing table, its
 * change stream and single decisions. They are answered by plain node:http from memory
 * (data-plane.ts), not by a route handler, so these contracts document them and type-check the
 * client library's types (packages/client/src/resolve.d.ts) against the schemas; nothing parses with them on
 * the request path. contracts.test.ts holds the data plane to them: the same paths, and answers
 * that parse with these schemas.
 */
import { z } from "zod";
import type { RouteDecision, RouteTable } from "@rollgate/client/resolve";
import { component, defineRoute, type ErrorName, type ResponseSpec } from "../api/contract";
import { errorBodySchema, isoDateTime, modelParam } from "../api/schemas";

const routeTableSchema = component(
  "RouteTable",
  z.object({
    model: z.string(),
    epoch: z.number().int().meta({ description: 'Bumped by every change of the release or its pins; the ETag is `"<epoch>"`.' }),
    stable: z.object({ version: z.string() }).meta({ description: "The version serving the traffic the candidate does not get." }),
    candidate: z
      .object({
        version: z.string(),
        percent: z
          .number()
          .min(0)
          .max(100)
          .meta({ description: "Percent of routing keys (0..100, two decimals); shadow: of requests copied to it." }),
      })
      .nullable()
      .meta({ description: "Null when no rollout is running (and after a rollback)." }),
    mode: z.enum(["canary", "blue_green", "shadow"]),
    pins: z.record(z.string(), z.string()).meta({ description: "Tenant → version; a pin wins over the split." }),
    updatedAt: isoDateTime,
  }) satisfies z.ZodType<RouteTable>,
  "A model's routing table: what every inference service routes by.",
);

const decisionSchema = component(
  "RouteDecision",
  z.object({
    version: z.string().meta({ description: "The version that serves the request." }),
    reason: z.enum(["pin", "candidate", "stable", "shadow"]),
    shadowVersion: z
      .string()
      .optional()
      .meta({ description: "With reason `shadow`: the version that gets a copy of the request (its answer is discarded)." }),
    epoch: z.number().int().meta({ description: "The epoch of the table the decision was made from." }),
  }) satisfies z.ZodType<RouteDecision & { epoch: number }>,
);

// packages/client/src/resolve.d.ts declares the same shapes for the client library: neither may drift.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _tableAgrees: Same<RouteTable, z.output<typeof routeTableSchema>> = true;
const _decisionAgrees: Same<RouteDecision & { epoch: number }, z.output<typeof decisionSchema>> = true;

const resolveQuerySchema = z.object({
  tenant: z
    .string()
    .max(256)
    .optional()
    .meta({ description: "The tenant: its pin wins, and it is the routing key when no `key` is given." }),
  key: z.string().max(256).optional().meta({ description: "The sticky routing key, e.g. a user or session id." }),
});

const STALE = {
  "Rollgate-Stale":
    "Present only while the tables served may be out of date (the database is unreachable): seconds since they were last known current.",
};

/** Answers every data-plane path shares: who may read, and the model without a table. */
const refusals = {
  404: {
    description: "The model does not exist or has no version in production yet, so it has no routing table (`not_found`).",
    json: errorBodySchema,
  },
  503: {
    description:
      "The database is unreachable and this token was never seen, so it cannot be checked; retry after `Retry-After` seconds " +
      "(`unavailable`). Tokens already known keep their answer, and the tables are served from memory.",
    json: errorBodySchema,
    headers: { "Retry-After": "Seconds (5)." },
  },
} as const satisfies Record<number, ResponseSpec>;

const errors = ["Unauthorized", "Forbidden"] as const satisfies readonly ErrorName[];

const ANSWERED =
  "Answered from memory by the data plane in front of Next.js (and by every relay); `HEAD` is answered too. Every " +
  "answer carries `x-request-id`.";

export const getRoutesRoute = defineRoute({
  method: "GET",
  path: "/api/v1/models/{model}/routes",
  plane: "data",
  operationId: "getRoutes",
  summary: "Get a model's routing table",
  description:
    'The table. `ETag: "<epoch>"` (the epoch is bumped by every change), `Cache-Control: no-cache`; send ' +
    '`If-None-Match: "12"` and get `304` while nothing changed. `candidate` is `null` when no rollout is running. ' +
    ANSWERED,
  tags: ["routing"],
  access: { scope: "routes:read" },
  params: { model: modelParam },
  headers: [
    {
      name: "If-None-Match",
      description: "The ETag of the table held (a list, weak tags and `*` are understood): 304 while it is current.",
      example: '"12"',
    },
  ],
  responses: {
    200: { description: "The table.", json: routeTableSchema, headers: { ETag: 'The epoch, e.g. `"12"`.', ...STALE } },
    304: { description: "Not modified: `If-None-Match` names the current epoch.", headers: { ETag: "The epoch.", ...STALE } },
    ...refusals,
  },
  errors,
});

export const streamRoutesRoute = defineRoute({
  method: "GET",
  path: "/api/v1/models/{model}/routes/stream",
  plane: "data",
  operationId: "streamRoutes",
  summary: "Follow a model's routing table (Server-Sent Events)",
  description:
    "A `text/event-stream`. It sends `retry: 1000`, then the table at once as `id: <epoch>`, `event: routes`, " +
    "`data: <the RouteTable as JSON>`, then one such event per change, and a `: heartbeat` comment every 15 s so proxies " +
    "keep it open. A client that reconnects (with `Last-Event-ID` or not) gets the current table first. While the tables " +
    'may be out of date each heartbeat is followed by `event: stale` with `data: {"staleSeconds": <seconds>}`. The token ' +
    "is checked again before every change and at every heartbeat: when it is revoked or expires, or its owner's account " +
    "is disabled, the stream sends `event: unauthorized` (`data`: the error body) and ends. " +
    ANSWERED,
  tags: ["routing"],
  access: { scope: "routes:read" },
  params: { model: modelParam },
  responses: {
    200: {
      description: "The event stream; each `routes` event's `data` is a RouteTable (components.schemas) as JSON.",
      media: { "text/event-stream": {} },
      headers: STALE,
    },
    ...refusals,
  },
  errors,
});

export const resolveRoute = defineRoute({
  method: "GET",
  path: "/api/v1/models/{model}/resolve",
  plane: "data",
  operationId: "resolveRoute",
  summary: "Which version serves this request",
  description:
    "The decision for one request, the same the client library makes locally: a tenant pin wins; otherwise the routing " +
    'key (`key`, else the tenant) is bucketed, `murmur3_x86_32(utf8(model + "\\0" + key)) mod 10000`, and goes to the ' +
    "candidate when the bucket is below `round(percent × 100)`. In shadow mode the stable version serves and " +
    "`shadowVersion` names the candidate for that share of requests. Give `tenant`, `key` or both (the first of each " +
    "counts); with neither, 422 naming `key`. " +
    ANSWERED,
  tags: ["routing"],
  access: { scope: "routes:read" },
  params: { model: modelParam },
  query: resolveQuerySchema,
  responses: {
    200: { description: "The decision.", json: decisionSchema, headers: STALE },
    ...refusals,
  },
  errors: [...errors, "SchemaError"],
});

export const routingContracts = [getRoutesRoute, streamRoutesRoute, resolveRoute];
