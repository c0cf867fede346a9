import "server-only";
/**
 * What the release-control route handlers share: `If-Match: "<epoch>"`, the answer with the new
 * epoch as its ETag (the routes table's ETag is the same epoch), and the handler of a move.
 */
import { handle } from "../api/handle";
import type { Actor } from "../auth/actor";
import { db } from "../db";
import type { Db } from "../database/types";
import type { moveRoutes } from "./contracts";
import { parseIfMatch } from "./schemas";
import type { MoveInput, MoveResult } from "./service";

/** The epoch the caller expects (`If-Match`), or null for "whatever it is now". */
export function ifMatchOf(req: Request): number | null {
  return parseIfMatch(req.headers.get("if-match"));
}

export function etag(epoch: number): Record<string, string> {
  return { ETag: `"${epoch}"` };
}

type Move = (db: Db, actor: Actor, input: MoveInput) => Promise<MoveResult>;

/** `POST /api/v1/models/{model}/release/<move>` (release:write): body `{reason?}`, optional If-Match. */
export function moveHandler(contract: (typeof moveRoutes)[keyof typeof moveRoutes], move: Move) {
  return handle(contract, async ({ req, params, body, actor, requestId }) => {
    const ifMatchEpoch = ifMatchOf(req);
    const result = await move(db(), actor, { modelKey: params.model, reason: body.reason ?? null, ifMatchEpoch, requestId });
    return { body: result, headers: etag(result.epoch) };
  });
}
