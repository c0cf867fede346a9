/** The endpoints of the server itself: liveness and this API's own document. */
import { z } from "zod";
import { component, defineRoute } from "./contract";

const healthSchema = component(
  "Health",
  z.object({
    status: z.enum(["ok", "unavailable"]),
    database: z
      .object({
        status: z.enum(["ok", "unreachable"]),
        latencyMs: z.number().optional().meta({ description: "The round trip of `SELECT 1`, when reachable." }),
        error: z.string().optional().meta({
          description: "Why not, when unreachable: connection_refused, connection_reset, cannot_connect_now, admin_shutdown, timeout, …",
        }),
      })
      .meta({ description: "PostgreSQL (or the embedded database) as this instance sees it." }),
    dataPlane: z.record(z.string(), z.unknown()).optional().meta({ description: "The routing data plane's state, when it reports one." }),
    db: z.enum(["ok", "unreachable"]).meta({ description: "Same as database.status (kept for existing probes)." }),
    version: z.string(),
  }),
);

export const healthRoute = defineRoute({
  method: "GET",
  path: "/api/health",
  operationId: "getHealth",
  summary: "Liveness and database reachability",
  tags: ["health"],
  access: { public: true },
  responses: {
    200: { description: "Up, database reachable.", json: healthSchema },
    503: { description: "The database is unreachable.", json: healthSchema },
  },
  errors: [],
});

export const openApiRoute = defineRoute({
  method: "GET",
  path: "/api/v1/openapi.json",
  operationId: "getOpenApiDocument",
  summary: "This OpenAPI document",
  tags: ["health"],
  access: { public: true },
  responses: { 200: { description: "The OpenAPI 3.1 document of this API.", json: z.record(z.string(), z.unknown()) } },
  errors: [],
});

export const systemContracts = [healthRoute, openApiRoute];
