/**
 * Reading replay sets: a model's list, one set by id or name, and its items as the JSONL
 * stream `rollgate replay pull` saves.
 */
import { modelByKeyOrThrow } from "../database/models";
import type { Tx } from "../database/types";
import { NotFoundError } from "../errors";
import { setDto, type ReplaySetDto } from "./dto";
import { itemLine } from "./jsonl";

const PAGE = 1000;

export async function listReplaySets(db: Tx, modelKey: string): Promise<ReplaySetDto[]> {
  const model = await modelByKeyOrThrow(db, modelKey, { id: true, key: true });
  const rows = await db.replaySet.findMany({ where: { modelId: model.id }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
  return rows.map((r) => setDto(model.key, r));
}

/** A set by its id, or else by its name; 404 naming the model and the set. */
export async function getReplaySet(db: Tx, modelKey: string, set: string): Promise<ReplaySetDto & { modelId: string }> {
  const model = await modelByKeyOrThrow(db, modelKey, { id: true, key: true });
  const row =
    (await db.replaySet.findFirst({ where: { id: set, modelId: model.id } })) ??
    (await db.replaySet.findUnique({ where: { modelId_name: { modelId: model.id, name: set } } }));
  if (!row) throw new NotFoundError(`${model.key} has no replay set with the id or name "${set}".`);
  return { ...setDto(model.key, row), modelId: model.id };
}

/** The set's lines in position order, read a page at a time so a large set never sits in memory. */
export async function* setLines(db: Tx, setId: string): AsyncGenerator<string> {
  let after = -1;
  for (;;) {
    const rows = await db.replaySetItem.findMany({
      where: { setId, position: { gt: after } },
      orderBy: { position: "asc" },
      take: PAGE,
      select: { position: true, requestId: true, tenant: true, version: true, ts: true, input: true, output: true },
    });
    for (const r of rows) yield itemLine(r);
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1]!.position;
  }
}

/** A model's set by id, or null (an evaluation may outlive its set: expiry). */
export async function replaySetById(db: Tx, model: { id: string; key: string }, id: string): Promise<ReplaySetDto | null> {
  const row = await db.replaySet.findFirst({ where: { id, modelId: model.id } });
  return row ? setDto(model.key, row) : null;
}

/** A model's sets frozen up to `until`, oldest first (evidence packs). */
export async function listReplaySetsUntil(db: Tx, model: { id: string; key: string }, until: Date): Promise<ReplaySetDto[]> {
  const rows = await db.replaySet.findMany({
    where: { modelId: model.id, createdAt: { lte: until } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map((r) => setDto(model.key, r));
}
