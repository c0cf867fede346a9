/**
 * Freezing a replay set: a named, immutable sample of a model's captured requests
 * (ReplayRecord) over a window, copied into ReplaySetItem so record retention never changes
 * it. One transaction writes the set, its items and the `replay_set.frozen` audit event; the
 * database refuses later changes (prisma/migrations/20261206100000_replay_sets).
 *
 * Selection, so the same window always gives the same set:
 * - stratify "tenant": quotas per tenant by share of the window's records (quotas.ts); within
 *   a tenant, the records whose md5(request id) sorts first.
 * - stratify "none": the `size` records of the window whose md5(request id) sorts first.
 * Positions: by tenant (code point order), then ts, then request id.
 */
import { Prisma } from "../../generated/prisma/client";
import { appendAudit } from "../audit/append";
import { compareCodePoints } from "../audit/canonical";
import type { Actor } from "../auth/actor";
import { currentTime } from "../clock";
import { modelByKeyOrThrow } from "../database/models";
import type { Db, Tx } from "../database/types";
import { ConflictError, ValidationError } from "../errors";
import { policyOrThrow } from "../policy";
import { setDto, type ReplaySetDto } from "./dto";
import { hashLines, itemLine } from "./jsonl";
import { stratifiedQuotas, type TenantQuota } from "./quotas";
import type { FreezeBody } from "./schemas";

export const REPLAY_SET_FROZEN = "replay_set.frozen";

/** Freezing copies up to 100,000 rows with their JSON: more time than a click's transaction. */
const FREEZE_TX = { maxWait: 15_000, timeout: 300_000 } as const;
const CHUNK = 1000;

export const setSubject = (id: string) => ({ type: "replay_set", id });

function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === "P2002";
}

const jsonValue = (v: unknown) => (v === null || v === undefined ? Prisma.DbNull : (v as Prisma.InputJsonValue));

type Chosen = { requestId: string; tenant: string; version: string; ts: Date; input: unknown; output: unknown };

async function windowCounts(tx: Tx, modelId: string, from: Date, to: Date) {
  const rows = await tx.replayRecord.groupBy({
    by: ["tenant"],
    where: { modelId, ts: { gte: from, lt: to } },
    _count: { _all: true },
  });
  return rows.map((r) => ({ tenant: r.tenant, records: r._count._all }));
}

/** The request ids a set takes: per tenant quota (or overall), first by md5 of the request id. */
async function chooseIds(tx: Tx, modelId: string, from: Date, to: Date, quotas: TenantQuota[] | number): Promise<string[]> {
  const window = `r."modelId" = $1 AND r."ts" >= $2::timestamp(3) AND r."ts" < $3::timestamp(3)`;
  const args: unknown[] = [modelId, from.toISOString(), to.toISOString()];
  const rows =
    typeof quotas === "number"
      ? await tx.$queryRawUnsafe<{ requestId: string }[]>(
          `SELECT r."requestId" FROM "ReplayRecord" r WHERE ${window}
           ORDER BY md5(r."requestId"), r."requestId" LIMIT $4`,
          ...args,
          quotas,
        )
      : await tx.$queryRawUnsafe<{ requestId: string }[]>(
          `SELECT x."requestId" FROM (
             SELECT r."requestId", r."tenant",
                    row_number() OVER (PARTITION BY r."tenant" ORDER BY md5(r."requestId"), r."requestId") AS rn
             FROM "ReplayRecord" r WHERE ${window}) x
           JOIN unnest($4::text[], $5::int[]) AS q(tenant, n) ON q.tenant = x."tenant"
           WHERE x.rn <= q.n`,
          ...args,
          quotas.map((q) => q.tenant),
          quotas.map((q) => q.items),
        );
  return rows.map((r) => r.requestId);
}

async function loadChosen(tx: Tx, modelId: string, ids: string[]): Promise<Chosen[]> {
  const out: Chosen[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await tx.replayRecord.findMany({
      where: { modelId, requestId: { in: ids.slice(i, i + CHUNK) } },
      select: { requestId: true, tenant: true, version: true, ts: true, input: true, output: true },
    });
    out.push(...rows);
  }
  return out.sort(
    (a, b) => compareCodePoints(a.tenant, b.tenant) || a.ts.getTime() - b.ts.getTime() || compareCodePoints(a.requestId, b.requestId),
  );
}

/** `body` as freezeBodySchema gives it (the route contract parses it; other callers parse with it too). */
export type FreezeInput = { model: string; body: FreezeBody; requestId?: string | null };

/**
 * Freezes a set (POST /api/v1/models/{model}/replay-sets). 409 when the model already has a
 * set of that name; 422 naming the field for an empty window or a bad size.
 */
export async function freezeReplaySet(db: Db, actor: Actor, input: FreezeInput): Promise<ReplaySetDto> {
  const body = input.body;
  const now = currentTime();
  const to = body.days !== undefined ? now : body.to!;
  const from = body.days !== undefined ? new Date(now.getTime() - body.days * 86_400_000) : body.from!;
  const windowField = body.days !== undefined ? "days" : "from";
  try {
    return await db.$transaction(async (tx) => {
      const model = await modelByKeyOrThrow(tx, input.model, { id: true, key: true, policy: true });
      const taken = await tx.replaySet.findUnique({
        where: { modelId_name: { modelId: model.id, name: body.name } },
        select: { id: true },
      });
      if (taken) throw nameTaken(model.key, body.name);
      const policy = policyOrThrow(model.policy, "a replay set can be frozen");

      const counts = await windowCounts(tx, model.id, from, to);
      const total = counts.reduce((s, c) => s + c.records, 0);
      if (total === 0) {
        throw new ValidationError([
          {
            path: windowField,
            message: `the window ${from.toISOString()} – ${to.toISOString()} holds no captured requests of ${model.key}; widen it, or check the model's replay.capture policy`,
          },
        ]);
      }
      const quotas = body.stratify === "tenant" ? stratifiedQuotas(counts, body.size) : Math.min(body.size, total);
      const items = await loadChosen(tx, model.id, await chooseIds(tx, model.id, from, to, quotas));
      const lines = items.map(itemLine);
      const contentHash = hashLines(lines);
      const perTenant = new Map<string, number>();
      for (const it of items) perTenant.set(it.tenant, (perTenant.get(it.tenant) ?? 0) + 1);
      const tenants = [...perTenant].map(([tenant, n]) => ({ tenant, items: n }));
      const createdAt = new Date(Math.floor(now.getTime()));

      const row = await tx.replaySet.create({
        data: {
          modelId: model.id,
          name: body.name,
          fromTs: from,
          toTs: to,
          requested: body.size,
          stratify: body.stratify,
          itemCount: items.length,
          tenants,
          contentHash,
          createdBy: actor.label,
          createdAt,
          expiresAt: new Date(createdAt.getTime() + policy.replay.setRetentionDays * 86_400_000),
        },
      });
      for (let i = 0; i < items.length; i += CHUNK) {
        await tx.replaySetItem.createMany({
          data: items.slice(i, i + CHUNK).map((it, j) => ({
            setId: row.id,
            position: i + j,
            requestId: it.requestId,
            tenant: it.tenant,
            version: it.version,
            ts: it.ts,
            input: jsonValue(it.input),
            output: jsonValue(it.output),
          })),
        });
      }
      const dto = setDto(model.key, row);
      await appendAudit(tx, {
        actor,
        action: REPLAY_SET_FROZEN,
        subject: setSubject(row.id),
        modelKey: model.key,
        after: {
          id: dto.id,
          name: dto.name,
          from: dto.from,
          to: dto.to,
          requested: dto.requested,
          stratify: dto.stratify,
          itemCount: dto.itemCount,
          tenants: dto.tenants,
          contentHash: dto.contentHash,
          expiresAt: dto.expiresAt,
        },
        reason: `froze ${dto.itemCount} requests of ${dto.from} – ${dto.to} as "${dto.name}"`,
        requestId: input.requestId,
      });
      return dto;
    }, FREEZE_TX);
  } catch (e) {
    // two freezes of one name at once: the unique index decides, the loser is told as above
    if (isUniqueViolation(e)) throw nameTaken(input.model, body.name);
    throw e;
  }
}

function nameTaken(model: string, name: string): ConflictError {
  return new ConflictError(`${model} already has a replay set named "${name}"; sets are frozen, so choose another name.`);
}
