/**
 * Manifest rules that depend on what the registry already knows. The caller (the
 * registration route) loads the facts and passes them in, so these rules stay pure and are
 * tested without a database.
 */
import { formatNumber } from "../format/numbers";
import type { ManifestIssue } from "./issues";
import type { Manifest } from "./manifest-schema";

import { DEFAULT_ERROR_BUDGET } from "./budgets";

export type ManifestContext = {
  /** The `{model}` segment of the request URL. */
  modelKey: string;
  budgets: { p95LatencyMs: number | null; maxErrorRate: number };
  /** Whether `parent_version` is a registered version of this model; null when no parent is given. */
  parentExists: boolean | null;
  /** `schema_version` of the version currently in PROD; null when nothing is in PROD. */
  prodSchemaVersion: string | null;
  /** A request-level override (e.g. an operator flag) with the same effect as the manifest's `allow_schema_downgrade`. */
  allowSchemaDowngrade?: boolean;
};

const NUMERIC_VERSION = /^[vV]?(\d+(?:\.\d+)*)$/;

/**
 * Orders schema versions. Dotted numbers, optionally prefixed with `v`, compare numerically
 * part by part with missing parts as 0 (`1.10` > `1.9`, `v2` = `2.0.0`). Anything else
 * (`2025-06`, `1.2.0-rc1`) falls back to code-unit string comparison, which is right for
 * date-like versions and at least deterministic otherwise.
 */
export function compareSchemaVersions(a: string, b: string): number {
  const na = NUMERIC_VERSION.exec(a);
  const nb = NUMERIC_VERSION.exec(b);
  if (na && nb) {
    const pa = (na[1] ?? "").split(".").map(Number);
    const pb = (nb[1] ?? "").split(".").map(Number);
    for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
      const d = (pa[i] ?? 0) - (pb[i] ?? 0);
      if (d !== 0) return d < 0 ? -1 : 1;
    }
    return 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

function errorRateMessage(rate: number, budget: number): string {
  let message =
    `max_error_rate ${formatNumber(rate)} is above this model's error budget of ` +
    `${formatNumber(budget)} (${formatNumber(budget * 100)} %).`;
  // Nobody runs production with a limit of 10 % errors or more, so such a value that fits the
  // budget once read as a percentage was almost certainly written as one (0.5 meaning 0.5 %).
  // Below 10 % the value is taken at its word: 0.06 over a 0.05 budget means 6 %, not 0.06 %.
  const asFraction = rate / 100;
  if (rate >= 0.1 && asFraction <= budget) {
    message += ` It is a fraction of requests: for ${formatNumber(rate)} % write ${formatNumber(asFraction)}.`;
  }
  return message;
}

export function checkManifestInContext(manifest: Manifest, ctx: ManifestContext): ManifestIssue[] {
  const issues: ManifestIssue[] = [];

  if (manifest.model_id !== ctx.modelKey) {
    issues.push({
      path: "model_id",
      message: `model_id "${manifest.model_id}" does not match the model in the URL ("${ctx.modelKey}").`,
    });
  }

  const latencyBudget = ctx.budgets.p95LatencyMs;
  if (latencyBudget !== null && manifest.limits.p95_latency_ms > latencyBudget) {
    issues.push({
      path: "limits.p95_latency_ms",
      message: `p95_latency_ms ${manifest.limits.p95_latency_ms} is above this model's latency budget of ${latencyBudget} ms.`,
    });
  }

  const errorBudget = Number.isFinite(ctx.budgets.maxErrorRate) ? ctx.budgets.maxErrorRate : DEFAULT_ERROR_BUDGET;
  if (manifest.limits.max_error_rate > errorBudget) {
    issues.push({
      path: "limits.max_error_rate",
      message: errorRateMessage(manifest.limits.max_error_rate, errorBudget),
    });
  }

  if (manifest.parent_version !== undefined && ctx.parentExists === false) {
    issues.push({
      path: "parent_version",
      message: `parent_version ${manifest.parent_version} is not a registered version of model "${ctx.modelKey}".`,
    });
  }

  const prod = ctx.prodSchemaVersion;
  const downgradeAllowed = manifest.allow_schema_downgrade === true || ctx.allowSchemaDowngrade === true;
  if (prod !== null && !downgradeAllowed && compareSchemaVersions(manifest.schema_version, prod) < 0) {
    issues.push({
      path: "schema_version",
      message:
        `schema_version ${manifest.schema_version} is older than ${prod}, the schema version in PROD. ` +
        `Clients already send ${prod} payloads; if the downgrade is intended, set allow_schema_downgrade: true.`,
    });
  }

  return issues;
}
