/**
 * The stages a model version moves through, and the only moves allowed between them. Every
 * service that changes `ModelVersion.stage` asks `assertTransition` first and then writes the
 * move with the current stage in its `where`, so a move the table does not list never happens.
 *
 *   DEV ──gates pass──▶ STAGING ──approvals──▶ ROLLING_OUT ──rollout completes──▶ PROD
 *                          │  └──approvals (a model's first version)──────────────▶ PROD
 *                          └──reviewer rejects──▶ REJECTED ◀──aborted── ROLLING_OUT
 *   ROLLING_OUT ──rolled back──▶ STAGING (its approvals no longer count: a new review)
 *   PROD ──newer completes──▶ PROD_PREVIOUS ──▶ RETIRED
 *   PROD_PREVIOUS ──rollback──▶ PROD;  RETIRED ──forced rollback──▶ PROD;  PROD ──rolled back──▶ RETIRED
 *   non-serving ──▶ DEPRECATED ──▶ ARCHIVED (final)
 *
 * ROLLING_OUT, PROD and PROD_PREVIOUS serve traffic (candidate, stable, warm rollback target):
 * they can be neither deprecated nor archived. The approval that completes a review starts the
 * version's rollout (lib/rollout): STAGING → ROLLING_OUT, or STAGING → PROD for a model's first
 * version, which has nothing to ramp against. A rollback swaps PROD and PROD_PREVIOUS back
 * (PROD_PREVIOUS → PROD, PROD → RETIRED), a forced rollback returns to an earlier version that
 * was PROD (RETIRED → PROD). A rollback of a running rollout is not a verdict on the candidate:
 * it goes back to STAGING, keeps its manifest and its decisions as history, and needs a new
 * approval to roll out again (or a reviewer rejects it). An abort discards it (ROLLING_OUT → REJECTED).
 * Pure and client-safe.
 */
import { Stage } from "../../generated/prisma/enums";
import { InvalidTransitionError } from "../errors";

export const STAGES = Object.values(Stage) as Stage[];

/** Stages whose version receives traffic, or is kept warm to receive it on a rollback. */
export const SERVING_STAGES: readonly Stage[] = ["ROLLING_OUT", "PROD", "PROD_PREVIOUS"];

/** How each stage reads on a page. */
export const STAGE_LABELS: Record<Stage, string> = {
  DEV: "DEV",
  STAGING: "STAGING",
  ROLLING_OUT: "rolling out",
  PROD: "PROD",
  PROD_PREVIOUS: "PROD-previous",
  RETIRED: "retired",
  REJECTED: "rejected",
  DEPRECATED: "deprecated",
  ARCHIVED: "archived",
};

/** Every allowed move, with what causes it. */
export const TRANSITIONS: Readonly<Record<Stage, Partial<Record<Stage, string>>>> = {
  DEV: {
    STAGING: "an evaluation passed the model policy’s gates",
    DEPRECATED: "an operator deprecated it",
    ARCHIVED: "an operator archived it",
  },
  STAGING: {
    PROD: "the required approvals are in for the model’s first version, which takes all traffic at once",
    ROLLING_OUT: "the required approvals are in: its rollout starts (canary, blue-green or shadow)",
    REJECTED: "a reviewer rejected it",
    DEPRECATED: "an operator deprecated it",
  },
  ROLLING_OUT: {
    PROD: "its rollout completed (advanced past its last step, or promoted)",
    STAGING: "its rollout was rolled back: it waits for a new approval, the earlier ones no longer count",
    REJECTED: "its rollout was aborted",
  },
  PROD: {
    PROD_PREVIOUS: "a newer version was promoted",
    RETIRED: "it was rolled back",
  },
  PROD_PREVIOUS: {
    RETIRED: "a second newer version was promoted, or a forced rollback replaced the rollback target",
    PROD: "a rollback made it stable again",
  },
  RETIRED: {
    PROD: "a forced rollback made it stable again",
    DEPRECATED: "an operator deprecated it",
    ARCHIVED: "an operator archived it",
  },
  REJECTED: {
    DEPRECATED: "an operator deprecated it",
    ARCHIVED: "an operator archived it",
  },
  DEPRECATED: {
    ARCHIVED: "an operator archived it",
  },
  ARCHIVED: {},
};

export function canTransition(from: Stage, to: Stage): boolean {
  return TRANSITIONS[from][to] !== undefined;
}

/** Why a move is refused, in words a reviewer or operator can act on. */
function refusal(from: Stage, to: Stage): string {
  const f = STAGE_LABELS[from];
  if (from === to) return `it is already ${f}`;
  if (from === "ARCHIVED") return "archived versions are final";
  switch (to) {
    case "DEV":
      return "no version goes back to DEV; versions are immutable, so register a new version instead";
    case "STAGING":
      return "only a DEV version enters STAGING, when an evaluation passes its model’s gates, or a rolling-out version whose rollout is rolled back";
    case "ROLLING_OUT":
      if (from === "DEV") return "a version reaches PROD only through STAGING and an approval";
      return `only a STAGING version with the required approvals is rolled out (it is ${f})`;
    case "PROD":
      if (from === "DEV") return "a version reaches PROD only through STAGING and an approval";
      return (
        "a version reaches PROD only from STAGING with the required approvals and its rollout, " +
        `or by a rollback to a version that was PROD before (it is ${f})`
      );
    case "PROD_PREVIOUS":
      return "only the PROD version becomes PROD-previous, when a newer version is promoted";
    case "RETIRED":
      return "only a PROD or PROD-previous version is retired";
    case "REJECTED":
      return "only a STAGING version is rejected (by a reviewer), or a rolling-out version (by an abort)";
    case "DEPRECATED":
    case "ARCHIVED":
      if (SERVING_STAGES.includes(from)) return `it is serving traffic (${f})`;
      if (from === "STAGING") return "it is waiting for a review; reject or deprecate it first";
      return `a ${f} version cannot be ${to === "DEPRECATED" ? "deprecated" : "archived"}`;
  }
}

export function transitionError(version: string, from: Stage, to: Stage): InvalidTransitionError {
  return new InvalidTransitionError(`cannot move ${version} from ${from} to ${to}: ${refusal(from, to)}.`);
}

/** Throws InvalidTransitionError (409) naming the version and why, unless the move is allowed. */
export function assertTransition(from: Stage, to: Stage, version = "the version"): void {
  if (!canTransition(from, to)) throw transitionError(version, from, to);
}
