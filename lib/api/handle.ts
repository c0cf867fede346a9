import "server-only";
/**
 * Binds a route contract to its handler: request id, authentication (a bearer token by scope,
 * or a session by permission), the query and JSON body parsed by the contract's schemas (every
 * bad field in one 422), and the one error translation. Under test (ROLLGATE_CHECK_RESPONSES=1)
 * each JSON answer is also checked against the contract's response schema, so a handler cannot
 * drift from what the document promises.
 */
import type { z } from "zod";
import type { Actor } from "../auth/actor";
import { crossSiteWriteReason, SAFE_METHODS } from "../auth/csrf";
import { roleCan } from "../auth/permissions";
import { getSessionUser, userActor } from "../auth/session";
import { authenticateToken, bearerFrom } from "../auth/tokens";
import { db } from "../db";
import { env } from "../env";
import { ForbiddenError, UnauthorizedError, ValidationError } from "../errors";
import { parseOrThrow } from "../input/validate";
import { readJson } from "./body";
import { scopesOf, type Access, type RouteContract } from "./contract";
import { errorResponse, json, newRequestId } from "./respond";
import { unsafeParameterIssues } from "./url-params";

type ParamsOf<C extends RouteContract> =
  C["params"] extends Readonly<Record<string, unknown>> ? { [K in keyof C["params"]]: string } : Record<string, never>;
type QueryOf<C extends RouteContract> = C["query"] extends z.ZodType ? z.output<C["query"]> : undefined;
type BodyOf<C extends RouteContract> = C["body"] extends { read: "json"; schema: infer S extends z.ZodType } ? z.output<S> : undefined;
type JsonBodyOf<C extends RouteContract> = {
  [K in keyof C["responses"]]: C["responses"][K] extends { json: infer S extends z.ZodType } ? z.input<S> : never;
}[keyof C["responses"]];

export type HandlerContext<C extends RouteContract> = {
  req: Request;
  url: URL;
  actor: Actor;
  requestId: string;
  params: ParamsOf<C>;
  query: QueryOf<C>;
  body: BodyOf<C>;
};

/** A Response as is (streams, exports), or a JSON answer of one of the contract's statuses. */
export type Reply<C extends RouteContract> =
  Response | { status?: Extract<keyof C["responses"], number>; body: JsonBodyOf<C>; headers?: Record<string, string> };

export type RouteHandler<C extends RouteContract = RouteContract> = ((
  req: Request,
  route: { params: Promise<Record<string, string>> },
) => Promise<Response>) & {
  readonly contract: C;
};

export function handle<const C extends RouteContract>(
  contract: C,
  handler: (ctx: HandlerContext<C>) => Promise<Reply<C>>,
): RouteHandler<C> {
  const run = async (req: Request, route: { params: Promise<Record<string, string>> }): Promise<Response> => {
    const requestId = newRequestId(req.headers.get("x-request-id"));
    try {
      const actor = await authenticate(req, contract.access);
      const params = ((await route?.params) ?? {}) as ParamsOf<C>;
      const url = new URL(req.url);
      const unsafe = unsafeParameterIssues(params, url.searchParams);
      if (unsafe.length > 0) throw new ValidationError(unsafe);
      const query = (contract.query ? parseOrThrow(contract.query, Object.fromEntries(url.searchParams)) : undefined) as QueryOf<C>;
      const body = (
        contract.body?.read === "json"
          ? parseOrThrow(
              contract.body.schema,
              await readJson(req, contract.body.maxBytes, { optional: contract.body.emptyAsObject ?? !contract.body.required }),
            )
          : undefined
      ) as BodyOf<C>;
      const out = await handler({ req, url, actor, requestId, params, query, body });
      if (out instanceof Response) {
        out.headers.set("x-request-id", requestId);
        return out;
      }
      const status = (out.status as number | undefined) ?? 200;
      if (env().checkResponses) checkResponse(contract, status, out.body);
      return json(out.body, { status, headers: out.headers, requestId });
    } catch (e) {
      return errorResponse(e, requestId);
    }
  };
  return Object.assign(run, { contract });
}

function checkResponse(contract: RouteContract, status: number, body: unknown) {
  const spec = contract.responses[status];
  const where = `${contract.method} ${contract.path} → ${status}`;
  if (!spec) throw new Error(`${where}: the contract declares no such response`);
  if (!spec.json) return;
  const wire: unknown = JSON.parse(JSON.stringify(body, (_k, v) => (typeof v === "bigint" ? v.toString() : v)));
  const parsed = spec.json.safeParse(wire);
  if (!parsed.success)
    throw new Error(`${where}: the answer does not match its contract: ${JSON.stringify(parsed.error.issues.slice(0, 5))}`);
}

const anonymous: Actor = { type: "system", id: null, label: "anonymous" };

async function authenticate(req: Request, access: Access): Promise<Actor> {
  if ("public" in access) return anonymous;
  const header = req.headers.get("authorization");
  const bearer = bearerFrom(header);
  if (header && !bearer) throw new UnauthorizedError("The Authorization header must be `Bearer <token>`.");
  if (bearer) {
    const actor = await authenticateToken(db(), bearer);
    if (!actor) throw new UnauthorizedError("The API token is unknown, revoked or expired.");
    const scopes = scopesOf(access);
    if (scopes.length > 0 && !scopes.some((s) => actor.scopes.includes(s))) {
      throw new ForbiddenError(`This token lacks the scope ${scopes.join(" (or ")}${scopes.length > 1 ? ")" : ""}.`);
    }
    if (!access.scope) throw new ForbiddenError("This endpoint is for signed-in users, not API tokens.");
    return actor;
  }
  if (access.session) {
    const user = await getSessionUser();
    if (user) {
      // the session cookie rides along with any request a browser makes, including those
      // another site makes it send: a write must come from a page of this site
      if (!SAFE_METHODS.has(req.method)) {
        const refused = crossSiteWriteReason(req.headers, env().publicUrl);
        if (refused) throw new ForbiddenError(refused);
      }
      if (!roleCan(user.role, access.session)) throw new ForbiddenError(`Your role (${user.role}) cannot do this.`);
      return userActor(user);
    }
  }
  throw new UnauthorizedError();
}
