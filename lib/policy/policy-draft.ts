/**
 * The policy as an admin edits it: JSON text in the Settings editor, checked as they type with
 * the same schema the server saves with (policy.ts), and the few lines every model page shows
 * about it. Pure and client-safe: the editor, the model page and policy-service.ts share it, so
 * the browser and the server give the same message for the same text.
 */
import { ruleText } from "./reviewers";
import type { FieldIssue } from "../errors";
import { formatNumber } from "../format/numbers";
import { unsafeInputIssues } from "../input/unsafe-input";
import { parsePolicy, type Policy, type PolicyParse } from "./policy";

/** How the editor and the API write a policy: two-space JSON, keys in the schema's order. */
export function policyText(policy: unknown): string {
  return JSON.stringify(policy, null, 2);
}

/** 1-based line and column of a character offset in `text`. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split("\n");
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}

/**
 * JSON.parse's complaint in words that do not depend on the JavaScript engine: V8 appends
 * "in JSON at position N" and, in newer versions, "(line L column C)"; both are replaced by one
 * "at line L, column C" computed from the text.
 */
export function describeJsonError(text: string, error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(raw);
  const offset = position ? Number(position[1]) : /end of JSON input/i.test(raw) ? text.length : null;
  const what = raw
    .replace(/\s*in JSON at position \d+.*$/s, "")
    .replace(/\s*\(line \d+ column \d+\)\s*$/, "")
    .trim();
  if (offset === null) return `is not valid JSON: ${what}`;
  const { line, column } = lineAndColumn(text, offset);
  return `is not valid JSON: ${what} at line ${line}, column ${column}`;
}

/**
 * Editor text → the normalised policy (defaults filled in), or every issue with its path from
 * `policy`. The text must be one JSON object: `null` or an empty editor is refused rather than
 * read as "defaults", so clearing the editor by accident never saves a policy nobody chose
 * (the editor has a separate "Reset to defaults").
 */
export function parsePolicyText(text: string): PolicyParse {
  if (text.trim() === "") {
    return { ok: false, issues: [{ path: "policy", message: "is empty: write a JSON object such as {}, or reset to the defaults" }] };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, issues: [{ path: "policy", message: describeJsonError(text, e) }] };
  }
  return parsePolicyValue(value);
}

/** A parsed JSON value → the normalised policy, or its issues; only an object is a policy. */
export function parsePolicyValue(value: unknown): PolicyParse {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    const got = value === null ? "null" : Array.isArray(value) ? "a list" : `a ${typeof value}`;
    return { ok: false, issues: [{ path: "policy", message: `must be a JSON object of policy settings (got ${got})` }] };
  }
  // `__proto__` keys, NUL or unpaired surrogates, absurd nesting: refused before the schema
  const unsafe = unsafeInputIssues(value, { prefix: ["policy"] });
  if (unsafe.length > 0) return { ok: false, issues: unsafe };
  return parsePolicy(value);
}

/** Issues as the editor lists them: `evalGates[0].value: must be a number`, root issues first. */
export function issueLines(issues: readonly FieldIssue[]): string[] {
  return issues.map((i) => {
    const path = i.path === "policy" ? "" : i.path.replace(/^policy\.?/, "");
    return path ? `${path}: ${i.message}` : i.message;
  });
}

// ---------------------------------------------------------------------------------------------
// The summary on the model page

export type PolicySummary = {
  /** one line per gate, in the order the gates are applied */
  gates: string[];
  approvals: string;
  ramp: string;
  bake: string;
};

const fmt = formatNumber;

/** Minutes as a person reads them: `45 min`, `2 h`, `1 h 30 min`, `1 day 2 h`. */
export function formatMinutes(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  const parts = [days ? `${days} ${days === 1 ? "day" : "days"}` : "", hours ? `${hours} h` : "", rest ? `${rest} min` : ""];
  return parts.filter(Boolean).join(" ");
}

/** The rules a version must pass and the release defaults, one line each. */
export function summarisePolicy(policy: Policy): PolicySummary {
  const gates = [
    ...policy.evalGates.map((g) => `${g.metric} ${g.op === ">=" ? "≥" : "≤"} ${fmt(g.value)}`),
    ...policy.maxRegression.map((g) =>
      g.direction === "higher_is_better"
        ? `${g.metric} may drop at most ${fmt(g.maxDrop)} below PROD`
        : `${g.metric} may rise at most ${fmt(g.maxDrop)} above PROD`,
    ),
  ];
  if (policy.replay.minAgreement !== undefined) {
    gates.push(
      `replay agreement with PROD ≥ ${fmt(policy.replay.minAgreement)}${policy.replay.required ? " (a replay is required)" : " (when a replay is attached)"}`,
    );
  }
  const n = policy.approvals.required;
  return {
    gates,
    approvals:
      `${n} ${n === 1 ? "approver" : "distinct approvers"}, never the registrant` +
      (policy.approvals.rules.length ? `; every rule met: ${policy.approvals.rules.map((r) => ruleText(r)).join("; ")}` : ""),
    ramp: policy.rollout.steps.map((s) => `${s} %`).join(" → "),
    bake:
      policy.rollout.bakeMinutes === 0
        ? "none: each step advances once it is healthy"
        : `${formatMinutes(policy.rollout.bakeMinutes)} per step`,
  };
}
