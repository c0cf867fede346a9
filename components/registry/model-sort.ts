/**
 * Sorting the models list. The registry returns every model (a registry holds tens of
 * models, not thousands), so the page sorts and slices in memory.
 * Rules: text compares case-insensitively with the key as tie-breaker, so the order is
 * stable across reloads; a missing value (no PROD version, no versions yet) sorts last in
 * both directions, since "nothing" is never the interesting end of a column.
 */
import type { SortDir } from "@/components/ui/table-params";

export const MODEL_SORT_KEYS = ["name", "owner", "prod", "latest", "versions"] as const;
export type ModelSortKey = (typeof MODEL_SORT_KEYS)[number];

export type SortableModel = {
  key: string;
  name: string;
  ownerTeam: string;
  prodVersion: string | null;
  latestAt: string | null;
  versionCount: number;
};

const text = new Intl.Collator("en", { sensitivity: "base", numeric: true });

function valueOf(m: SortableModel, key: ModelSortKey): string | number | null {
  switch (key) {
    case "name":
      return m.name || m.key;
    case "owner":
      return m.ownerTeam || null;
    case "prod":
      return m.prodVersion;
    case "latest":
      return m.latestAt === null ? null : Date.parse(m.latestAt);
    case "versions":
      return m.versionCount;
  }
}

export function sortModels<M extends SortableModel>(models: readonly M[], sort: ModelSortKey, dir: SortDir): M[] {
  const sign = dir === "asc" ? 1 : -1;
  return [...models].sort((a, b) => {
    const va = valueOf(a, sort);
    const vb = valueOf(b, sort);
    if (va === null || vb === null) {
      if (va !== vb) return va === null ? 1 : -1;
    } else {
      const c = typeof va === "number" && typeof vb === "number" ? va - vb : text.compare(String(va), String(vb));
      if (c !== 0) return sign * c;
    }
    return text.compare(a.key, b.key);
  });
}
