// CPU time used by the local PostgreSQL's processes (backends, WAL writer, checkpointer,
// autovacuum …), read from /proc: what a phase of a benchmark cost the database. Per process, so
// that a process ending meanwhile (an autovacuum worker, a closed connection) takes away nothing;
// a process that ended within the phase is missed, so the figure is a floor. Null where /proc
// cannot tell (not Linux, or PostgreSQL runs as a user whose processes we cannot read).
import { readdirSync, readFileSync } from "node:fs";

const TICKS_PER_SECOND = 100;

export type PgCpuSnapshot = Map<number, number> | null;

export function postgresCpu(): PgCpuSnapshot {
  const ticks = new Map<number, number>();
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return null;
  }
  for (const pid of entries) {
    if (!/^\d+$/.test(pid)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      continue;
    }
    // "pid (comm) state …": comm may hold spaces; the fields after it are space-separated
    const close = stat.lastIndexOf(")");
    if (stat.slice(stat.indexOf("(") + 1, close) !== "postgres") continue;
    const fields = stat.slice(close + 2).split(" ");
    // utime and stime: fields 14 and 15 of stat, 12th and 13th after "pid (comm) "
    ticks.set(Number(pid), Number(fields[11]) + Number(fields[12]));
  }
  return ticks.size > 0 ? ticks : null;
}

/** CPU seconds PostgreSQL's processes used between two snapshots. */
export function postgresCpuSeconds(before: PgCpuSnapshot, after: PgCpuSnapshot): number | null {
  if (!before || !after) return null;
  let ticks = 0;
  for (const [pid, t] of after) ticks += t - (before.get(pid) ?? 0);
  return ticks / TICKS_PER_SECOND;
}
