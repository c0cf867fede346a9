/**
 * How the version page reads the lifecycle: stored gate verdicts, deprecation dates, and why a
 * version cannot be deprecated or archived — worded exactly as the server refuses it
 * (retirement.ts), so a disabled button and a refused request say the same thing.
 * Pure and client-safe.
 */
import type { Stage } from "../../generated/prisma/enums";
import type { GateKind, GateResult } from "./gates";
import { canTransition, transitionError } from "./stage-machine";

// ---------------------------------------------------------------------------------------------
// Gate verdicts as stored on Evaluation.gates (JSON)

const GATE_KINDS: readonly GateKind[] = ["absolute", "regression", "replay"];

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === "string" ? v : null);

/**
 * The gate results of a stored evaluation. The column is JSON written by gates.ts; anything
 * that is not a gate result (a hand-edited row, a future field shape) is left out rather than
 * shown half-read.
 */
export function gateResultsOf(json: unknown): GateResult[] {
  if (!Array.isArray(json)) return [];
  return json.flatMap((item): GateResult[] => {
    if (typeof item !== "object" || item === null) return [];
    const g = item as Record<string, unknown>;
    const gate = GATE_KINDS.find((k) => k === g.gate);
    const metric = str(g.metric);
    if (!gate || metric === null || typeof g.passed !== "boolean") return [];
    return [
      {
        gate,
        rule: str(g.rule) ?? metric,
        metric,
        value: num(g.value),
        threshold: num(g.threshold),
        baseline: num(g.baseline),
        baselineVersion: str(g.baselineVersion),
        passed: g.passed,
        skipped: g.skipped === true,
        message: str(g.message) ?? "",
      },
    ];
  });
}

/** The failed gates' messages as stored on Evaluation.reasons (a JSON list of strings). */
export function reasonsOf(json: unknown): string[] {
  return Array.isArray(json) ? json.filter((r): r is string => typeof r === "string") : [];
}

/** The replay stored with an evaluation (its three known fields), or null when none was attached. */
export function replayOf(json: unknown): { baselineVersion: string; cases: number; agreement: number } | null {
  if (typeof json !== "object" || json === null) return null;
  const r = json as Record<string, unknown>;
  const baselineVersion = str(r.baseline_version);
  const cases = num(r.cases);
  const agreement = num(r.agreement);
  return baselineVersion !== null && cases !== null && agreement !== null ? { baselineVersion, cases, agreement } : null;
}

export type GateOutcomeLabel = "passed" | "failed" | "skipped";

export function gateOutcome(g: Pick<GateResult, "passed" | "skipped">): GateOutcomeLabel {
  if (g.skipped) return "skipped";
  return g.passed ? "passed" : "failed";
}

/** What the threshold column says: the threshold, the allowed drop, or the minimum agreement. */
export function thresholdText(g: Pick<GateResult, "gate" | "rule" | "threshold">, format: (n: number) => string): string {
  if (g.threshold === null) return "—";
  // rules are written by gates.ts; metric names cannot contain spaces, `<` or `=`
  if (g.gate === "absolute") {
    const op = g.rule.includes(" <= ") ? "≤" : "≥";
    return `${op} ${format(g.threshold)}`;
  }
  if (g.gate === "regression") {
    return g.rule.includes(" may rise ") ? `rise ≤ ${format(g.threshold)} vs PROD` : `drop ≤ ${format(g.threshold)} vs PROD`;
  }
  return `≥ ${format(g.threshold)}`;
}

// ---------------------------------------------------------------------------------------------
// Deprecation dates

/** `2026-03-01` for an ISO instant: the date in UTC, as the deprecation form takes it. */
export function isoDate(iso: string): string {
  return iso.slice(0, 10);
}

/**
 * A deprecated version's date, in the tense it needs: support that has ended reads
 * "deprecated since", a date still to come reads "support ends". `now` in epoch ms.
 */
export function deprecationText(deprecatesAt: string, now: number): { past: boolean; text: string } {
  const at = Date.parse(deprecatesAt);
  const past = !Number.isNaN(at) && at <= now;
  return { past, text: past ? `deprecated since ${isoDate(deprecatesAt)}` : `support ends ${isoDate(deprecatesAt)}` };
}

// ---------------------------------------------------------------------------------------------
// Why a version cannot be taken out of use

export type RetirementAction = "deprecate" | "archive";

export type RetirementFacts = {
  version: string;
  stage: Stage;
  /** servingReasons(): one phrase per release pointer or tenant pin that serves it */
  serving: readonly string[];
  /** goldVersions(): the last three versions that were PROD, newest first */
  gold: readonly string[];
};

/**
 * Why `action` would be refused for this version, in the server's words (retirement.ts checks
 * in this order: serving traffic, gold (archive only), then the stage machine); null when the
 * server would accept it.
 */
export function retirementRefusal(action: RetirementAction, facts: RetirementFacts): string | null {
  const { version, stage, serving, gold } = facts;
  if (serving.length > 0) {
    return `cannot ${action} ${version}: it is serving traffic — ${serving.join("; ")}. Move traffic off it first.`;
  }
  if (action === "archive" && gold.includes(version)) {
    return (
      `cannot archive ${version}: it is one of the last three versions that were PROD (${gold.join(", ")}), ` +
      "which are kept as rollback targets and audit evidence."
    );
  }
  const to: Stage = action === "deprecate" ? "DEPRECATED" : "ARCHIVED";
  return canTransition(stage, to) ? null : transitionError(version, stage, to).message;
}
