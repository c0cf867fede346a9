import "server-only";
import type { AuditEvent, Prisma } from "../../generated/prisma/client";
import type { Tx } from "../database/types";
import { isActionPrefix, type AuditFilter, type AuditSort } from "./schemas";
import { modelVersionSubjectId } from "./subjects";
import type { z } from "zod";
import type { auditEventSchema } from "./event-schema";

// Reads of the audit trail. "Time order" is seq order: seq is assigned under the append lock,
// so it is the order events were committed in, and it is the chain's order; `at` comes from
// each app instance's clock and may disagree by a few milliseconds across instances.

/** One audit event as the API, the exports and the UI show it. */
export type AuditEventDto = z.output<typeof auditEventSchema>;

export function toAuditEventDto(e: AuditEvent): AuditEventDto {
  return {
    seq: e.seq.toString(),
    at: e.at.toISOString(),
    actor: { type: e.actorType, id: e.actorId, label: e.actorLabel },
    action: e.action,
    subject: { type: e.subjectType, id: e.subjectId },
    modelKey: e.modelKey,
    before: e.before ?? null,
    after: e.after ?? null,
    reason: e.reason,
    requestId: e.requestId,
    hash: e.hash,
    prevHash: e.prevHash,
  };
}

export function auditWhere(filter: AuditFilter): Prisma.AuditEventWhereInput {
  const and: Prisma.AuditEventWhereInput[] = [];
  if (filter.from || filter.to) {
    and.push({ at: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lte: filter.to } : {}) } });
  }
  if (filter.model) and.push({ modelKey: filter.model });
  if (filter.actor) and.push({ OR: [{ actorLabel: filter.actor }, { actorId: filter.actor }] });
  if (filter.action) {
    and.push({ action: isActionPrefix(filter.action) ? { startsWith: filter.action } : filter.action });
  }
  return and.length ? { AND: and } : {};
}

/** One page of events (1-based page numbers) and how many match in all; newest first by default. */
export async function listAuditEvents(
  db: Tx,
  filter: AuditFilter,
  opts: { page: number; pageSize: number; sort?: AuditSort },
): Promise<{ rows: AuditEventDto[]; total: number }> {
  const where = auditWhere(filter);
  const [rows, total] = await Promise.all([
    db.auditEvent.findMany({
      where,
      orderBy: { seq: opts.sort === "oldest" ? "asc" : "desc" },
      skip: (Math.max(1, opts.page) - 1) * opts.pageSize,
      take: opts.pageSize,
    }),
    db.auditEvent.count({ where }),
  ]);
  return { rows: rows.map(toAuditEventDto), total };
}

/**
 * Keyset paging for the API, newest first: `cursor` is the seq of the last event of the
 * previous page. Stable while events are appended (new ones only ever go before page one).
 */
export async function listAuditEventsByCursor(
  db: Tx,
  filter: AuditFilter,
  opts: { cursor?: string; limit: number },
): Promise<{ events: AuditEventDto[]; nextCursor?: string }> {
  const where = auditWhere(filter);
  const rows = await db.auditEvent.findMany({
    where: opts.cursor ? { AND: [where, { seq: { lt: BigInt(opts.cursor) } }] } : where,
    orderBy: { seq: "desc" },
    // one extra row says whether there is a next page without a count
    take: opts.limit + 1,
  });
  const page = rows.slice(0, opts.limit);
  const last = page[page.length - 1];
  return {
    events: page.map(toAuditEventDto),
    ...(rows.length > opts.limit && last ? { nextCursor: last.seq.toString() } : {}),
  };
}

// The dropdowns list at most this many values each; past that, typing a value into the URL
// (or the API) still filters.
const OPTION_LIMIT = 500;

export type AuditFilterOptions = {
  actions: string[];
  /** action families such as "version." for prefix filtering */
  actionPrefixes: string[];
  actors: { type: string; label: string }[];
  models: string[];
};

/** Distinct values for the filter dropdowns (GROUP BY in the database, not in memory). */
export async function auditFilterOptions(db: Tx): Promise<AuditFilterOptions> {
  const [actions, actors, models] = await Promise.all([
    db.auditEvent.groupBy({ by: ["action"], orderBy: { action: "asc" }, take: OPTION_LIMIT }),
    db.auditEvent.groupBy({
      by: ["actorType", "actorLabel"],
      orderBy: [{ actorLabel: "asc" }, { actorType: "asc" }],
      take: OPTION_LIMIT,
    }),
    db.auditEvent.groupBy({
      by: ["modelKey"],
      where: { modelKey: { not: null } },
      orderBy: { modelKey: "asc" },
      take: OPTION_LIMIT,
    }),
  ]);
  const actionNames = actions.map((a) => a.action);
  const prefixes = new Set<string>();
  for (const a of actionNames) {
    const dot = a.indexOf(".");
    if (dot > 0) prefixes.add(a.slice(0, dot + 1));
  }
  return {
    actions: actionNames,
    actionPrefixes: [...prefixes].sort(),
    actors: actors.map((a) => ({ type: a.actorType, label: a.actorLabel })),
    models: models.flatMap((m) => (m.modelKey ? [m.modelKey] : [])),
  };
}

/** Events about one subject, newest first (e.g. a token's or a user's history). */
export async function eventsForSubject(
  db: Tx,
  subjectType: string,
  subjectId: string,
  opts: { limit?: number } = {},
): Promise<AuditEventDto[]> {
  const rows = await db.auditEvent.findMany({
    where: { subjectType, subjectId },
    orderBy: { seq: "desc" },
    take: opts.limit ?? 200,
  });
  return rows.map(toAuditEventDto);
}

export { modelVersionSubjectId } from "./subjects";

/**
 * A version's audit history for its page, newest first: events whose subject is the version,
 * plus events on the model that name the version in `after.version` (a stage change or a
 * rollout recorded against the model or its release).
 */
export async function historyForVersion(
  db: Tx,
  modelKey: string,
  version: string,
  opts: { limit?: number } = {},
): Promise<AuditEventDto[]> {
  const rows = await db.auditEvent.findMany({
    where: {
      OR: [
        { subjectType: "model_version", subjectId: modelVersionSubjectId(modelKey, version) },
        { modelKey, after: { path: ["version"], equals: version } },
      ],
    },
    orderBy: { seq: "desc" },
    take: opts.limit ?? 200,
  });
  return rows.map(toAuditEventDto);
}
