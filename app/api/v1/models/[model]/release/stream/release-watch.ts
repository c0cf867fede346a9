import "server-only";
/**
 * Who is watching which model's release in this process, and telling them when it changed: the
 * release stream (route.ts) subscribes per open browser tab; each model's DTO is loaded once per
 * change and fanned out to every tab watching it.
 *
 * How a change is noticed. When this process runs the routing data plane (server.ts sets it in
 * the runtime, lib/routing/health.ts), its route snapshot's per-model subscription is used: it
 * follows LISTEN/NOTIFY, which every release move and pin sends in its transaction, so the change
 * is pushed within milliseconds of the commit. The epochs of watched models are still read in one
 * query — every move and pin bumps the epoch (lib/rollout/rows.ts), so an unchanged epoch means
 * an unchanged release — once a second for models nothing pushes (no data plane, or a model the
 * snapshot does not hold yet: nothing stable), and every 30 s for the others, as a fallback
 * should a notification be lost. Only watched models cost anything.
 */
import { db } from "@/lib/db";
import { getRelease, type ReleaseDetail } from "@/lib/rollout/queries";
import { routeChanges } from "@/lib/routing/health";
import { RELEASE_ENVIRONMENT } from "@/lib/database/environment";
import { runtimeOnce, type RouteChangeFeed } from "@/lib/runtime";

/** The release now, or null when the model no longer exists (the stream ends). */
export type ReleaseListener = (release: ReleaseDetail | null) => void;

export type ReleaseWatchOptions = {
  /** where changes are pushed from; default the running data plane's snapshot */
  changes?: () => RouteChangeFeed | null;
  /** how often the epochs of models nothing pushes are read */
  pollMs?: number;
  /** how often the epochs of pushed models are read anyway */
  fallbackMs?: number;
};

type Watched = {
  listeners: Set<ReleaseListener>;
  /** the last release pushed (or given by the first subscriber), to compare epochs with */
  last: ReleaseDetail | null;
  epoch: number;
  loading: Promise<void> | null;
  again: boolean;
  stopFollowing: (() => void) | null;
};

export class ReleaseWatch {
  private readonly watched = new Map<string, Watched>();
  private timer: NodeJS.Timeout | null = null;
  private polling = false;
  private lastFallback = 0;
  private readonly changes: () => RouteChangeFeed | null;
  private readonly pollMs: number;
  private readonly fallbackMs: number;

  constructor(opts: ReleaseWatchOptions = {}) {
    this.changes = opts.changes ?? routeChanges;
    this.pollMs = opts.pollMs ?? 1000;
    this.fallbackMs = opts.fallbackMs ?? 30_000;
  }

  /**
   * Calls `listener` after every change of `model`'s release. `current` is what the subscriber
   * already has; a newer release already loaded here is handed to it at once.
   */
  watch(model: string, current: ReleaseDetail, listener: ReleaseListener): () => void {
    let w = this.watched.get(model);
    if (!w) {
      w = { listeners: new Set(), last: current, epoch: current.epoch, loading: null, again: false, stopFollowing: null };
      this.watched.set(model, w);
      const changes = this.changes();
      if (changes) w.stopFollowing = changes.subscribe(model, () => void this.reload(model));
      this.startPolling();
    } else if (w.last && w.last.epoch > current.epoch) {
      listener(w.last);
    }
    w.listeners.add(listener);
    const entry = w;
    return () => {
      entry.listeners.delete(listener);
      if (entry.listeners.size === 0 && this.watched.get(model) === entry) {
        entry.stopFollowing?.();
        this.watched.delete(model);
        if (this.watched.size === 0) this.stopPolling();
      }
    };
  }

  /** Loads the release once and pushes it; a call during a load runs one more load after it. */
  private reload(model: string): Promise<void> {
    const w = this.watched.get(model);
    if (!w) return Promise.resolve();
    if (w.loading) {
      w.again = true;
      return w.loading;
    }
    w.loading = (async () => {
      do {
        w.again = false;
        try {
          const release = await getRelease(db(), model);
          if (release && w.last && release.epoch < w.last.epoch) continue;
          w.last = release;
          w.epoch = release?.epoch ?? w.epoch;
          for (const listener of [...w.listeners]) listener(release);
        } catch (e) {
          // the next change or poll tries again; the page keeps what it shows
          console.warn(`[rollgate] release stream: could not load the release of "${model}": ${(e as Error).message}`);
        }
      } while (w.again);
    })().finally(() => {
      w.loading = null;
    });
    return w.loading;
  }

  private startPolling(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.poll(), this.pollMs);
    this.timer.unref();
  }

  private stopPolling(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    const now = Date.now();
    const fallback = now - this.lastFallback >= this.fallbackMs;
    if (fallback) this.lastFallback = now;
    const changes = this.changes();
    const pushed = (model: string, w: Watched) => w.stopFollowing !== null && changes?.get(model) !== undefined;
    const polled = [...this.watched].filter(([model, w]) => fallback || !pushed(model, w)).map(([model]) => model);
    if (polled.length === 0) return;
    this.polling = true;
    try {
      const rows = await db().release.findMany({
        where: { environment: RELEASE_ENVIRONMENT, model: { key: { in: polled } } },
        select: { epoch: true, model: { select: { key: true } } },
      });
      const epochs = new Map(rows.map((r) => [r.model.key, r.epoch]));
      for (const model of polled) {
        const w = this.watched.get(model);
        // no Release row yet reads as epoch 0, as getRelease reports it
        if (w && (epochs.get(model) ?? 0) !== w.epoch) void this.reload(model);
      }
    } catch (e) {
      console.warn(`[rollgate] release stream: could not read release epochs: ${(e as Error).message}`);
    } finally {
      this.polling = false;
    }
  }
}

declare module "@/lib/runtime/parts" {
  interface Runtime {
    /** one per process: Next loads route modules in more than one module instance */
    releaseWatch: ReleaseWatch;
  }
}

export function releaseWatch(): ReleaseWatch {
  return runtimeOnce("releaseWatch", () => new ReleaseWatch());
}
