import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import path from "node:path";

// PGlite has no lock of its own: two processes on one data directory both write and corrupt
// it. The lock file holds the owner's pid and purpose; a lock whose pid is gone is stale.
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: { pid: number; purpose: string; since: string },
  ) {
    super(
      `The embedded database in ${dataDir} is in use by another process ` +
        `(pid ${holder.pid}, ${holder.purpose}, since ${holder.since}). ` +
        "PGlite allows one process per data directory. Stop that process first, or do this " +
        "through the running server instead (for example create API tokens in Settings → API tokens), " +
        "or set DATABASE_URL to use a PostgreSQL server, which any number of processes can share.",
    );
    this.name = "DataDirLockedError";
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function lockDataDir(dataDir: string, purpose: string): () => void {
  const file = path.join(dataDir, "rollgate.lock");
  const body = JSON.stringify({ pid: process.pid, purpose, since: new Date().toISOString() });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, "wx", 0o600);
      writeSync(fd, body);
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          const current = JSON.parse(readFileSync(file, "utf8")) as { pid: number };
          if (current.pid === process.pid) unlinkSync(file);
        } catch {
          // already gone
        }
      };
      process.once("exit", release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      let holder: { pid: number; purpose: string; since: string };
      try {
        holder = JSON.parse(readFileSync(file, "utf8"));
      } catch {
        holder = { pid: 0, purpose: "unknown", since: "unknown" };
      }
      if (holder.pid && holder.pid !== process.pid && isAlive(holder.pid)) {
        throw new DataDirLockedError(dataDir, holder);
      }
      // stale: its process is gone
      unlinkSync(file);
    }
  }
  throw new Error(`Could not take the lock ${file}`);
}
