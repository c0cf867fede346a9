import "server-only";
import type { Actor } from "../auth/actor";
import { roleCan, type Permission, type TokenScope } from "../auth/permissions";
import { crossSiteWriteReason, SAFE_METHODS } from "../auth/csrf";
import { getSessionUser, userActor } from "../auth/session";
import { authenticateToken, bearerFrom } from "../auth/tokens";
import { db } from "../db";
import { env } from "../env";
import { ForbiddenError, UnauthorizedError, ValidationError } from "../errors";
import { jsonDepth, tooDeepMessage } from "../input/json-depth";
import { MAX_INPUT_DEPTH } from "../input/unsafe-input";
import { readBody } from "./body";
import { unsafeParameterIssues } from "./url-params";
import { errorResponse, json, newRequestId } from "./respond";

export type ApiContext<P> = { req: Request; params: P; actor: Actor; requestId: string; url: URL };

type Access = {
  /** the token scope this route needs */
  scope?: TokenScope;
  /** a signed-in browser user with this permission may call it too (reads used by the UI) */
  session?: Permission;
  /** no authentication at all (health, OpenAPI) */
  public?: boolean;
};

/**
 * Wraps a route handler: request id, authentication (bearer token by scope, or a session),
 * and the one error translation. Handlers return a Response or a JSON-able value.
 */
export function apiRoute<P = Record<string, never>>(
  access: Access,
  handler: (ctx: ApiContext<P>) => Promise<Response | { status?: number; body: unknown; headers?: Record<string, string> }>,
) {
  return async (req: Request, route: { params: Promise<P> }): Promise<Response> => {
    const requestId = newRequestId(req.headers.get("x-request-id"));
    try {
      const actor = await authenticate(req, access);
      const params = (await route?.params) ?? ({} as P);
      const url = new URL(req.url);
      const unsafe = unsafeParameterIssues(params as Record<string, unknown>, url.searchParams);
      if (unsafe.length > 0) throw new ValidationError(unsafe);
      const out = await handler({ req, params, actor, requestId, url });
      if (out instanceof Response) {
        out.headers.set("x-request-id", requestId);
        return out;
      }
      return json(out.body, { status: out.status, headers: out.headers, requestId });
    } catch (e) {
      return errorResponse(e, requestId);
    }
  };
}

const anonymous: Actor = { type: "system", id: null, label: "anonymous" };

async function authenticate(req: Request, access: Access): Promise<Actor> {
  if (access.public) return anonymous;
  const header = req.headers.get("authorization");
  const bearer = bearerFrom(header);
  if (header && !bearer) throw new UnauthorizedError("The Authorization header must be `Bearer <token>`.");
  if (bearer) {
    const actor = await authenticateToken(db(), bearer);
    if (!actor) throw new UnauthorizedError("The API token is unknown, revoked or expired.");
    if (access.scope && !actor.scopes.includes(access.scope)) {
      throw new ForbiddenError(`This token lacks the scope ${access.scope}.`);
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


export async function readJson(req: Request, maxBytes: number): Promise<unknown> {
  const text = await readBody(req, maxBytes);
  if (jsonDepth(text) > MAX_INPUT_DEPTH) throw new ValidationError([{ path: "", message: tooDeepMessage }]);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ValidationError([{ path: "", message: `The body is not valid JSON: ${(e as Error).message}` }]);
  }
}

export { readBody };
