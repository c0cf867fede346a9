// CPU seconds used by the local PostgreSQL's processes (backends, WAL writer, checkpointer …),
// read from /proc: what a phase of a benchmark cost the database. Null where /proc cannot
// tell (not Linux, or PostgreSQL runs as a user whose processes we cannot read).
import { readdirSync, readFileSync } from "node:fs";

const TICKS_PER_SECOND = 100;

export function postgresCpuSeconds(): number | null {
  let ticks = 0;
  let found = 0;
  try {
    for (const pid of readdirSync("/proc")) {
      if (!/^\d+$/.test(pid)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      } catch {
        continue;
      }
      // "pid (comm) state …": comm may hold spaces; the fields after it are space-separated
      const close = stat.lastIndexOf(")");
      const comm = stat.slice(stat.indexOf("(") + 1, close);
      if (comm !== "postgres") continue;
      const fields = stat.slice(close + 2).split(" ");
      // utime and stime are fields 14 and 15 of stat, 12 and 13 after "pid (comm) "
      ticks += Number(fields[11]) + Number(fields[12]);
      found++;
    }
  } catch {
    return null;
  }
  return found > 0 ? ticks / TICKS_PER_SECOND : null;
}
