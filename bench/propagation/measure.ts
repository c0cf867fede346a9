// What the bench reads about the relay or data plane process from /proc (Linux), and the
// summaries it prints. CPU is utime + stime from /proc/<pid>/stat in clock ticks (USER_HZ,
// 100 on Linux); memory is VmRSS from /proc/<pid>/status.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { percentile } from "../routing/support";

const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** Resident memory in bytes. */
export function rssBytes(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) * 1024 : Number.NaN;
}

/** CPU time used so far (user + system), in milliseconds. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // the command name (field 2) may hold spaces: count fields from after its closing parenthesis
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / TICKS_PER_SECOND;
}

export function openFiles(pid: number): number {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return Number.NaN;
  }
}

/** The soft limit on open files, as the process sees it. */
export function fileLimit(pid: number | "self"): number {
  const m = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync(`/proc/${pid}/limits`, "utf8"));
  return !m || m[1] === "unlimited" ? Number.POSITIVE_INFINITY : Number(m[1]);
}

/**
 * The machine's count of connections dropped because a listen queue was full (TcpExt
 * ListenOverflows): system-wide, so other work on the machine adds to it too.
 */
export function listenOverflows(): number {
  try {
    const lines = readFileSync("/proc/net/netstat", "utf8").split("\n");
    for (let i = 0; i + 1 < lines.length; i += 2) {
      if (!lines[i]!.startsWith("TcpExt:")) continue;
      const names = lines[i]!.split(" ");
      const values = lines[i + 1]!.split(" ");
      const at = names.indexOf("ListenOverflows");
      return at < 0 ? Number.NaN : Number(values[at]);
    }
  } catch {
    // not Linux
  }
  return Number.NaN;
}

/** Kernel settings that bound many connections to one listening port. */
export function kernelSettings(): Record<string, string> {
  const read = (p: string) => {
    try {
      return readFileSync(`/proc/sys/${p}`, "utf8").trim().replace(/\s+/g, "–");
    } catch {
      return "?";
    }
  };
  return {
    "net.core.somaxconn": read("net/core/somaxconn"),
    "net.ipv4.tcp_max_syn_backlog": read("net/ipv4/tcp_max_syn_backlog"),
    "net.ipv4.ip_local_port_range": read("net/ipv4/ip_local_port_range"),
    "fs.file-max": read("fs/file-max"),
  };
}

export type Summary = { n: number; p50: number; p99: number; max: number };

export function summarise(values: ArrayLike<number>): Summary {
  const s = Float64Array.from(values).sort();
  return { n: s.length, p50: percentile(s, 50), p99: percentile(s, 99), max: s.length ? s[s.length - 1]! : Number.NaN };
}

export const ms = (v: number): string => (Number.isFinite(v) ? v.toFixed(1) : "–");
export const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(0);
