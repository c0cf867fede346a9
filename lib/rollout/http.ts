import "server-only";
/**
 * What the release-control route handlers share: the optional body, `If-Match: "<epoch>"`, and
 * the answer with the new epoch as its ETag (the routes table's ETag is the same epoch).
 */
import { apiRoute, readBody } from "../api/route";
import type { Actor } from "../auth/actor";
import { db } from "../db";
import type { Db } from "../database/types";
import { ValidationError } from "../errors";
import { jsonDepth, tooDeepMessage } from "../input/json-depth";
import { MAX_INPUT_DEPTH } from "../input/unsafe-input";
import { parseOrThrow } from "../input/validate";
import { moveBodySchema, parseIfMatch } from "./schemas";
import type { MoveInput, MoveResult } from "./service";

/** Release-control bodies are a reason and a version at most. */
export const MAX_RELEASE_BODY_BYTES = 16 * 1024;

/** The JSON body, or `{}` when there is none (pause, resume… may be sent without one). */
export async function readOptionalJson(req: Request): Promise<unknown> {
  const text = await readBody(req, MAX_RELEASE_BODY_BYTES);
  if (text.trim() === "") return {};
  if (jsonDepth(text) > MAX_INPUT_DEPTH) throw new ValidationError([{ path: "", message: tooDeepMessage }]);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ValidationError([{ path: "", message: `The body is not valid JSON: ${(e as Error).message}` }]);
  }
}

/** The epoch the caller expects (`If-Match`), or null for "whatever it is now". */
export function ifMatchOf(req: Request): number | null {
  return parseIfMatch(req.headers.get("if-match"));
}

export function etag(epoch: number): Record<string, string> {
  return { ETag: `"${epoch}"` };
}

type Move = (db: Db, actor: Actor, input: MoveInput) => Promise<MoveResult>;

/** `POST /api/v1/models/{model}/release/<move>` (release:write): body `{reason?}`, optional If-Match. */
export function moveRoute(move: Move) {
  return apiRoute<{ model: string }>({ scope: "release:write" }, async ({ req, params, actor, requestId }) => {
    const ifMatchEpoch = ifMatchOf(req);
    const { reason } = parseOrThrow(moveBodySchema, await readOptionalJson(req));
    const result = await move(db(), actor, { modelKey: params.model, reason: reason ?? null, ifMatchEpoch, requestId });
    return { body: result, headers: etag(result.epoch) };
  });
}
