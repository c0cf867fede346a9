// API tokens for the data plane without a database query per request: token hash → what the
// database said about it, at most `maxAgeMs` (1 s) ago. A background pass re-reads every token
// used recently in one query twice a second, so hot tokens are always fresh and a revocation
// or expiry holds within a second; a request only waits for the database the first time a
// token is seen (or after it sat unused). While the database is unreachable, a token keeps
// the answer it had (fail-static: routing keeps working); an unknown token gets a 503.
import * as crypto from "node:crypto";
import { hashToken } from "../auth/tokens";
import type { Tx } from "../database/types";
import type { RoutingLog } from "./change-feed";

export type TokenVerdict =
  | { ok: true; id: string; scopes: ReadonlySet<string> }
  | { ok: false; why: "unknown" | "revoked" | "expired" | "malformed" | "unavailable" };

type Known = {
  found: boolean;
  id: string;
  scopes: ReadonlySet<string>;
  revoked: boolean;
  expiresAt: number | null;
  lastUsedAt: number | null;
};

type Entry = {
  known: Known | null;
  checkedAt: number;
  usedAt: number;
  /** no database retry before this (after a failed read) */
  retryAt: number;
  inflight: Promise<void> | null;
};

export type TokenCacheOptions = {
  /** a cached answer older than this is re-read before use; default 1000 ms */
  maxAgeMs?: number;
  /** background refresh period; default 500 ms */
  refreshMs?: number;
  log?: RoutingLog;
  now?: () => number;
};

const MAX_ENTRIES = 10_000;
const IDLE_EVICT_MS = 10 * 60_000;
const REFRESH_USED_WITHIN_MS = 60_000;
const LAST_USED_WRITE_MS = 60_000;
// The same sha256 hex as hashToken; the one-shot crypto.hash (Node ≥ 20.12) allocates no Hash
// object, which at tens of thousands of requests a second is a measurable share of the work.
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: "hex") => string }).hash;
const sha256Hex = oneShot ? (secret: string) => oneShot("sha256", secret, "hex") : hashToken;

const UNKNOWN: Known = { found: false, id: "", scopes: new Set(), revoked: false, expiresAt: null, lastUsedAt: null };

export class TokenCache {
  private readonly entries = new Map<string, Entry>();
  private readonly maxAgeMs: number;
  private readonly now: () => number;
  private readonly log?: RoutingLog;
  private timer: NodeJS.Timeout | null = null;
  private refreshing = false;

  constructor(
    private readonly db: Tx,
    opts: TokenCacheOptions = {},
  ) {
    this.maxAgeMs = opts.maxAgeMs ?? 1000;
    this.now = opts.now ?? Date.now;
    this.log = opts.log;
    const refreshMs = opts.refreshMs ?? 500;
    if (refreshMs > 0) {
      this.timer = setInterval(() => void this.refresh(), refreshMs);
      this.timer.unref();
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The verdict for a bearer secret: synchronous when the cache is fresh, else after one read. */
  verify(secret: string): TokenVerdict | Promise<TokenVerdict> {
    if (!secret.startsWith("rg_") || secret.length > 200) return { ok: false, why: "malformed" };
    const hash = sha256Hex(secret);
    const now = this.now();
    let entry = this.entries.get(hash);
    if (entry) {
      entry.usedAt = now;
      if (entry.known && (now - entry.checkedAt < this.maxAgeMs || now < entry.retryAt)) return this.verdict(entry.known, now);
    } else {
      if (this.entries.size >= MAX_ENTRIES) this.evict(now, true);
      entry = { known: null, checkedAt: 0, usedAt: now, retryAt: 0, inflight: null };
      this.entries.set(hash, entry);
    }
    const e = entry;
    if (!e.known && now < e.retryAt) return { ok: false, why: "unavailable" };
    return this.read([hash]).then(() => (e.known ? this.verdict(e.known, this.now()) : { ok: false, why: "unavailable" }));
  }

  private verdict(k: Known, now: number): TokenVerdict {
    if (!k.found) return { ok: false, why: "unknown" };
    if (k.revoked) return { ok: false, why: "revoked" };
    if (k.expiresAt !== null && k.expiresAt <= now) return { ok: false, why: "expired" };
    return { ok: true, id: k.id, scopes: k.scopes };
  }

  /** Reads these hashes in one query; concurrent readers of a hash share its read. */
  private read(hashes: string[]): Promise<void> {
    const todo = hashes.filter((h) => !this.entries.get(h)?.inflight);
    const waits = hashes.map((h) => this.entries.get(h)?.inflight).filter((p): p is Promise<void> => !!p);
    if (todo.length > 0) {
      const started = this.now();
      const run = this.db.apiToken
        .findMany({
          where: { tokenHash: { in: todo } },
          select: { id: true, tokenHash: true, scopes: true, revokedAt: true, expiresAt: true, lastUsedAt: true },
        })
        .then(
          (rows) => {
            const byHash = new Map(rows.map((r) => [r.tokenHash, r]));
            for (const h of todo) {
              const entry = this.entries.get(h);
              if (!entry) continue;
              const r = byHash.get(h);
              entry.known = r
                ? {
                    found: true,
                    id: r.id,
                    scopes: new Set(r.scopes),
                    revoked: r.revokedAt !== null,
                    expiresAt: r.expiresAt?.getTime() ?? null,
                    lastUsedAt: r.lastUsedAt?.getTime() ?? null,
                  }
                : UNKNOWN;
              entry.checkedAt = started;
              entry.retryAt = 0;
            }
          },
          (e: Error) => {
            for (const h of todo) {
              const entry = this.entries.get(h);
              if (entry) entry.retryAt = this.now() + this.maxAgeMs;
            }
            this.log?.warn(`could not check API tokens: ${e.message}`);
          },
        )
        .finally(() => {
          for (const h of todo) {
            const entry = this.entries.get(h);
            if (entry?.inflight === run) entry.inflight = null;
          }
        });
      for (const h of todo) {
        const entry = this.entries.get(h);
        if (entry) entry.inflight = run;
      }
      waits.push(run);
    }
    return Promise.all(waits).then(() => {});
  }

  /** Re-reads every token used within the last minute; records lastUsedAt at most once a minute. */
  private async refresh(): Promise<void> {
    if (this.refreshing) return;
    this.refreshing = true;
    try {
      const now = this.now();
      this.evict(now, false);
      const hashes = [...this.entries].filter(([, e]) => now - e.usedAt < REFRESH_USED_WITHIN_MS && now >= e.retryAt).map(([h]) => h);
      if (hashes.length > 0) await this.read(hashes);
      const stale = [...this.entries.values()]
        .filter((e) => now - e.usedAt < REFRESH_USED_WITHIN_MS)
        .map((e) => e.known)
        .filter((k): k is Known => !!k?.found && (k.lastUsedAt === null || now - k.lastUsedAt > LAST_USED_WRITE_MS));
      for (const k of stale) k.lastUsedAt = now;
      if (stale.length > 0) {
        // informative only (Settings shows it); a read-only database user must not break routing
        await this.db.apiToken.updateMany({ where: { id: { in: stale.map((k) => k.id) } }, data: { lastUsedAt: new Date(now) } }).catch(() => {});
      }
    } finally {
      this.refreshing = false;
    }
  }

  /** Drops tokens unused for 10 minutes; when full, the least recently used half too. */
  private evict(now: number, full: boolean): void {
    for (const [h, e] of this.entries) if (now - e.usedAt > IDLE_EVICT_MS && !e.inflight) this.entries.delete(h);
    if (full && this.entries.size >= MAX_ENTRIES) {
      const byUse = [...this.entries].sort(([, a], [, b]) => a.usedAt - b.usedAt);
      for (const [h] of byUse.slice(0, byUse.length / 2)) this.entries.delete(h);
    }
  }
}
