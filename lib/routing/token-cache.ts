// API tokens for the data plane without a database query per request: token hash → what the
// database said about it (revoked, expired, its owner's account disabled), at most `maxAgeMs`
// (1 s) ago. A background pass re-reads every token used recently in one query twice a second,
// so hot tokens are always fresh and a revocation, an expiry or a disabled owner holds within a
// second; a request only waits for the database the first time a token is seen (or after it sat
// unused). Open streams ask for a forced re-read (`recheck`) before every change they deliver.
//
// Fail-static: while the database is unreachable, a token keeps the answer it had, so routing
// keeps working. So that a valid token presented for the first time during an outage is known
// too, every valid token with the data plane's scope is loaded at start and every `warmMs`
// (30 s). A token the cache has never heard of gets a 503 while the database is away.
import * as crypto from "node:crypto";
import { hashToken } from "../auth/tokens";
import type { Tx } from "../database/types";
import type { RoutingLog } from "./change-feed";

export type TokenVerdict =
  | { ok: true; id: string; scopes: ReadonlySet<string> }
  | { ok: false; why: "unknown" | "revoked" | "expired" | "disabled" | "malformed" | "unavailable" };

type Known = {
  found: boolean;
  id: string;
  scopes: ReadonlySet<string>;
  revoked: boolean;
  /** the account that created it is disabled */
  ownerDisabled: boolean;
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
  /** loaded by the warm-up (kept while it lists the token, even unused) */
  warm: boolean;
};

export type TokenCacheOptions = {
  /** a cached answer older than this is re-read before use; default 1000 ms */
  maxAgeMs?: number;
  /** background refresh period; default 500 ms */
  refreshMs?: number;
  /** period of the warm-up that loads every valid token with `warmScope`; default 30 s, 0 = never */
  warmMs?: number;
  /** the scope whose tokens the warm-up loads; default routes:read (the data plane's) */
  warmScope?: string;
  log?: RoutingLog;
  now?: () => number;
};

const MAX_ENTRIES = 10_000;
const MAX_WARM = MAX_ENTRIES / 2;
const IDLE_EVICT_MS = 10 * 60_000;
const REFRESH_USED_WITHIN_MS = 60_000;
const LAST_USED_WRITE_MS = 60_000;
// The same sha256 hex as hashToken; the one-shot crypto.hash (Node ≥ 20.12) allocates no Hash
// object, which at tens of thousands of requests a second is a measurable share of the work.
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: "hex") => string }).hash;
const sha256Hex = oneShot ? (secret: string) => oneShot("sha256", secret, "hex") : hashToken;

const UNKNOWN: Known = { found: false, id: "", scopes: new Set(), revoked: false, ownerDisabled: false, expiresAt: null, lastUsedAt: null };

const SELECT = {
  id: true,
  tokenHash: true,
  scopes: true,
  revokedAt: true,
  expiresAt: true,
  lastUsedAt: true,
  createdBy: { select: { disabledAt: true } },
} as const;

type Row = {
  id: string;
  tokenHash: string;
  scopes: string[];
  revokedAt: Date | null;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  createdBy: { disabledAt: Date | null } | null;
};

const knownFrom = (r: Row): Known => ({
  found: true,
  id: r.id,
  scopes: new Set(r.scopes),
  revoked: r.revokedAt !== null,
  ownerDisabled: r.createdBy?.disabledAt != null,
  expiresAt: r.expiresAt?.getTime() ?? null,
  lastUsedAt: r.lastUsedAt?.getTime() ?? null,
});

export class TokenCache {
  private readonly entries = new Map<string, Entry>();
  private readonly maxAgeMs: number;
  private readonly warmScope: string;
  private readonly now: () => number;
  private readonly log?: RoutingLog;
  private timer: NodeJS.Timeout | null = null;
  private warmTimer: NodeJS.Timeout | null = null;
  private refreshing = false;
  private warming: Promise<void> | null = null;
  /** hashes waiting for the next batched forced read, and that read */
  private recheckQueue: Set<string> | null = null;
  private recheckRun: Promise<void> | null = null;

  constructor(
    private readonly db: Tx,
    opts: TokenCacheOptions = {},
  ) {
    this.maxAgeMs = opts.maxAgeMs ?? 1000;
    this.now = opts.now ?? Date.now;
    this.log = opts.log;
    this.warmScope = opts.warmScope ?? "routes:read";
    const refreshMs = opts.refreshMs ?? 500;
    if (refreshMs > 0) {
      this.timer = setInterval(() => void this.refresh(), refreshMs);
      this.timer.unref();
    }
    const warmMs = opts.warmMs ?? 30_000;
    if (warmMs > 0) {
      this.warmTimer = setInterval(() => void this.warm(), warmMs);
      this.warmTimer.unref();
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.warmTimer) clearInterval(this.warmTimer);
    this.timer = null;
    this.warmTimer = null;
  }

  /** The hash a secret is cached under (for `verifyHash` and `recheck`). */
  hashOf(secret: string): string | null {
    if (!secret.startsWith("rg_") || secret.length > 200) return null;
    return sha256Hex(secret);
  }

  /** The verdict for a bearer secret: synchronous when the cache is fresh, else after one read. */
  verify(secret: string): TokenVerdict | Promise<TokenVerdict> {
    const hash = this.hashOf(secret);
    if (!hash) return { ok: false, why: "malformed" };
    return this.verifyHash(hash);
  }

  /** `verify` for a hash from `hashOf`. */
  verifyHash(hash: string): TokenVerdict | Promise<TokenVerdict> {
    const now = this.now();
    let entry = this.entries.get(hash);
    if (entry) {
      entry.usedAt = now;
      if (entry.known && (now - entry.checkedAt < this.maxAgeMs || now < entry.retryAt)) return this.verdict(entry.known, now);
    } else {
      entry = this.add(hash, now);
    }
    const e = entry;
    if (!e.known && now < e.retryAt) return { ok: false, why: "unavailable" };
    return this.read([hash]).then(() => this.answer(e));
  }

  /**
   * The verdict from a read that starts after this call (batched with other rechecks in the same
   * tick into one query): what an open stream asks before delivering a change. When the database
   * cannot be read, the answer the cache had.
   */
  recheck(hash: string): Promise<TokenVerdict> {
    const e = this.entries.get(hash) ?? this.add(hash, this.now());
    e.usedAt = this.now();
    if (!this.recheckQueue || !this.recheckRun) {
      const queue = (this.recheckQueue = new Set());
      this.recheckRun = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        if (this.recheckQueue === queue) this.recheckQueue = null;
        return this.read([...queue], true);
      });
    }
    this.recheckQueue.add(hash);
    return this.recheckRun.then(() => this.answer(this.entries.get(hash) ?? e));
  }

  /**
   * Loads every valid token with the warm scope, so that one presented for the first time while
   * the database is unreachable is known. Tokens it no longer lists (revoked, expired, deleted)
   * and nobody used lately are dropped; used ones are kept fresh by the refresh pass.
   */
  warm(): Promise<void> {
    if (this.warming) return this.warming;
    const run = (async () => {
      const started = this.now();
      let rows: Row[];
      try {
        rows = await this.db.apiToken.findMany({
          where: {
            revokedAt: null,
            scopes: { has: this.warmScope },
            OR: [{ expiresAt: null }, { expiresAt: { gt: new Date(started) } }],
          },
          select: SELECT,
          orderBy: { createdAt: "desc" },
          take: MAX_WARM,
        });
      } catch (e) {
        this.log?.warn(`could not load the API tokens ahead of use: ${(e as Error).message}`);
        return;
      }
      const listed = new Set<string>();
      for (const r of rows) {
        listed.add(r.tokenHash);
        const entry = this.entries.get(r.tokenHash) ?? this.add(r.tokenHash, 0);
        entry.warm = true;
        // a read that started later already holds a newer answer
        if (entry.checkedAt > started) continue;
        entry.known = knownFrom(r);
        entry.checkedAt = started;
      }
      for (const [h, e] of this.entries) {
        if (!e.warm || listed.has(h)) continue;
        e.warm = false;
        if (started - e.usedAt >= REFRESH_USED_WITHIN_MS && !e.inflight) this.entries.delete(h);
      }
    })().finally(() => {
      this.warming = null;
    });
    this.warming = run;
    return run;
  }

  private add(hash: string, usedAt: number): Entry {
    if (this.entries.size >= MAX_ENTRIES) this.evict(this.now(), true);
    const entry: Entry = { known: null, checkedAt: 0, usedAt, retryAt: 0, inflight: null, warm: false };
    this.entries.set(hash, entry);
    return entry;
  }

  private answer(e: Entry): TokenVerdict {
    return e.known ? this.verdict(e.known, this.now()) : { ok: false, why: "unavailable" };
  }

  private verdict(k: Known, now: number): TokenVerdict {
    if (!k.found) return { ok: false, why: "unknown" };
    if (k.revoked) return { ok: false, why: "revoked" };
    if (k.expiresAt !== null && k.expiresAt <= now) return { ok: false, why: "expired" };
    if (k.ownerDisabled) return { ok: false, why: "disabled" };
    return { ok: true, id: k.id, scopes: k.scopes };
  }

  /**
   * Reads these hashes in one query; concurrent readers of a hash share its read, unless `force`
   * (the read must start now: one in flight may predate what the caller needs to see).
   */
  private read(hashes: string[], force = false): Promise<void> {
    const toRead = force ? hashes : hashes.filter((h) => !this.entries.get(h)?.inflight);
    const waits = force ? [] : hashes.map((h) => this.entries.get(h)?.inflight).filter((p): p is Promise<void> => !!p);
    if (toRead.length > 0) {
      const started = this.now();
      const run = this.db.apiToken
        .findMany({ where: { tokenHash: { in: toRead } }, select: SELECT })
        .then(
          (rows) => {
            const byHash = new Map(rows.map((r) => [r.tokenHash, r]));
            for (const h of toRead) {
              const entry = this.entries.get(h);
              // a read that started later already holds a newer answer
              if (!entry || entry.checkedAt > started) continue;
              const r = byHash.get(h);
              entry.known = r ? knownFrom(r) : UNKNOWN;
              entry.checkedAt = started;
              entry.retryAt = 0;
            }
          },
          (e: Error) => {
            for (const h of toRead) {
              const entry = this.entries.get(h);
              if (entry) entry.retryAt = this.now() + this.maxAgeMs;
            }
            this.log?.warn(`could not check API tokens: ${e.message}`);
          },
        )
        .finally(() => {
          for (const h of toRead) {
            const entry = this.entries.get(h);
            if (entry?.inflight === run) entry.inflight = null;
          }
        });
      for (const h of toRead) {
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
        await this.db.apiToken
          .updateMany({ where: { id: { in: stale.map((k) => k.id) } }, data: { lastUsedAt: new Date(now) } })
          .catch(() => {});
      }
    } finally {
      this.refreshing = false;
    }
  }

  /** Drops tokens unused for 10 minutes (unless the warm-up lists them); when full, the least recently used half too. */
  private evict(now: number, full: boolean): void {
    for (const [h, e] of this.entries) if (!e.warm && now - e.usedAt > IDLE_EVICT_MS && !e.inflight) this.entries.delete(h);
    if (full && this.entries.size >= MAX_ENTRIES) {
      const byUse = [...this.entries].sort(([, a], [, b]) => a.usedAt - b.usedAt);
      for (const [h] of byUse.slice(0, byUse.length / 2)) this.entries.delete(h);
    }
  }
}
