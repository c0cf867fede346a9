/**
 * The OpenAPI 3.1 document, generated from the route contracts (contract.ts): every operation's
 * parameters, bodies, responses and security come from the same zod schemas and access rules
 * the handlers run with, so the document cannot describe a field or a scope the server does not
 * have. lib/contracts.ts lists every contract; a test fails for a route without one.
 */
import { z } from "zod";
import { TOKEN_SCOPES } from "../auth/permissions";
import { componentOf, ERROR_RESPONSES, scopesOf, TAGS, type Access, type ErrorName, type RouteContract } from "./contract";
import { errorBodySchema } from "./schemas";

type JsonSchema = Record<string, unknown>;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

type Named = (schema: z.ZodType, io: "input" | "output") => string | undefined;

/**
 * zod → a JSON Schema usable inside the document (2020-12 is OpenAPI 3.1's dialect). With
 * `named`, a schema given a component name anywhere inside becomes a reference to it.
 */
export function jsonSchema(schema: z.ZodType, io: "input" | "output" = "output", named?: Named): JsonSchema {
  // Refinements (digest pinning, increasing steps…) have no JSON Schema form; they are
  // described in prose on the operation and reported as 422 issues.
  const out = z.toJSONSchema(schema, {
    io,
    unrepresentable: "any",
    override: ({ zodSchema, jsonSchema: js }) => {
      // Responses may gain fields (the API's promise: fields may be added); only inputs are closed.
      if (io === "output" && js.additionalProperties === false) delete js.additionalProperties;
      const inner = zodSchema as unknown as z.ZodType;
      const name = inner !== schema && named ? named(inner, io) : undefined;
      if (name) {
        for (const key of Object.keys(js)) delete js[key];
        Object.assign(js, ref(name));
      }
    },
  }) as JsonSchema;
  delete out.$schema;
  return out;
}

/** A zod object of query fields → OpenAPI query parameters. */
function queryParameters(schema: z.ZodType): JsonSchema[] {
  const s = jsonSchema(schema, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(s.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return { name, in: "query", required: s.required?.includes(name) ?? false, ...(description ? { description } : {}), schema: rest };
  });
}

/** Who may call an operation, in words and as security requirements. */
function who(access: Access): { description: string; security: unknown[] } {
  if ("public" in access) return { description: "Public: no authentication.", security: [] };
  const { session } = access;
  const scopes = scopesOf(access);
  const scopeText = scopes.map((s) => `\`${s}\``).join(" or ");
  const tokens = scopes.map((s) => ({ bearerToken: [s] }));
  if (scopes.length > 0 && session)
    return {
      description: `Requires a token with scope ${scopeText}, or a signed-in user.`,
      security: [...tokens, { sessionCookie: [] }],
    };
  if (scopes.length > 0) return { description: `Requires a token with scope ${scopeText}.`, security: tokens };
  return {
    description: "Signed-in users whose role allows it, with the session cookie; API tokens are refused.",
    security: [{ sessionCookie: [] }],
  };
}

class Builder {
  readonly schemas: Record<string, JsonSchema> = {};

  /** A schema inline, or as a reference when it is a named component (listed once); named schemas inside it too. */
  schema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
    const name = this.named(schema, io);
    return name ? ref(name) : jsonSchema(schema, io, this.named);
  }

  /** The component name of a named schema, converting it into components.schemas the first time. */
  private readonly named: Named = (schema, io) => {
    const named = componentOf(schema);
    if (!named) return undefined;
    if (!this.schemas[named.name]) {
      this.schemas[named.name] = {}; // reserved first: a schema that contains itself refers to itself
      this.schemas[named.name] = {
        ...jsonSchema(schema, io, this.named),
        ...(named.description ? { description: named.description } : {}),
      };
    }
    return named.name;
  };

  operation(c: RouteContract): JsonSchema {
    const access = who(c.access);
    const parameters = [
      ...(c.query ? queryParameters(c.query) : []),
      ...(c.headers ?? []).map((h) => ({
        name: h.name,
        in: "header",
        required: false,
        description: h.description,
        schema: { type: "string", ...(h.example ? { example: h.example } : {}) },
      })),
    ];
    const responses: Record<string, unknown> = {};
    for (const [status, r] of Object.entries(c.responses)) {
      const content: Record<string, unknown> = {};
      if (r.json) content["application/json"] = { schema: this.schema(r.json, "output") };
      for (const [media, m] of Object.entries(r.media ?? {}))
        content[media] = { schema: { type: "string", ...(m.description ? { description: m.description } : {}) } };
      responses[status] = {
        description: r.description,
        ...(r.headers
          ? { headers: Object.fromEntries(Object.entries(r.headers).map(([h, d]) => [h, { description: d, schema: { type: "string" } }])) }
          : {}),
        ...(Object.keys(content).length ? { content } : {}),
      };
    }
    for (const e of c.errors) responses[String(ERROR_RESPONSES[e].status)] = { $ref: `#/components/responses/${e}` };
    return {
      summary: c.summary,
      operationId: c.operationId,
      tags: [...c.tags],
      description: [c.description, access.description].filter(Boolean).join("\n\n"),
      security: access.security,
      ...(parameters.length ? { parameters } : {}),
      ...(c.body ? { requestBody: this.requestBody(c.body) } : {}),
      responses,
    };
  }

  requestBody(body: NonNullable<RouteContract["body"]>): JsonSchema {
    if (!this.schemas[body.name]) this.schemas[body.name] = { ...jsonSchema(body.schema, "input"), description: body.description };
    const mediaTypes = body.read === "raw" ? body.mediaTypes : ["application/json"];
    return { required: body.required, content: Object.fromEntries(mediaTypes.map((m) => [m, { schema: ref(body.name) }])) };
  }
}

function buildDocument(contracts: readonly RouteContract[], version: string): JsonSchema {
  const b = new Builder();
  b.schema(errorBodySchema, "output");
  const paths: Record<string, Record<string, unknown>> = {};
  for (const c of contracts) {
    const item = (paths[c.path] ??= {});
    if (c.params && !item.parameters) {
      item.parameters = Object.entries(c.params).map(([name, p]) => ({
        name,
        in: "path",
        required: true,
        ...(p.description ? { description: p.description } : {}),
        schema: jsonSchema(p.schema, "input"),
      }));
    }
    item[c.method.toLowerCase()] = b.operation(c);
  }
  const used = new Set(contracts.flatMap((c) => c.errors));
  return {
    openapi: "3.1.0",
    info: {
      title: "Rollgate API",
      version,
      description:
        "Register model versions, attach evaluations, run releases (pause, resume, advance, promote, abort, roll back, " +
        "pin tenants, evaluate the guardrails), route inference traffic, send telemetry and read its metrics, read incidents, " +
        "drift, the registry and the audit trail. Errors share one shape: " +
        '`{"error": {"code", "message", "issues"?}}`; every response carries `x-request-id`.',
    },
    servers: [{ url: "/" }],
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
    security: [{ bearerToken: [] }],
    paths,
    components: {
      securitySchemes: {
        bearerToken: {
          type: "http",
          scheme: "bearer",
          description: `An API token (Settings → API tokens). Scopes: ${TOKEN_SCOPES.map((s) => `\`${s}\``).join(", ")}.`,
        },
        sessionCookie: {
          type: "apiKey",
          in: "cookie",
          name: "next-auth.session-token",
          description: "A signed-in browser session (reads used by the UI).",
        },
      },
      schemas: b.schemas,
      responses: Object.fromEntries(
        (Object.keys(ERROR_RESPONSES) as ErrorName[])
          .filter((name) => used.has(name))
          .map((name) => [
            name,
            {
              description: ERROR_RESPONSES[name].description,
              content: { "application/json": { schema: ref("Error") } },
              ...(name === "Unavailable" ? { headers: { "Retry-After": { schema: { type: "integer" } } } } : {}),
            },
          ]),
      ),
    },
  };
}

const cache = new WeakMap<readonly RouteContract[], JsonSchema>();

/** The document of these contracts; built once per list (it depends only on code). */
export function openApiDocument(contracts: readonly RouteContract[], version: string): JsonSchema {
  let doc = cache.get(contracts);
  if (!doc) {
    doc = buildDocument(contracts, version);
    cache.set(contracts, doc);
  }
  return doc;
}
