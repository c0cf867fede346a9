// The features each served version declares, read once per version through the registry API
// (GET /api/v1/models/{model}/versions/{version}, routes:read) as a service reads its own
// manifest at deploy time. Until a version's manifest is in, its events go without features.
import type { FeatureSpec } from "./features";

export type ManifestCache = {
  /** the version's features ([] when it declares none), or undefined while not fetched yet */
  features(model: string, version: string): readonly FeatureSpec[] | undefined;
  /** resolves when every fetch started so far has settled */
  settled(): Promise<void>;
};

const RETRY_MS = 5000;

export function manifestCache(opts: {
  url: string;
  token: string;
  fetch?: typeof fetch;
  now?: () => number;
  warn?: (message: string) => void;
}): ManifestCache {
  const fetchImpl = opts.fetch ?? globalThis.fetch;
  const now = opts.now ?? Date.now;
  const known = new Map<string, readonly FeatureSpec[]>();
  const failedAt = new Map<string, number>();
  const pending = new Map<string, Promise<void>>();
  const base = opts.url.replace(/\/+$/, "");

  async function load(model: string, version: string, id: string) {
    try {
      const res = await fetchImpl(`${base}/api/v1/models/${encodeURIComponent(model)}/versions/${encodeURIComponent(version)}`, {
        headers: { authorization: `Bearer ${opts.token}` },
        signal: AbortSignal.timeout(5000),
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const body = (await res.json()) as { manifest?: { features?: FeatureSpec[] } };
      known.set(id, body.manifest?.features ?? []);
      failedAt.delete(id);
    } catch (e) {
      failedAt.set(id, now());
      opts.warn?.(`demo traffic: could not read the manifest of ${model} ${version} (${(e as Error).message}); retrying`);
    } finally {
      pending.delete(id);
    }
  }

  return {
    features(model, version) {
      const id = `${model}\u0000${version}`;
      const have = known.get(id);
      if (have) return have;
      const failed = failedAt.get(id);
      if (!pending.has(id) && (failed === undefined || now() - failed >= RETRY_MS)) pending.set(id, load(model, version, id));
      return undefined;
    },
    async settled() {
      await Promise.all([...pending.values()]);
    },
  };
}
