/**
 * How manifest values read on the version, diff (and later approval) pages. Pure and unit-tested: units are
 * where a misreading ships a bad release (an error rate of 0.05 is 5 %, not 0.05 %).
 *
 * Paths use the notation of lib/registry/issues (`limits.max_error_rate`,
 * `features[1].baseline`); unit rules match on the path with array indices removed.
 */
import { stringify } from "yaml";
import { formatNumber, fractionAsPercent } from "@/lib/format/numbers";

export type Scalar = string | number | boolean | null;

export function isScalar(value: unknown): value is Scalar {
  return value === null || ["string", "number", "boolean"].includes(typeof value);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** A fraction with its percentage, as the manifest writes it and as people read it: "0.005 (0.5 %)". */
export function formatFraction(fraction: number): string {
  return `${formatNumber(fraction)} (${fractionAsPercent(fraction)})`;
}

function stripIndices(path: string): string {
  return path.replace(/\[\d+\]/g, "");
}

type UnitRule = (value: unknown) => string | null;

const num =
  (f: (n: number) => string): UnitRule =>
  (v) =>
    typeof v === "number" ? f(v) : null;

// Known fields with units. Anything not listed is shown as written.
const UNIT_RULES: Record<string, UnitRule> = {
  "limits.p95_latency_ms": num((n) => `${formatNumber(n)} ms`),
  "limits.max_error_rate": num(formatFraction),
  "rollout.initial_traffic_percent": num((n) => `${formatNumber(n)} %`),
  "rollout.bake_minutes": num((n) => `${formatNumber(n)} min`),
  "rollout.steps": (v) =>
    Array.isArray(v) && v.every((s) => typeof s === "number")
      ? v.length === 0
        ? "none"
        : v.map((s: number) => `${formatNumber(s)} %`).join(" → ")
      : null,
  allow_schema_downgrade: (v) => (typeof v === "boolean" ? (v ? "yes" : "no") : null),
};

/** A scalar as text: numbers without float noise, booleans as yes/no, null as "null". */
export function formatScalar(value: Scalar): string {
  if (typeof value === "number") return formatNumber(value);
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (value === null) return "null";
  return value;
}

/**
 * The value at `path` as one line of text when it has a known unit or is a scalar
 * ("120 ms", "0.01 (1 %)", "25 % → 50 % → 100 %"); null for structures the caller lays out
 * itself (objects, lists of objects).
 */
export function formatFieldValue(path: string, value: unknown): string | null {
  const rule = UNIT_RULES[stripIndices(path)];
  const withUnit = rule?.(value);
  if (withUnit) return withUnit;
  if (isScalar(value)) return formatScalar(value);
  return null;
}

/** A list of scalars on one line, e.g. log fields or bin edges: "0, 10, 50". */
export function formatScalarList(values: readonly unknown[]): string | null {
  if (!values.every(isScalar)) return null;
  return values.map((v) => formatScalar(v as Scalar)).join(", ");
}

/**
 * Any value for a diff cell: units and scalars as text, short scalar lists inline, anything
 * else as indented JSON (shown in a wrapping monospace block).
 */
export function formatDiffValue(path: string, value: unknown): { text: string; block: boolean } {
  const line = formatFieldValue(path, value);
  if (line !== null) return { text: line, block: false };
  if (Array.isArray(value)) {
    const list = formatScalarList(value);
    if (list !== null && list.length <= 120) return { text: `[${list}]`, block: false };
  }
  return { text: JSON.stringify(value, null, 2) ?? String(value), block: true };
}

// Human names for manifest keys, as the README and the OpenAPI document describe them. Unknown keys show as written.
const FIELD_LABELS: Record<string, string> = {
  artifact_uri: "Artifact URI",
  artifact_sha256: "Artifact SHA-256",
  preprocess_version: "Preprocessing version",
  schema_version: "Schema version",
  allow_schema_downgrade: "Allow schema downgrade",
  tokenizer: "Tokenizer",
  prompt_templates: "Prompt templates",
  postprocess: "Post-processing",
  thresholds: "Thresholds",
  rules: "Rules",
  training_data: "Training data",
  snapshot_uri: "Snapshot URI",
  sha256: "SHA-256",
  time_range: "Time range",
  runtime: "Runtime",
  python: "Python",
  framework: "Framework",
  container: "Container image",
  limits: "Limits",
  p95_latency_ms: "p95 latency",
  max_error_rate: "Max error rate",
  quality: "Quality guardrail",
  metric: "Metric",
  min: "Minimum",
  rollout: "Rollout",
  strategy: "Strategy",
  initial_traffic_percent: "Initial traffic",
  steps: "Steps",
  bake_minutes: "Bake time",
  observability: "Observability",
  log_fields: "Log fields",
  features: "Features",
  model_id: "Model id",
  model_version: "Model version",
  parent_version: "Parent version",
  changelog: "Changelog",
  name: "Name",
  version: "Version",
  kind: "Kind",
  bins: "Bin edges",
  categories: "Categories",
  baseline: "Baseline counts",
  from: "From",
  to: "To",
};

export function fieldLabel(key: string): string {
  return FIELD_LABELS[key] ?? key;
}

// The order fields are written in the README. Stored manifests are jsonb, whose key order is
// the database's, not the author's, so the pages restore the documented order.
const KEY_ORDER: Record<string, readonly string[]> = {
  tokenizer: ["name", "version", "sha256"],
  postprocess: ["thresholds", "rules"],
  training_data: ["snapshot_uri", "sha256", "time_range", "schema_version"],
  "training_data.time_range": ["from", "to"],
  runtime: ["python", "framework", "container"],
  limits: ["p95_latency_ms", "max_error_rate"],
  quality: ["metric", "min"],
  rollout: ["strategy", "initial_traffic_percent", "steps", "bake_minutes"],
  observability: ["log_fields"],
  prompt_templates: ["name", "version", "sha256"],
  features: ["name", "kind", "bins", "categories", "baseline"],
};

/**
 * An object's entries in the documented order for `path` (known keys first, in the README's
 * order), then any other keys alphabetically; undefined values dropped. Objects with no
 * documented order (rule objects) still lead with `name`, which is what identifies them.
 */
export function orderedEntries(path: string, obj: Record<string, unknown>): [string, unknown][] {
  const preferred = KEY_ORDER[stripIndices(path)] ?? ["name"];
  const rank = (k: string) => {
    const i = preferred.indexOf(k);
    return i === -1 ? preferred.length : i;
  };
  return Object.entries(obj)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** Column keys for a table of objects (prompt templates, features): documented order, then the rest. */
export function tableColumns(path: string, rows: readonly Record<string, unknown>[]): string[] {
  const keys = new Set<string>();
  for (const row of rows) for (const k of Object.keys(row)) if (row[k] !== undefined) keys.add(k);
  const merged = Object.fromEntries([...keys].map((k) => [k, true]));
  return orderedEntries(path, merged).map(([k]) => k);
}

/**
 * The manifest as YAML for the raw view: the text as sent when it was YAML (comments and
 * all, which is what the author wrote), else the JSON source converted. Converting the
 * source text rather than the stored object keeps the author's key order.
 */
export function manifestYaml(sourceText: string, sourceFormat: string, manifest: unknown): string {
  if (sourceFormat === "yaml" && sourceText.trim() !== "") return sourceText;
  let value: unknown = manifest;
  try {
    value = JSON.parse(sourceText);
  } catch {
    // Not JSON after all (an older row or an empty source): fall back to the stored manifest.
  }
  return stringify(value, { lineWidth: 0 });
}

/** "3 changes in 2 sections", "1 change in 1 section". */
export function diffSummary(changeCount: number, sectionCount: number): string {
  const changes = `${changeCount} ${changeCount === 1 ? "change" : "changes"}`;
  const sections = `${sectionCount} ${sectionCount === 1 ? "section" : "sections"}`;
  return `${changes} in ${sections}`;
}
