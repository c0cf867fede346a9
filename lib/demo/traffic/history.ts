// What each model's routing table said at a past moment, so backfilled traffic goes where it
// went then: before a canary started everything went to the stable version, and each step's
// share only from the moment the step began. Read from the release's audit events (each one
// records the release before and after the move), by the server that owns the database.
import type { RouteTable } from "@rollgate/client";
import type { Db } from "../../database/types";

/** The routing split from `at` on (epoch ms) until the next change. */
export type RouteState = {
  at: number;
  stable: string | null;
  candidate: { version: string; percent: number } | null;
  mode: RouteTable["mode"];
};

type ReleaseView = {
  stableVersion?: string | null;
  candidateVersion?: string | null;
  candidatePercent?: number;
  state?: string;
  mode?: RouteTable["mode"];
};

const RUNNING = new Set(["ramping", "paused"]);

function stateOf(at: number, v: unknown): RouteState | null {
  if (!v || typeof v !== "object") return null;
  const r = v as ReleaseView;
  const running = r.candidateVersion && r.state && RUNNING.has(r.state);
  return {
    at,
    stable: r.stableVersion ?? null,
    candidate: running ? { version: r.candidateVersion as string, percent: r.candidatePercent ?? 0 } : null,
    mode: r.mode ?? "canary",
  };
}

/**
 * Per model, the splits in force since `since`, oldest first: the first entry holds from
 * `since` (the release as the first later move found it), each next one from its move.
 */
export async function routeHistory(db: Db, models: readonly string[], since: number): Promise<Map<string, RouteState[]>> {
  const events = await db.auditEvent.findMany({
    where: { subjectType: "release", modelKey: { in: [...models] }, at: { gte: new Date(since) } },
    orderBy: { seq: "asc" },
    select: { at: true, modelKey: true, before: true, after: true },
  });
  const out = new Map<string, RouteState[]>();
  for (const e of events) {
    const key = e.modelKey as string;
    let list = out.get(key);
    if (!list) {
      list = [];
      out.set(key, list);
      const start = stateOf(since, e.before);
      if (start) list.push(start);
    }
    const next = stateOf(e.at.getTime(), e.after);
    if (next) list.push(next);
  }
  return out;
}

/** The live table as it stood at `ts`: its pins, with the split of that moment. Null once the history has no later change. */
export function tableAt(live: RouteTable, history: readonly RouteState[] | undefined, ts: number): RouteTable | null {
  if (!history?.length) return null;
  const last = history[history.length - 1] as RouteState;
  if (ts >= last.at) return null;
  let current: RouteState | undefined;
  for (const h of history) {
    if (h.at > ts) break;
    current = h;
  }
  if (!current?.stable) return null;
  return { ...live, stable: { version: current.stable }, candidate: current.candidate, mode: current.mode };
}
