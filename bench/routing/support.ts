// Shared by bench/routing and bench/propagation: child processes that print a READY line, a
// PostgreSQL database of the bench's own (created, migrated, dropped), percentiles, the machine.
// Benchmarks only ever talk to 127.0.0.1, and every loop is bounded in count and time.
import { spawn, type ChildProcess } from "node:child_process";
import { cpus, totalmem } from "node:os";
import path from "node:path";
import pg from "pg";
import { applyMigrations } from "../../lib/database/migrations";
import { openDatabase, type Database } from "../../lib/database/open";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const ADMIN_URL = process.env.ROLLGATE_BENCH_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export function machine(): string {
  const c = cpus();
  return `${c.length} cores (${c[0]?.model.trim() ?? "unknown CPU"}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}`;
}

export type Child = { proc: ChildProcess; ready: Record<string, unknown>; output: () => string; stop(): Promise<void> };

/**
 * Starts a process and waits (bounded) for a stdout line `READY {json}` or one matching
 * `readyPattern` (first group = url). Its own process group, so stop() ends its children too.
 */
export async function startChild(
  name: string,
  command: string,
  args: string[],
  opts: { cwd?: string; env?: Record<string, string>; readyPattern?: RegExp; timeoutMs?: number } = {},
): Promise<Child> {
  const proc = spawn(command, args, {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...opts.env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let out = "";
  proc.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  proc.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const stop = async () => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((r) => proc.once("exit", r));
    try {
      process.kill(-proc.pid!, "SIGTERM");
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-proc.pid!, "SIGKILL");
      } catch {
        // gone already
      }
    }, 5000);
    await exited;
    clearTimeout(timer);
  };
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const m = /^READY (\{.*\})$/m.exec(out);
    if (m?.[1]) return { proc, ready: JSON.parse(m[1]) as Record<string, unknown>, output: () => out, stop };
    const p = opts.readyPattern?.exec(out);
    if (p) return { proc, ready: { url: p[1] }, output: () => out, stop };
    if (proc.exitCode !== null) throw new Error(`${name} exited with ${proc.exitCode}:\n${out}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${name} was not ready within ${timeoutMs} ms:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Polls url until it answers `status` (bounded). */
export async function waitForHttp(url: string, headers: Record<string, string>, status = 200, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url, { headers, signal: AbortSignal.timeout(5000) });
      await res.arrayBuffer();
      if (res.status === status) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer ${status} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export type BenchDatabase = { url: string; name: string; db: Database; drop(): Promise<void> };

/** A fresh, migrated PostgreSQL database for this run; null when no server answers. */
export async function createBenchDatabase(prefix: string): Promise<BenchDatabase | null> {
  const admin = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch {
    await admin.end().catch(() => {});
    return null;
  }
  const name = `${prefix}_${Date.now()}_${process.pid}`;
  await admin.query(`CREATE DATABASE "${name}"`);
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  const url = u.toString();
  const db = await openDatabase({ kind: "postgres", url }, { purpose: "bench" });
  await applyMigrations(db.adapterFactory);
  return {
    url,
    name,
    db,
    async drop() {
      await db.close().catch(() => {});
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => {});
      await admin.end().catch(() => {});
    },
  };
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map(line)].join("\n");
}
