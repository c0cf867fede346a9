// Every model's routing table in memory, pre-serialised, so the data plane answers without
// touching the database. Kept fresh by the change feed (one model reloaded per notification),
// by a full reload whenever LISTEN is re-established (notifications sent while it was down are
// lost), and by a periodic full resync as a safety net.
import type { Database } from "../database/open";
import { changeFeedFor, type ChangeFeed, type RoutingLog } from "./change-feed";
import type { RoutesChanged } from "./notify";
import { loadAllTables, loadTable, type RouteTable } from "./table";

export type SnapshotEntry = {
  table: RouteTable;
  /** the table as JSON: the body of GET …/routes */
  body: Buffer;
  /** `"<epoch>"` */
  etag: string;
  /** the table as one Server-Sent Event: `id: <epoch>`, `event: routes`, `data: <json>` */
  event: Buffer;
};

export type SnapshotListener = (entry: SnapshotEntry) => void;

export type SnapshotStatus = {
  models: number;
  feed: "pg" | "pglite";
  listening: boolean;
  lastFullSyncAt: string | null;
  lastChangeAt: string | null;
  /**
   * Seconds since the tables were last known to be current, while they may not be (the LISTEN
   * connection is down or a reload failed: the database is unreachable); null while in sync.
   */
  staleSeconds: number | null;
};

export type SnapshotOptions = {
  log?: RoutingLog;
  /** full reload period; default 30 s */
  resyncMs?: number;
  /** replaces the LISTEN feed (tests) */
  feed?: ChangeFeed;
};

export const consoleLog: RoutingLog = {
  info: (m) => console.log(`[rollgate] ${m}`),
  warn: (m) => console.warn(`[rollgate] ${m}`),
};

export function entryFor(table: RouteTable): SnapshotEntry {
  const json = JSON.stringify(table);
  return {
    table,
    body: Buffer.from(json),
    etag: `"${table.epoch}"`,
    event: Buffer.from(`id: ${table.epoch}\nevent: routes\ndata: ${json}\n\n`),
  };
}

type Held = SnapshotEntry & { generation: number };

export class RouteSnapshot {
  private readonly entries = new Map<string, Held>();
  private readonly listeners = new Map<string, Set<SnapshotListener>>();
  private readonly reloading = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  private readonly feed: ChangeFeed;
  private readonly log: RoutingLog;
  private readonly resyncMs: number;
  private generation = 0;
  private resyncTimer: NodeJS.Timeout | null = null;
  private resyncing: Promise<void> | null = null;
  private resyncAgain = false;
  private lastFullSyncAt: Date | null = null;
  private lastChangeAt: Date | null = null;
  /** when the tables were last known current, while they may not be; null while in sync */
  private staleSince: number | null = null;
  private stopped = false;

  constructor(
    private readonly db: Database,
    opts: SnapshotOptions = {},
  ) {
    this.log = opts.log ?? consoleLog;
    this.resyncMs = opts.resyncMs ?? 30_000;
    this.feed = opts.feed ?? changeFeedFor(db, this.log);
  }

  /** LISTEN first, then the full load: a change committed in between is not missed. */
  async start(): Promise<void> {
    let first = true;
    await this.feed.start({
      onChange: (change) => this.onChange(change),
      onListening: () => {
        // the first full load is awaited below; later ones follow a reconnect
        if (first) first = false;
        else void this.resync();
      },
      onLost: () => this.markStale(),
    });
    await this.resync({ throwOnError: true });
    this.resyncTimer = setInterval(() => {
      void this.feed.check();
      void this.resync();
    }, this.resyncMs);
    this.resyncTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.resyncTimer) clearInterval(this.resyncTimer);
    this.resyncTimer = null;
    await this.feed.stop();
    await Promise.allSettled([...this.reloading.values(), this.resyncing]);
    this.listeners.clear();
  }

  get(model: string): SnapshotEntry | undefined {
    return this.entries.get(model);
  }

  models(): string[] {
    return [...this.entries.keys()];
  }

  /** Called with the new entry after every change of this model's table. */
  subscribe(model: string, listener: SnapshotListener): () => void {
    let set = this.listeners.get(model);
    if (!set) this.listeners.set(model, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(model) === set) this.listeners.delete(model);
    };
  }

  status(): SnapshotStatus {
    return {
      models: this.entries.size,
      feed: this.feed.kind,
      listening: this.feed.listening(),
      lastFullSyncAt: this.lastFullSyncAt?.toISOString() ?? null,
      lastChangeAt: this.lastChangeAt?.toISOString() ?? null,
      staleSeconds: this.staleSeconds(),
    };
  }

  /** See SnapshotStatus.staleSeconds; cheap enough for every request. */
  staleSeconds(): number | null {
    if (this.staleSince === null) {
      // a feed that stopped listening without saying so (a check found it dead) counts too
      if (this.feed.listening() || this.stopped) return null;
      this.staleSince = Date.now();
    }
    return Math.floor((Date.now() - this.staleSince) / 1000);
  }

  private markStale(): void {
    // the tables were current up to the moment the connection or a read failed
    this.staleSince ??= Date.now();
  }

  private onChange(change: RoutesChanged | null): void {
    if (this.stopped) return;
    if (!change) {
      this.log.warn("unreadable routing change notification; reloading every table");
      void this.resync();
      return;
    }
    const held = this.entries.get(change.model);
    // a notification older than what is held was overtaken by a later change already loaded
    if (held && change.epoch < held.table.epoch) return;
    void this.reloadModel(change.model);
  }

  /**
   * Reloads one model. Calls for a model already being reloaded run once more after the
   * current load (the change may have committed after its query started), never in parallel.
   */
  reloadModel(model: string): Promise<void> {
    const running = this.reloading.get(model);
    if (running) {
      this.again.add(model);
      return running;
    }
    const run = (async () => {
      do {
        this.again.delete(model);
        try {
          const table = await loadTable(this.db.prisma, model);
          if (table) this.apply(table);
          else this.remove(model);
        } catch (e) {
          // the table held stays served; the reconnect or the periodic resync catches up
          if (!this.stopped) {
            this.markStale();
            this.log.warn(`could not reload the routing table of "${model}": ${(e as Error).message}`);
          }
        }
      } while (this.again.has(model) && !this.stopped);
    })().finally(() => this.reloading.delete(model));
    this.reloading.set(model, run);
    return run;
  }

  /**
   * Reloads every table; tables that no longer exist are dropped. A call while a reload runs
   * gets one more reload after it (its query may predate what the caller needs to see).
   */
  resync(opts: { throwOnError?: boolean } = {}): Promise<void> {
    if (this.resyncing) {
      this.resyncAgain = true;
      return this.resyncing;
    }
    const run = (async () => {
      do {
        this.resyncAgain = false;
        const before = this.generation;
        // a full load that starts while LISTEN is in place misses nothing
        const listeningBefore = this.feed.listening();
        try {
          const tables = await loadAllTables(this.db.prisma);
          for (const table of tables.values()) this.apply(table);
          for (const [model, held] of this.entries) {
            // an entry set after this load began came from a newer read: keep it
            if (!tables.has(model) && held.generation <= before) this.remove(model);
          }
          this.lastFullSyncAt = new Date();
          if (listeningBefore && this.feed.listening()) this.staleSince = null;
        } catch (e) {
          if (opts.throwOnError) throw e;
          if (!this.stopped) {
            this.markStale();
            this.log.warn(`could not reload the routing tables: ${(e as Error).message}`);
          }
        }
      } while (this.resyncAgain && !this.stopped);
    })().finally(() => {
      this.resyncing = null;
    });
    this.resyncing = run;
    return run;
  }

  /** Holds the table unless an equal or newer one is held already; tells the listeners. */
  private apply(table: RouteTable): void {
    const held = this.entries.get(table.model);
    if (held && table.epoch < held.table.epoch) return;
    const entry = entryFor(table);
    if (held && table.epoch === held.table.epoch && entry.body.equals(held.body)) return;
    this.entries.set(table.model, { ...entry, generation: ++this.generation });
    this.lastChangeAt = new Date();
    const set = this.listeners.get(table.model);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(entry);
      } catch (e) {
        this.log.warn(`a routing table listener failed: ${(e as Error).message}`);
      }
    }
  }

  private remove(model: string): void {
    if (this.entries.delete(model)) this.lastChangeAt = new Date();
  }
}
