// The routing table of a model (README → Routing for inference services), read from its production Release row and
// its tenant pins. One SQL statement per load, so the release and the pins come from one
// snapshot of the database: a table never mixes a pin from after a change with a split from
// before it.
import type { RouteTable } from "@rollgate/client/resolve";
import { RELEASE_ENVIRONMENT } from "../database/environment";
import type { Tx } from "../database/types";

export type { RouteTable };

type Row = {
  model: string;
  epoch: number;
  stableVersion: string | null;
  candidateVersion: string | null;
  candidatePercent: number;
  mode: string;
  state: string;
  pins: Record<string, string> | null;
  updatedAt: string;
};

// Release.updatedAt is a UTC timestamp without zone (Prisma's convention); to_char renders it
// as ISO 8601 the same way on PostgreSQL and PGlite, whatever the session's time zone.
const SELECT = `
SELECT m."key" AS "model", r."epoch", r."stableVersion", r."candidateVersion",
       r."candidatePercent", r."mode"::text AS "mode", r."state"::text AS "state",
       (SELECT json_object_agg(p."tenant", p."version")
          FROM "TenantPin" p
         WHERE p."modelId" = r."modelId" AND p."environment" = r."environment") AS "pins",
       to_char(r."updatedAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt"
  FROM "Release" r
  JOIN "Model" m ON m."id" = r."modelId"
 WHERE r."environment" = $1`;

/**
 * A release becomes a table once it has a stable version; before the first promotion there
 * is nothing to route to. A rolled-back release routes nobody to its candidate, whatever
 * percent the row still holds.
 */
export function toRouteTable(row: Row): RouteTable | null {
  if (!row.stableVersion) return null;
  const candidateLive = row.candidateVersion && row.state !== "rolled_back";
  const pins: Record<string, string> = {};
  for (const [tenant, version] of Object.entries(row.pins ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    // defineProperty: a tenant named "__proto__" must stay a plain key
    Object.defineProperty(pins, tenant, { value: version, enumerable: true, writable: true, configurable: true });
  }
  return {
    model: row.model,
    epoch: Number(row.epoch),
    stable: { version: row.stableVersion },
    candidate: candidateLive
      ? { version: row.candidateVersion as string, percent: Math.round(Number(row.candidatePercent) * 100) / 100 }
      : null,
    mode: row.mode as RouteTable["mode"],
    pins,
    updatedAt: row.updatedAt,
  };
}

/** The model's table; null when the model is unknown or has no stable version yet. */
export async function loadTable(db: Tx, modelKey: string): Promise<RouteTable | null> {
  const rows = await db.$queryRawUnsafe<Row[]>(`${SELECT} AND m."key" = $2`, RELEASE_ENVIRONMENT, modelKey);
  return rows[0] ? toRouteTable(rows[0]) : null;
}

/** Every model's table, by model key. */
export async function loadAllTables(db: Tx): Promise<Map<string, RouteTable>> {
  const rows = await db.$queryRawUnsafe<Row[]>(SELECT, RELEASE_ENVIRONMENT);
  const out = new Map<string, RouteTable>();
  for (const row of rows) {
    const table = toRouteTable(row);
    if (table) out.set(table.model, table);
  }
  return out;
}
