/**
 * Structural manifest diff (`GET /api/v1/models/{model}/diff`) and the section layout the
 * version page and the diff view share.
 *
 * - Objects are compared key by key, keys in code-point order so the same two manifests give
 *   the same list whatever key order or format they were sent in.
 * - Arrays whose items are all objects with a unique string `name` (prompt_templates,
 *   features) are matched by name, so inserting a template does not report every later one
 *   as changed. A changed or added item's path uses its index in the *after* array; a
 *   removed item's path uses its index in the *before* array (the only array it is in).
 *   Reordering alone is not a change.
 * - Every other array (steps, log_fields, postprocess.rules) is one value: a difference is a
 *   single `changed` entry holding both arrays, which reads better than per-index noise and
 *   keeps order-sensitive lists (rules run in order) intact.
 * - A key present on one side only is `added`/`removed`; an undefined value counts as absent.
 */
import { canonicalJson, compareCodePoints } from "../audit/canonical";
import { formatPath } from "../input/path";
import { topLevelKey } from "./issues";

export type Change = {
  path: string;
  kind: "added" | "removed" | "changed";
  before?: unknown;
  after?: unknown;
};

type Segment = string | number;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  try {
    return canonicalJson(a) === canonicalJson(b);
  } catch {
    return false;
  }
}

function namedItems(items: unknown[]): Map<string, number> | null {
  const byName = new Map<string, number>();
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (!isPlainObject(item) || typeof item.name !== "string" || byName.has(item.name)) return null;
    byName.set(item.name, i);
  }
  return byName;
}

function diffValues(before: unknown, after: unknown, path: Segment[], out: Change[]): void {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    for (const key of [...keys].sort(compareCodePoints)) {
      const b = before[key];
      const a = after[key];
      const childPath = [...path, key];
      if (b === undefined && a === undefined) continue;
      if (b === undefined) out.push({ path: formatPath(childPath), kind: "added", after: a });
      else if (a === undefined) out.push({ path: formatPath(childPath), kind: "removed", before: b });
      else diffValues(b, a, childPath, out);
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const beforeNames = namedItems(before);
    const afterNames = namedItems(after);
    // Two empty arrays are "named" trivially and equal; only match by name when one side
    // actually has named items.
    if (beforeNames && afterNames && (before.length > 0 || after.length > 0)) {
      for (const [name, afterIndex] of afterNames) {
        const beforeIndex = beforeNames.get(name);
        const itemPath = [...path, afterIndex];
        if (beforeIndex === undefined) {
          out.push({ path: formatPath(itemPath), kind: "added", after: after[afterIndex] });
        } else {
          diffValues(before[beforeIndex], after[afterIndex], itemPath, out);
        }
      }
      for (const [name, beforeIndex] of beforeNames) {
        if (!afterNames.has(name)) {
          out.push({ path: formatPath([...path, beforeIndex]), kind: "removed", before: before[beforeIndex] });
        }
      }
      return;
    }
  }
  if (!sameValue(before, after)) {
    out.push({ path: formatPath(path), kind: "changed", before, after });
  }
}

/**
 * Changes from `before` to `after`. `before` may be undefined (a first version): every
 * top-level field is then `added`.
 */
export function diffManifests(before: unknown, after: unknown): Change[] {
  const out: Change[] = [];
  diffValues(before === undefined ? {} : before, after === undefined ? {} : after, [], out);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Sections

export const MANIFEST_SECTIONS = [
  { id: "artifact", title: "Artifact", keys: ["artifact_uri", "artifact_sha256"] },
  {
    id: "preprocessing",
    title: "Preprocessing & schema",
    keys: ["preprocess_version", "schema_version", "allow_schema_downgrade"],
  },
  { id: "tokenizer", title: "Tokenizer", keys: ["tokenizer"] },
  { id: "prompts", title: "Prompts", keys: ["prompt_templates"] },
  { id: "postprocessing", title: "Post-processing", keys: ["postprocess"] },
  { id: "training_data", title: "Training data", keys: ["training_data"] },
  { id: "runtime", title: "Runtime", keys: ["runtime"] },
  { id: "limits", title: "Limits", keys: ["limits", "quality"] },
  { id: "rollout", title: "Rollout", keys: ["rollout"] },
  { id: "observability", title: "Observability", keys: ["observability"] },
  { id: "features", title: "Features", keys: ["features"] },
  // Also the home of any key no other section lists.
  {
    id: "metadata",
    title: "Metadata",
    keys: ["model_id", "model_version", "parent_version", "changelog"],
  },
] as const satisfies readonly { id: string; title: string; keys: readonly string[] }[];

export type ManifestSection = (typeof MANIFEST_SECTIONS)[number];
export type ManifestSectionId = ManifestSection["id"];

const SECTION_BY_KEY = new Map<string, ManifestSectionId>(MANIFEST_SECTIONS.flatMap((s) => s.keys.map((k) => [k, s.id] as const)));

/** The section a top-level manifest key belongs to; unknown keys fall into metadata. */
export function sectionForKey(key: string): ManifestSectionId {
  return SECTION_BY_KEY.get(key) ?? "metadata";
}

export type ChangeGroup = { id: ManifestSectionId; title: string; changes: Change[] };

/** Changes grouped in MANIFEST_SECTIONS order; sections without changes are left out. */
export function groupChangesBySection(changes: readonly Change[]): ChangeGroup[] {
  const bySection = new Map<ManifestSectionId, Change[]>();
  for (const change of changes) {
    const id = sectionForKey(topLevelKey(change.path));
    const list = bySection.get(id) ?? [];
    list.push(change);
    bySection.set(id, list);
  }
  return MANIFEST_SECTIONS.filter((s) => bySection.has(s.id)).map((s) => ({
    id: s.id,
    title: s.title,
    changes: bySection.get(s.id)!,
  }));
}

export type ManifestSectionView = {
  id: ManifestSectionId;
  title: string;
  entries: { key: string; value: unknown }[];
};

/**
 * A manifest laid out by section for the version page: section order, keys in the section's
 * listed order, unlisted keys appended to metadata. Sections with no keys present are left out.
 */
export function groupManifestBySection(manifest: Record<string, unknown>): ManifestSectionView[] {
  const listed = new Set<string>(MANIFEST_SECTIONS.flatMap((s) => s.keys));
  const extra = Object.keys(manifest).filter((k) => !listed.has(k) && manifest[k] !== undefined);
  const views: ManifestSectionView[] = [];
  for (const section of MANIFEST_SECTIONS) {
    const keys = [...section.keys, ...(section.id === "metadata" ? extra : [])];
    const entries = keys.filter((k) => manifest[k] !== undefined).map((k) => ({ key: k, value: manifest[k] }));
    if (entries.length > 0) views.push({ id: section.id, title: section.title, entries });
  }
  return views;
}
