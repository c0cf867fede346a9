/**
 * Erasing a tenant's replay data (data-subject requests): its captured requests and its items
 * in frozen sets, for one model or all, in one transaction with one `replay.tenant_erased`
 * audit event holding the counts per model. Sets keep their frozen hash; erasedCount and
 * erasedAt say what was removed, so a reader knows why the items no longer match it.
 */
import { appendAudit } from "../audit/append";
import type { Actor } from "../auth/actor";
import { currentTime } from "../clock";
import { modelByKeyOrThrow } from "../database/models";
import type { Db } from "../database/types";
import type { ErasureBody } from "./schemas";

export const REPLAY_TENANT_ERASED = "replay.tenant_erased";

export type ErasedSet = { id: string; name: string; items: number };
export type ErasedModel = { model: string; records: number; items: number; sets: ErasedSet[] };
export type ErasureResult = { tenant: string; model: string | null; records: number; items: number; models: ErasedModel[]; at: string };

export async function eraseTenant(db: Db, actor: Actor, input: { body: ErasureBody; requestId?: string | null }): Promise<ErasureResult> {
  const body = input.body;
  return db.$transaction(
    async (tx) => {
      const only = body.model ? await modelByKeyOrThrow(tx, body.model, { id: true, key: true }) : null;
      // the database refuses deletes of set items unless the transaction says why (the triggers)
      await tx.$executeRawUnsafe(`SET LOCAL rollgate.replay_delete = 'erasure'`);
      const at = new Date(Math.floor(currentTime().getTime()));
      const modelFilter = only ? { modelId: only.id } : {};

      const records = await tx.replayRecord.groupBy({
        by: ["modelId"],
        where: { tenant: body.tenant, ...modelFilter },
        _count: { _all: true },
      });
      await tx.replayRecord.deleteMany({ where: { tenant: body.tenant, ...modelFilter } });

      const ofModel = only ? (await tx.replaySet.findMany({ where: { modelId: only.id }, select: { id: true } })).map((s) => s.id) : null;
      const items = await tx.replaySetItem.groupBy({
        by: ["setId"],
        where: { tenant: body.tenant, ...(ofModel ? { setId: { in: ofModel } } : {}) },
        _count: { _all: true },
      });
      const sets = await tx.replaySet.findMany({
        where: { id: { in: items.map((i) => i.setId) } },
        select: { id: true, name: true, modelId: true },
      });
      await tx.replaySetItem.deleteMany({ where: { tenant: body.tenant, setId: { in: sets.map((s) => s.id) } } });
      for (const it of items) {
        await tx.replaySet.update({ where: { id: it.setId }, data: { erasedCount: { increment: it._count._all }, erasedAt: at } });
      }

      const modelIds = [...new Set([...records.map((r) => r.modelId), ...sets.map((s) => s.modelId)])];
      const keys = new Map(
        (await tx.model.findMany({ where: { id: { in: modelIds } }, select: { id: true, key: true } })).map((m) => [m.id, m.key]),
      );
      const models: ErasedModel[] = modelIds
        .map((id) => {
          const mine = sets
            .filter((s) => s.modelId === id)
            .map((s) => ({ id: s.id, name: s.name, items: items.find((i) => i.setId === s.id)?._count._all ?? 0 }));
          return {
            model: keys.get(id) ?? id,
            records: records.find((r) => r.modelId === id)?._count._all ?? 0,
            items: mine.reduce((n, s) => n + s.items, 0),
            sets: mine,
          };
        })
        .sort((a, b) => (a.model < b.model ? -1 : a.model > b.model ? 1 : 0));
      const result: ErasureResult = {
        tenant: body.tenant,
        model: only?.key ?? null,
        records: models.reduce((n, m) => n + m.records, 0),
        items: models.reduce((n, m) => n + m.items, 0),
        models,
        at: at.toISOString(),
      };
      await appendAudit(tx, {
        actor,
        action: REPLAY_TENANT_ERASED,
        subject: { type: "tenant", id: body.tenant },
        modelKey: only?.key ?? null,
        after: { tenant: result.tenant, model: result.model, records: result.records, items: result.items, models: result.models },
        reason: `erased tenant ${body.tenant}'s replay data${only ? ` of ${only.key}` : ""}: ${result.records} captured requests, ${result.items} set items`,
        requestId: input.requestId,
      });
      return result;
    },
    { maxWait: 15_000, timeout: 300_000 },
  );
}
