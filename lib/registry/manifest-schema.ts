/**
 * The release manifest, exactly as the REST API names its fields (snake_case). This module only
 * knows the manifest itself; rules that need database facts (budgets, parent, PROD schema)
 * live in manifest-checks.ts.
 *
 * Every object with a fixed shape is strict: an unknown key is refused rather than dropped.
 * A manifest is a release contract, and a typo such as `p95_latency:` or `max_error-rate:`
 * silently stripped would ship a release without the limit its author believes is set.
 * The only free-form maps are `postprocess.thresholds` (named thresholds) and rule objects in
 * `postprocess.rules`, whose keys belong to the serving code, not to Rollgate.
 *
 * Value rules are written as refinements on the smallest object that holds every value they
 * compare (a step and the initial percentage live in `rollout`, bins and baseline in one
 * feature), so a fault elsewhere in the manifest never hides them: `validateManifest`
 * reports all issues at once.
 *
 * No defaults or transforms: the validated manifest is what the client sent, so its content
 * hash is the hash of what the client sent.
 */
import { z } from "zod";
import { formatNumber } from "../format/numbers";
import { textProblem } from "../input/storable-text";
import { unsafeInputIssues } from "../input/unsafe-input";
import { formatPath } from "../input/path";
import type { ManifestIssue } from "./issues";

// ---------------------------------------------------------------------------------------------
// Floating references

export const FLOATING_REFERENCE_WORDS = ["latest", "prod-latest", "stable", "current", "head", "main", "master"] as const;

const FLOATING_WORDS: ReadonlySet<string> = new Set(FLOATING_REFERENCE_WORDS);

/**
 * The first floating word used as a path segment, tag, version or query value of `ref`, or
 * null. Segments are split on `/ : @ ? # & =` so `s3://m/fraud/latest/model.onnx`,
 * `img:latest`, `pkg@latest` and `hf://org/tok?revision=main` are all caught. Dots do not
 * split: `main.py` or `current.example.com` are names, not aliases. Besides the listed
 * words, any segment ending in `-latest` or `_latest` (`prod-latest`, `model_latest`) is
 * floating. Matching ignores case.
 */
export function findFloatingReference(ref: string): string | null {
  for (const segment of ref.split(/[/:@?#&=\s]+/)) {
    const word = segment.toLowerCase();
    if (FLOATING_WORDS.has(word) || word.endsWith("-latest") || word.endsWith("_latest")) {
      return segment;
    }
  }
  return null;
}

function floatingMessage(label: string, value: string, word: string): string {
  return (
    `${label} "${value}" uses the floating reference "${word}", which can point at different ` +
    `content tomorrow. Pin an immutable version (a release number, a dated id or a digest) so ` +
    `this release can be reproduced and rolled back.`
  );
}

// ---------------------------------------------------------------------------------------------
// Timestamped version ids: YYYY-MM-DD.N

export type VersionId = { date: string; n: number };

const VERSION_ID_SHAPE = /^(\d{4})-(\d{2})-(\d{2})\.(\d+)$/;

function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= daysInMonth;
}

/**
 * Parses `2026-01-15.2`. The counter starts at 1 and has no leading zeros, so one version has
 * exactly one spelling (`.1` and `.01` would otherwise be two ids for the same release).
 */
export function parseVersionId(value: string): VersionId | null {
  const m = VERSION_ID_SHAPE.exec(value);
  if (!m) return null;
  const [, y = "", mo = "", d = "", n = ""] = m;
  if (!isRealDate(Number(y), Number(mo), Number(d))) return null;
  if (!/^[1-9]\d{0,8}$/.test(n)) return null;
  return { date: `${y}-${mo}-${d}`, n: Number(n) };
}

/** Orders two valid version ids by date, then counter. Invalid ids sort as strings. */
export function compareVersionIds(a: string, b: string): number {
  const pa = parseVersionId(a);
  const pb = parseVersionId(b);
  if (!pa || !pb) return a < b ? -1 : a > b ? 1 : 0;
  if (pa.date !== pb.date) return pa.date < pb.date ? -1 : 1;
  return pa.n - pb.n;
}

function versionIdProblem(label: string, value: string): string | null {
  const m = VERSION_ID_SHAPE.exec(value);
  if (!m) {
    const floating = findFloatingReference(value);
    const what = floating ? `uses the floating reference "${floating}"` : "is not a timestamped version id";
    return `${label} "${value}" ${what}: use YYYY-MM-DD.N, e.g. 2026-01-15.2 (the release date and a counter starting at 1).`;
  }
  const [, y = "", mo = "", d = "", n = ""] = m;
  if (!isRealDate(Number(y), Number(mo), Number(d))) {
    return `${label} "${value}": ${y}-${mo}-${d} is not a real calendar date (expected YYYY-MM-DD.N, e.g. 2026-01-15.2).`;
  }
  if (!/^[1-9]\d{0,8}$/.test(n)) {
    return `${label} "${value}": the counter after the date starts at 1 and has no leading zeros (e.g. ${y}-${mo}-${d}.1).`;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// ISO instants for training time ranges

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Epoch milliseconds of `YYYY-MM-DD` (midnight UTC at the start of that day) or of a date-time
 * with an explicit timezone. A date-time without a zone is refused: it would mean a different
 * instant depending on where the validator runs.
 */
export function parseIsoInstant(value: string): number | null {
  const date = ISO_DATE.exec(value);
  if (date) {
    const [y = 0, mo = 0, d = 0] = date.slice(1).map(Number);
    if (!isRealDate(y, mo, d)) return null;
    return utc(y, mo, d, 0, 0, 0, 0);
  }
  const dt = ISO_DATE_TIME.exec(value);
  if (!dt) return null;
  const [y = 0, mo = 0, d = 0, h = 0, mi = 0] = dt.slice(1, 6).map(Number);
  const s = dt[6] === undefined ? 0 : Number(dt[6]);
  const ms = dt[7] === undefined ? 0 : Number(dt[7].slice(0, 3).padEnd(3, "0"));
  if (!isRealDate(y, mo, d) || h > 23 || mi > 59 || s > 59) return null;
  let offsetMinutes = 0;
  const zone = dt[8] ?? "Z";
  if (zone !== "Z") {
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(4, 6));
    if (oh > 23 || om > 59) return null;
    offsetMinutes = (zone[0] === "-" ? -1 : 1) * (oh * 60 + om);
  }
  return utc(y, mo, d, h, mi, s, ms) - offsetMinutes * 60_000;
}

function utc(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number) {
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 onto 1900–1999.
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, ms);
  return date.getTime();
}

// ---------------------------------------------------------------------------------------------
// Field builders

type Rule<T> = (value: T) => string | null;

function ruled<S extends z.ZodType>(schema: S, ...rules: Rule<z.output<S>>[]): S {
  return schema.superRefine((value, ctx) => {
    for (const rule of rules) {
      const message = rule(value);
      if (message) ctx.addIssue({ code: "custom", message });
    }
  });
}

/** Text PostgreSQL cannot store (a NUL, an unpaired surrogate) is refused in every string field. */
function storableRule(label: string): Rule<string> {
  return (v) => {
    const problem = textProblem(v);
    return problem ? `${label} ${problem}.` : null;
  };
}

function text(label: string) {
  return ruled(z.string(), (v) => (v.trim() === "" ? `${label} must not be empty.` : null), storableRule(label));
}

/**
 * A version written as a number (`schema_version: 12` in JSON, or YAML the parser did not keep
 * as written) is the same version as the string: canonicalised before the checks, so both hash
 * the same. Anything else that is not a string keeps the usual "must be a string" error.
 */
function versionLike<S extends z.ZodType>(schema: S) {
  return z.preprocess((v) => (typeof v === "number" && Number.isFinite(v) ? String(v) : v), schema);
}

/** A string that names something immutable: refused when empty or floating. */
function reference(label: string) {
  return ruled(
    z.string(),
    (v) => (v.trim() === "" ? `${label} must not be empty.` : null),
    storableRule(label),
    (v) => {
      const word = findFloatingReference(v);
      return word ? floatingMessage(label, v, word) : null;
    },
  );
}

// ---------------------------------------------------------------------------------------------
// Artifact and snapshot URIs

/**
 * Where serving fetches a model artifact from: object stores (Amazon S3, Google Cloud Storage,
 * Azure Blob and Data Lake), the Hugging Face Hub, OCI registries, and HTTPS. Anything else
 * (`javascript:`, `data:`, `file:`, plain `http:`) is refused: the URI is shown to reviewers
 * and handed to deployment tooling, so it must name a place an artifact can really come from.
 */
export const ARTIFACT_URI_SCHEMES = ["s3", "gs", "az", "abfs", "abfss", "hf", "oci", "https"] as const;
const ARTIFACT_SCHEMES: ReadonlySet<string> = new Set(ARTIFACT_URI_SCHEMES);

/** Schemes a browser would run or inline; never a place data lives. */
const ACTIVE_SCHEMES: ReadonlySet<string> = new Set(["javascript", "vbscript", "data", "blob"]);

const URI_SHAPE = /^([A-Za-z][A-Za-z0-9+.-]*):/;

function artifactUriProblem(v: string): string | null {
  if (v.trim() === "") return null; // reported as empty
  const scheme = URI_SHAPE.exec(v)?.[1]?.toLowerCase();
  const allowed = ARTIFACT_URI_SCHEMES.map((s) => `${s}://`).join(", ");
  if (!scheme || !ARTIFACT_SCHEMES.has(scheme) || !/^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s/]/.test(v)) {
    return `artifact_uri "${v.length > 80 ? `${v.slice(0, 80)}…` : v}" must be a URI with one of the schemes ${allowed} and a location after "//", e.g. s3://models/fraud/2026-01-15.2/model.onnx.`;
  }
  if (/[\s\p{C}]/u.test(v)) return "artifact_uri must not contain spaces or control characters.";
  return null;
}

function snapshotUriProblem(v: string): string | null {
  const scheme = URI_SHAPE.exec(v)?.[1]?.toLowerCase();
  if (scheme && ACTIVE_SCHEMES.has(scheme)) {
    return `training_data.snapshot_uri must name where the training data lives; the scheme "${scheme}:" is refused.`;
  }
  return null;
}

function sha256Problem(label: string, v: string): string | null {
  if (/^[0-9a-f]{64}$/.test(v)) return null;
  if (/^sha256:/i.test(v)) {
    return `${label} must be the bare digest: 64 lowercase hex characters without the "sha256:" prefix.`;
  }
  if (/^[0-9a-fA-F]{64}$/.test(v)) {
    return `${label} must be written in lowercase hex (64 characters 0-9 a-f); it contains uppercase letters.`;
  }
  if (v.length !== 64) {
    return `${label} must be a SHA-256 digest: 64 lowercase hex characters (got ${v.length} characters).`;
  }
  const bad = [...v].find((c) => !/[0-9a-f]/.test(c));
  return `${label} must be 64 lowercase hex characters (0-9 a-f); "${bad}" is not a hex digit.`;
}

function sha256Field(label: string) {
  return ruled(z.string(), (v) => sha256Problem(label, v));
}

function versionIdField(label: string) {
  return ruled(z.string(), (v) => versionIdProblem(label, v));
}

function isoInstantField(label: string) {
  return ruled(z.string(), (v) =>
    parseIsoInstant(v) === null
      ? `${label} "${v}" is not an ISO 8601 date: use YYYY-MM-DD or a date-time with a timezone, e.g. 2025-12-31T23:59:59Z.`
      : null,
  );
}

// ---------------------------------------------------------------------------------------------
// runtime.container: name[:tag]@sha256:<64 hex>

const PINNED_IMAGE = /^(.*)@sha256:([0-9a-f]{64})$/;

function containerProblem(v: string): string | null {
  if (v.trim() === "") return "runtime.container must not be empty.";
  const pinned = PINNED_IMAGE.exec(v);
  if (!pinned) {
    if (/@sha256:/i.test(v)) {
      return `runtime.container "${v}" has a malformed digest: pin it as name@sha256:<64 lowercase hex characters>.`;
    }
    const floating = findFloatingReference(v);
    const repository = v.replace(/@.*$/, "").replace(/:[^/:]*$/, "");
    return (
      `runtime.container "${v}" ${floating ? `uses the floating tag "${floating}" and ` : ""}` +
      `is not pinned by digest: a tag can be moved to another image. Pin it by digest, ` +
      `e.g. ${repository || "registry/image"}@sha256:<64 hex characters>.`
    );
  }
  const name = pinned[1] ?? "";
  if (name === "") {
    return 'runtime.container needs an image name before "@sha256:" (name@sha256:<64 hex characters>).';
  }
  // A digest pins the image even with a tag, but a floating tag next to it tells the reader
  // the wrong story and is refused like any other floating reference.
  const floating = findFloatingReference(name);
  if (floating) return floatingMessage("runtime.container", v, floating);
  return null;
}

// ---------------------------------------------------------------------------------------------
// Sections

/**
 * A tokenizer is sent as `{name, version, sha256?}` rather than one string: teams pin
 * tokenizers by name plus revision (a Hugging Face repo and its revision, or an internal
 * vocabulary and its release), and the optional digest lets the artifact be verified.
 */
const tokenizerSchema = z.strictObject(
  {
    name: reference("tokenizer.name"),
    version: versionLike(reference("tokenizer.version")),
    sha256: sha256Field("tokenizer.sha256").optional(),
  },
  {
    error: (iss) =>
      iss.code === "invalid_type" && iss.input !== undefined
        ? 'tokenizer must be an object {name, version, sha256?}, e.g. {name: "merchant-wordpiece", version: "2.1.0"}.'
        : undefined,
  },
);

function uniqueNames<S extends z.ZodArray<z.ZodType<{ name: string }>>>(schema: S, what: string): S {
  return schema.superRefine((items, ctx) => {
    const firstIndex = new Map<string, number>();
    items.forEach((item, i) => {
      const seen = firstIndex.get(item.name);
      if (seen === undefined) {
        firstIndex.set(item.name, i);
      } else {
        ctx.addIssue({
          code: "custom",
          path: [i, "name"],
          message: `${what} name "${item.name}" is used twice (also at index ${seen}); names must be unique because versions are compared by name.`,
        });
      }
    });
  });
}

const promptTemplateSchema = z.strictObject({
  name: text("prompt template name"),
  version: versionLike(reference("prompt template version")),
  sha256: sha256Field("prompt template sha256"),
});

/**
 * Thresholds are named scores (`review: 0.62`); rules are either a rule name the serving code
 * knows or a rule object with its own parameters. Neither is interpreted by Rollgate, so
 * both are open maps.
 */
const postprocessSchema = z.strictObject({
  thresholds: z.record(z.string(), z.number()).optional(),
  rules: z
    .array(
      z.union([text("postprocess rule name"), z.record(z.string(), z.unknown())], {
        error: "postprocess.rules entries must be rule names (strings) or rule objects.",
      }),
    )
    .optional(),
});

const timeRangeSchema = z
  .strictObject({
    from: isoInstantField("training_data.time_range.from"),
    to: isoInstantField("training_data.time_range.to"),
  })
  .superRefine((range, ctx) => {
    const from = parseIsoInstant(range.from);
    const to = parseIsoInstant(range.to);
    if (from !== null && to !== null && from >= to) {
      ctx.addIssue({
        code: "custom",
        message: `training_data.time_range.from (${range.from}) must be before to (${range.to}).`,
      });
    }
  });

const trainingDataSchema = z.strictObject({
  snapshot_uri: ruled(reference("training_data.snapshot_uri"), snapshotUriProblem),
  sha256: sha256Field("training_data.sha256").optional(),
  time_range: timeRangeSchema.optional(),
  schema_version: versionLike(reference("training_data.schema_version")),
});

const runtimeSchema = z.strictObject({
  python: versionLike(text("runtime.python")).optional(),
  framework: text("runtime.framework"),
  container: ruled(z.string(), containerProblem),
});

const limitsSchema = z.strictObject({
  p95_latency_ms: ruled(z.number(), (v) =>
    Number.isInteger(v) && v > 0 ? null : `limits.p95_latency_ms must be a positive whole number of milliseconds (got ${v}).`,
  ),
  max_error_rate: ruled(z.number(), (v) => {
    if (v < 0) return `limits.max_error_rate must be a fraction between 0 and 1 (got ${v}).`;
    if (v > 1 && v <= 100) {
      return `limits.max_error_rate ${v} is not a fraction between 0 and 1. It is a fraction of requests: for ${v} % write ${formatNumber(v / 100)}.`;
    }
    if (v > 1) return `limits.max_error_rate must be a fraction between 0 and 1 (got ${v}).`;
    return null;
  }),
});

const qualitySchema = z.strictObject({
  metric: text("quality.metric"),
  min: z.number(),
});

function isPercent(v: number): boolean {
  return Number.isInteger(v) && v >= 1 && v <= 100;
}

const stepsSchema = z.array(z.number()).superRefine((steps, ctx) => {
  steps.forEach((step, i) => {
    const previous = steps[i - 1];
    if (!isPercent(step)) {
      ctx.addIssue({
        code: "custom",
        path: [i],
        message: `rollout.steps[${i}] must be a whole percentage from 1 to 100 (got ${step}).`,
      });
    } else if (previous !== undefined && isPercent(previous) && step <= previous) {
      ctx.addIssue({
        code: "custom",
        path: [i],
        message: `rollout.steps must be strictly increasing: step ${i} (${step}) is not above the previous step (${previous}).`,
      });
    }
  });
});

/**
 * Percentages are whole numbers: routing hashes keys into 100 buckets, and the API promises a
 * key in the candidate at 5 % stays in it at 25 %.
 */
const rolloutSchema = z
  .strictObject({
    strategy: z.enum(["canary", "blue_green", "shadow"]),
    initial_traffic_percent: ruled(z.number(), (v) =>
      isPercent(v) ? null : `rollout.initial_traffic_percent must be a whole percentage from 1 to 100 (got ${v}).`,
    ),
    steps: stepsSchema.optional(),
    bake_minutes: ruled(z.number(), (v) =>
      Number.isInteger(v) && v >= 0 ? null : `rollout.bake_minutes must be a whole number of minutes, 0 or more (got ${v}).`,
    ).optional(),
  })
  .superRefine((rollout, ctx) => {
    const initial = rollout.initial_traffic_percent;
    if (!isPercent(initial) || !rollout.steps) return;
    rollout.steps.forEach((step, i) => {
      if (isPercent(step) && step <= initial) {
        ctx.addIssue({
          code: "custom",
          path: ["steps", i],
          message: `rollout.steps[${i}] (${step}) must be greater than initial_traffic_percent (${initial}): each step raises the candidate's traffic.`,
        });
      }
    });
  });

export const REQUIRED_LOG_FIELDS = ["tenant_id", "model_version", "request_id"] as const;

const observabilitySchema = z.strictObject({
  log_fields: ruled(z.array(text("log field name")), (fields) => {
    const missing = REQUIRED_LOG_FIELDS.filter((f) => !fields.includes(f));
    return missing.length === 0
      ? null
      : `observability.log_fields is missing ${missing.join(", ")}; every prediction log must carry tenant_id, model_version and request_id so a request can be traced to its tenant and model version.`;
  }),
});

const binsSchema = z.array(z.number()).superRefine((bins, ctx) => {
  if (bins.length < 2) {
    ctx.addIssue({
      code: "custom",
      message: `bins needs at least 2 edges to make one bin (got ${bins.length}).`,
    });
  }
  bins.forEach((edge, i) => {
    const previous = bins[i - 1];
    if (previous !== undefined && edge <= previous) {
      ctx.addIssue({
        code: "custom",
        path: [i],
        message: `bins must be strictly increasing edges: edge ${i} (${edge}) is not above edge ${i - 1} (${previous}).`,
      });
    }
  });
});

const categoriesSchema = z.array(text("category")).superRefine((categories, ctx) => {
  if (categories.length === 0) {
    ctx.addIssue({ code: "custom", message: "categories needs at least one category." });
  }
  const seen = new Set<string>();
  categories.forEach((c, i) => {
    if (seen.has(c)) {
      ctx.addIssue({
        code: "custom",
        path: [i],
        message: `category "${c}" is listed twice; categories must be unique.`,
      });
    }
    seen.add(c);
  });
});

const baselineSchema = z.array(
  ruled(z.number(), (v) => (Number.isInteger(v) && v >= 0 ? null : `baseline counts must be non-negative whole numbers (got ${v}).`)),
);

function binsAreValid(bins: number[]): boolean {
  return (
    bins.length >= 2 &&
    bins.every((edge, i) => {
      const previous = bins[i - 1];
      return previous === undefined || edge > previous;
    })
  );
}

/**
 * `baseline` holds the training-time counts drift is measured against: one count per bin for
 * a numeric feature (`bins.length - 1`), and for a categorical feature one count per category,
 * optionally followed by one more count for values outside the list (an "other" bucket), since
 * production always sees values the training snapshot did not list.
 */
const featureSchema = z
  .strictObject({
    name: text("feature name"),
    kind: z.enum(["numeric", "categorical"]),
    bins: binsSchema.optional(),
    categories: categoriesSchema.optional(),
    baseline: baselineSchema.optional(),
  })
  .superRefine((feature, ctx) => {
    const who = `${feature.kind} feature "${feature.name}"`;
    const issue = (path: PropertyKey[], message: string) => ctx.addIssue({ code: "custom", path, message });
    if (feature.kind === "numeric") {
      if (feature.categories !== undefined) issue(["categories"], `${who} uses bins, not categories.`);
      if (feature.bins === undefined) {
        issue(["bins"], `${who} needs bins: at least 2 strictly increasing bin edges, e.g. [0, 10, 100].`);
      } else if (feature.baseline && binsAreValid(feature.bins)) {
        const expected = feature.bins.length - 1;
        if (feature.baseline.length !== expected) {
          issue(
            ["baseline"],
            `baseline of ${who} has ${feature.baseline.length} counts but its ${feature.bins.length} bin edges make ${expected} bins; give one count per bin.`,
          );
        }
      }
    } else {
      if (feature.bins !== undefined) issue(["bins"], `${who} uses categories, not bins.`);
      if (feature.categories === undefined) {
        issue(["categories"], `${who} needs categories: the list of expected values.`);
      } else if (feature.baseline && feature.categories.length > 0) {
        const n = feature.categories.length;
        if (feature.baseline.length !== n && feature.baseline.length !== n + 1) {
          issue(
            ["baseline"],
            `baseline of ${who} has ${feature.baseline.length} counts but it has ${n} categories; give one count per category (${n}), optionally followed by one count for other values (${n + 1}).`,
          );
        }
      }
    }
  });

// ---------------------------------------------------------------------------------------------
// The manifest

export const manifestSchema = z
  .strictObject({
    model_id: text("model_id"),
    model_version: versionIdField("model_version"),
    parent_version: versionIdField("parent_version").optional(),
    changelog: text("changelog"),
    artifact_uri: ruled(reference("artifact_uri"), artifactUriProblem),
    artifact_sha256: sha256Field("artifact_sha256"),
    preprocess_version: versionLike(reference("preprocess_version")),
    schema_version: versionLike(reference("schema_version")),
    /** Accepts a `schema_version` older than the one in PROD (see manifest-checks.ts). */
    allow_schema_downgrade: z.boolean().optional(),
    tokenizer: tokenizerSchema.optional(),
    prompt_templates: uniqueNames(z.array(promptTemplateSchema), "prompt template").optional(),
    postprocess: postprocessSchema,
    training_data: trainingDataSchema,
    runtime: runtimeSchema,
    limits: limitsSchema,
    quality: qualitySchema.optional(),
    rollout: rolloutSchema,
    observability: observabilitySchema,
    features: uniqueNames(z.array(featureSchema), "feature").optional(),
  })
  .superRefine(
    (value, ctx) => {
      // Runs even when other fields failed (see `when`), so the input is not trusted here.
      const m = value as { model_version?: unknown; parent_version?: unknown } | null;
      if (typeof m !== "object" || m === null) return;
      const { model_version: version, parent_version: parent } = m;
      if (typeof version !== "string" || typeof parent !== "string") return;
      if (!parseVersionId(version) || !parseVersionId(parent)) return;
      if (compareVersionIds(parent, version) >= 0) {
        ctx.addIssue({
          code: "custom",
          path: ["parent_version"],
          message: `parent_version ${parent} must be older than model_version ${version}.`,
        });
      }
    },
    { when: () => true },
  );

export type Manifest = z.output<typeof manifestSchema>;
export type ManifestInput = z.input<typeof manifestSchema>;

// ---------------------------------------------------------------------------------------------
// Validation with API-ready issues

function describeValue(input: unknown): string {
  if (input === null) return "null (an empty value)";
  if (Array.isArray(input)) return "a list";
  if (typeof input === "string") {
    const shown = input.length > 40 ? `${input.slice(0, 40)}…` : input;
    return `the string ${JSON.stringify(shown)}`;
  }
  if (typeof input === "number" || typeof input === "boolean") return String(input);
  if (typeof input === "object") return "an object";
  return typeof input;
}

const EXPECTED: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  object: "an object",
  record: "an object",
  array: "a list",
};

/**
 * Messages for zod's structural issues; value rules above carry their own. Passed per parse
 * (not through z.config) so other schemas in the app keep zod's defaults.
 */
const manifestErrorMap: z.core.$ZodErrorMap = (iss) => {
  const path = formatPath(iss.path ?? []);
  if (iss.code === "invalid_type") {
    if (path === "") {
      return `The manifest must be an object of fields (a JSON object or a YAML mapping), got ${describeValue(iss.input)}.`;
    }
    if (iss.input === undefined) return `${path} is required.`;
    const expected = EXPECTED[iss.expected] ?? iss.expected;
    const yamlHint =
      iss.expected === "string" && typeof iss.input === "number" ? ` (in YAML, quote values that look like numbers: "${iss.input}")` : "";
    return `${path} must be ${expected}, got ${describeValue(iss.input)}${yamlHint}.`;
  }
  if (iss.code === "invalid_value") {
    if (iss.input === undefined) return `${path} is required.`;
    const allowed = iss.values.map((v) => JSON.stringify(v)).join(", ");
    return `${path} must be one of ${allowed} (got ${describeValue(iss.input)}).`;
  }
  return undefined;
};

function editDistance(a: string, b: string): number {
  let previousRow = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previousRow[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      row[j] = Math.min((previousRow[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, substitution);
    }
    previousRow = row;
  }
  return previousRow[b.length] ?? 0;
}

function closestKey(key: string, known: readonly string[]): string | null {
  const normalize = (s: string) => s.toLowerCase().replace(/[-_\s]/g, "");
  const exact = known.find((k) => normalize(k) === normalize(key));
  if (exact) return exact;
  let best: string | null = null;
  let bestDistance = Math.max(2, Math.floor(key.length / 3)) + 1;
  for (const candidate of known) {
    const d = editDistance(key.toLowerCase(), candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function knownKeysAt(path: readonly PropertyKey[]): string[] {
  let schema: z.ZodType | undefined = manifestSchema;
  const unwrap = (s: z.ZodType): z.ZodType => (s instanceof z.ZodOptional ? unwrap(s.unwrap() as z.ZodType) : s);
  for (const segment of path) {
    if (!schema) return [];
    const current = unwrap(schema);
    if (current instanceof z.ZodObject) {
      schema = (current.shape as Record<string, z.ZodType>)[String(segment)];
    } else if (current instanceof z.ZodArray) {
      schema = current.element as z.ZodType;
    } else {
      return [];
    }
  }
  const target = schema && unwrap(schema);
  return target instanceof z.ZodObject ? Object.keys(target.shape) : [];
}

function unknownKeyMessage(parent: readonly PropertyKey[], key: string): string {
  const where = parent.length === 0 ? "The manifest" : formatPath(parent);
  const known = knownKeysAt(parent);
  const suggestion = closestKey(key, known);
  if (suggestion) return `${where} has no field "${key}" — did you mean "${suggestion}"?`;
  return `${where} has no field "${key}"${known.length ? ` (known fields: ${known.join(", ")})` : ""}.`;
}

/** Flattens zod issues into API issues: one per unknown key, paths in API notation. */
export function toManifestIssues(issues: readonly z.core.$ZodIssue[]): ManifestIssue[] {
  const out: ManifestIssue[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        out.push({ path: formatPath([...issue.path, key]), message: unknownKeyMessage(issue.path, key) });
      }
    } else {
      out.push({ path: formatPath(issue.path), message: issue.message });
    }
  }
  return out;
}

export type ManifestValidation = { ok: true; value: Manifest } | { ok: false; issues: ManifestIssue[] };

/** Validates a parsed manifest and returns every issue at once, in API shape. */
export function validateManifest(input: unknown): ManifestValidation {
  // Keys zod's records would drop (`__proto__`), text the database cannot store in the open
  // maps (thresholds, rule objects) and absurd nesting, found before the schema runs.
  const unsafe = unsafeInputIssues(input, { pathInMessage: true });
  const result = manifestSchema.safeParse(input, { error: manifestErrorMap });
  if (result.success && unsafe.length === 0) return { ok: true, value: result.data };
  const named = new Set(unsafe.map((i) => i.path));
  const schemaIssues = result.success ? [] : toManifestIssues(result.error.issues).filter((i) => !named.has(i.path));
  return { ok: false, issues: [...unsafe, ...schemaIssues] };
}
