/**
 * The release moves and who may make them. A `Release` row is the routing pointer of one model
 * in one environment; every move computes its new field values here, from the row it read, and
 * the service writes them with a compare-and-swap on `epoch` (service.ts). Pure and client-safe:
 * the release page asks `availableMoves` which buttons to show and `describeRollback` what the
 * confirm dialog says.
 *
 *   idle / rolled_back ──start──▶ ramping ──advance──▶ ramping (next step) … ──advance at the last step──▶ idle (completed)
 *                                  │  ▲                    ramping/paused ──promoteNow──▶ idle (completed)
 *                             pause│  │resume              ramping/paused ──abort──▶ idle (candidate discarded)
 *                                  ▼  │                    ramping/paused ──rollback──▶ rolled_back (candidate at 0 %)
 *                                 paused                   idle, completed ──rollback──▶ rolled_back (stable ← previous stable)
 *                                                          any ──forceRollback(v)──▶ rolled_back (stable ← v)
 *
 * Modes. canary: the candidate starts at the first step and advances step by step; reaching a
 * step of 100 % is still a step (it bakes like the others), and advancing from the last step
 * completes the rollout. blue_green: one step of 100 %; the old stable stays warm until the
 * rollout completes. shadow: the candidate serves nobody; `candidatePercent` is the share of
 * requests whose copy goes to it (packages/client/src/resolve.js), it has no steps, and it is promoted or
 * discarded. A model's first version has nothing to ramp against: starting it completes at once.
 *
 * Completion: candidate → stable, old stable → previous stable (warm, the rollback target).
 * Rollback while a candidate runs: the candidate leaves the table (0 %), the stable stays, and
 * the candidate goes back to STAGING — rolled back, not judged: its approvals no longer count,
 * so it rolls out again only after a new approval (lib/lifecycle/stage-machine.ts).
 * Rollback after completion: stable ← previous stable, in the same single update. Nothing is
 * rolled back twice: after a rollback, going further back is a force rollback to a named version.
 */
import type { ReleaseMode, ReleaseState, Stage } from "../../generated/prisma/enums";
import type { Actor } from "../auth/actor";
import { roleCan } from "../auth/permissions";
import { ForbiddenError, InvalidTransitionError } from "../errors";
import { formatPercentTwoDecimals } from "../format/numbers";

/** The fields of a Release row a move reads and writes (the epoch is the service's). */
export type ReleaseFields = {
  stableVersion: string | null;
  previousStableVersion: string | null;
  candidateVersion: string | null;
  /** percent of routing keys on the candidate (shadow: whose copy goes to it), 0..100 */
  candidatePercent: number;
  mode: ReleaseMode;
  /** ramp steps in percent; the last is 100 for canary and blue-green, empty for shadow */
  steps: number[];
  stepIndex: number;
  bakeMinutes: number;
  state: ReleaseState;
  stepStartedAt: Date | null;
  rolloutStartedAt: Date | null;
  completedAt: Date | null;
};

export type ReleaseSnapshot = ReleaseFields & { epoch: number };

/** What a rollout is started with (plan.ts builds it from the manifest and the policy). */
export type RolloutPlan = { mode: ReleaseMode; steps: number[]; bakeMinutes: number; shadowPercent: number };

/** What the service knows about a force-rollback target, read under its row lock. */
export type ForceTarget = { version: string; stage: Stage; wasProd: boolean };

export type ReleaseMove =
  | { type: "start"; version: string; plan: RolloutPlan }
  | { type: "advance" }
  | { type: "pause" }
  | { type: "resume" }
  | { type: "promoteNow" }
  | { type: "abort" }
  | { type: "rollback" }
  | { type: "forceRollback"; target: ForceTarget };

export type MoveType = ReleaseMove["type"];

export const MOVE_TYPES = [
  "start",
  "advance",
  "pause",
  "resume",
  "promoteNow",
  "abort",
  "rollback",
  "forceRollback",
] as const satisfies readonly MoveType[];

/** The audit/outbox verb of a move's result: `release.<outcome>`. */
export type MoveOutcome = "started" | "advanced" | "paused" | "resumed" | "completed" | "aborted" | "rolled_back";

/** A version's stage change that goes with the move (the service asserts it against TRANSITIONS). */
export type StageChange = { version: string; to: Stage; why: string };

export type ReleaseChange = {
  outcome: MoveOutcome;
  fields: ReleaseFields;
  stages: StageChange[];
  /** rollbacks: the version taken out of service and the one serving afterwards */
  rolledBackFrom?: string;
  rolledBackTo?: string;
};

export function releaseFields(r: ReleaseFields): ReleaseFields {
  return {
    stableVersion: r.stableVersion,
    previousStableVersion: r.previousStableVersion,
    candidateVersion: r.candidateVersion,
    candidatePercent: r.candidatePercent,
    mode: r.mode,
    steps: [...r.steps],
    stepIndex: r.stepIndex,
    bakeMinutes: r.bakeMinutes,
    state: r.state,
    stepStartedAt: r.stepStartedAt,
    rolloutStartedAt: r.rolloutStartedAt,
    completedAt: r.completedAt,
  };
}

function refuse(message: string): never {
  throw new InvalidTransitionError(message);
}

/**
 * A rollout is running: a candidate is ramping, paused or shadowing. As for routing
 * (lib/routing/table.ts), a candidate on the row serves unless the release was rolled back.
 */
export function rolloutRunning<R extends Pick<ReleaseFields, "candidateVersion" | "state">>(r: R): r is R & { candidateVersion: string } {
  return r.candidateVersion !== null && r.state !== "rolled_back";
}

function requireRunning(r: ReleaseFields, verb: string): asserts r is ReleaseFields & { candidateVersion: string } {
  if (!rolloutRunning(r)) {
    refuse(
      r.state === "rolled_back"
        ? `cannot ${verb}: no rollout is running (the last one was rolled back).`
        : `cannot ${verb}: no rollout is running.`,
    );
  }
}

/** The candidate becomes stable, the old stable the previous stable (the warm rollback target). */
function complete(r: ReleaseFields & { candidateVersion: string }, now: Date): ReleaseChange {
  const candidate = r.candidateVersion;
  const stages: StageChange[] = [{ version: candidate, to: "PROD", why: "the rollout completed" }];
  if (r.stableVersion && r.stableVersion !== candidate) {
    stages.push({ version: r.stableVersion, to: "PROD_PREVIOUS", why: `${candidate} took over; it stays warm as the rollback target` });
  }
  if (r.previousStableVersion && r.previousStableVersion !== r.stableVersion && r.previousStableVersion !== candidate) {
    stages.push({ version: r.previousStableVersion, to: "RETIRED", why: `${r.stableVersion ?? candidate} is now the rollback target` });
  }
  return {
    outcome: "completed",
    fields: {
      ...releaseFields(r),
      stableVersion: candidate,
      previousStableVersion: r.stableVersion && r.stableVersion !== candidate ? r.stableVersion : r.previousStableVersion,
      candidateVersion: null,
      candidatePercent: 0,
      state: "idle",
      stepStartedAt: null,
      completedAt: now,
    },
    stages,
  };
}

function start(r: ReleaseFields, move: Extract<ReleaseMove, { type: "start" }>, now: Date): ReleaseChange {
  const { version, plan } = move;
  if (rolloutRunning(r)) {
    refuse(
      `cannot start a rollout of ${version}: a rollout of ${r.candidateVersion} is in progress; finish it, abort it or roll it back first.`,
    );
  }
  if (r.stableVersion === version) refuse(`cannot start a rollout of ${version}: it is already the stable version.`);
  if (plan.mode !== "shadow") {
    if (plan.steps.length === 0) refuse(`cannot start a rollout of ${version}: the plan has no steps.`);
    if (plan.steps.some((s, i) => !(s > 0 && s <= 100) || (i > 0 && s <= (plan.steps[i - 1] ?? 0)))) {
      refuse(`cannot start a rollout of ${version}: steps must be increasing percentages from 1 to 100 (got ${plan.steps.join(", ")}).`);
    }
    if (plan.steps[plan.steps.length - 1] !== 100)
      refuse(`cannot start a rollout of ${version}: the last step must be 100 so the rollout can complete.`);
  } else if (!(plan.shadowPercent > 0 && plan.shadowPercent <= 100)) {
    refuse(`cannot start a shadow of ${version}: the share of traffic copied to it must be from 1 to 100 percent.`);
  }
  const begun: ReleaseFields = {
    ...releaseFields(r),
    candidateVersion: version,
    mode: plan.mode,
    steps: plan.mode === "shadow" ? [] : [...plan.steps],
    stepIndex: 0,
    bakeMinutes: plan.bakeMinutes,
    state: "ramping",
    stepStartedAt: now,
    rolloutStartedAt: now,
    candidatePercent: plan.mode === "shadow" ? plan.shadowPercent : (plan.steps[0] ?? 100),
  };
  // Nothing serves yet: the first version takes all traffic at once, whatever the strategy.
  if (!r.stableVersion) {
    const done = complete({ ...begun, candidateVersion: version }, now);
    return {
      ...done,
      fields: { ...done.fields, steps: [100], stepIndex: 0, mode: plan.mode === "shadow" ? "canary" : plan.mode },
      stages: [{ version, to: "PROD", why: "the model’s first version takes all traffic at once: there is nothing to ramp against" }],
    };
  }
  return { outcome: "started", fields: begun, stages: [{ version, to: "ROLLING_OUT", why: "its rollout started" }] };
}

function advance(r: ReleaseFields, now: Date): ReleaseChange {
  requireRunning(r, "advance");
  if (r.state === "paused") refuse(`cannot advance: the rollout of ${r.candidateVersion} is paused; resume it first.`);
  if (r.mode === "shadow") {
    refuse(`cannot advance: ${r.candidateVersion} is a shadow and serves no traffic, so it has no steps; promote it or discard it.`);
  }
  const last = r.steps.length - 1;
  if (r.stepIndex >= last) return complete(r, now);
  const stepIndex = r.stepIndex + 1;
  return {
    outcome: "advanced",
    fields: { ...releaseFields(r), stepIndex, candidatePercent: r.steps[stepIndex] ?? 100, stepStartedAt: now },
    stages: [],
  };
}

function pause(r: ReleaseFields): ReleaseChange {
  requireRunning(r, "pause");
  if (r.state === "paused") refuse(`cannot pause: the rollout of ${r.candidateVersion} is already paused.`);
  if (r.mode === "shadow") refuse(`cannot pause: ${r.candidateVersion} is a shadow with no ramp to hold; promote it or discard it.`);
  return { outcome: "paused", fields: { ...releaseFields(r), state: "paused" }, stages: [] };
}

function resume(r: ReleaseFields, now: Date): ReleaseChange {
  requireRunning(r, "resume");
  if (r.state !== "paused") refuse(`cannot resume: the rollout of ${r.candidateVersion} is not paused.`);
  // The bake clock restarts: a step that was held must prove itself again before it advances.
  return { outcome: "resumed", fields: { ...releaseFields(r), state: "ramping", stepStartedAt: now }, stages: [] };
}

function promoteNow(r: ReleaseFields, now: Date): ReleaseChange {
  requireRunning(r, "promote");
  return complete(r, now);
}

function withoutCandidate(r: ReleaseFields, state: ReleaseState): ReleaseFields {
  return { ...releaseFields(r), candidateVersion: null, candidatePercent: 0, state, stepStartedAt: null };
}

function abort(r: ReleaseFields): ReleaseChange {
  requireRunning(r, "abort");
  return {
    outcome: "aborted",
    fields: withoutCandidate(r, "idle"),
    stages: [{ version: r.candidateVersion, to: "REJECTED", why: "its rollout was aborted" }],
  };
}

/** Why nothing can be rolled back, or null when a rollback is possible. */
export function nothingToRollBack(r: ReleaseFields | null): string | null {
  if (!r || (!r.stableVersion && !r.candidateVersion)) return "nothing can be rolled back: no version is in production yet.";
  if (rolloutRunning(r)) return r.stableVersion ? null : "nothing can be rolled back: the candidate is the only version there is.";
  if (r.state === "rolled_back") {
    return "nothing can be rolled back: the release was just rolled back; to go further back, force a rollback to a chosen earlier version.";
  }
  if (!r.previousStableVersion)
    return "nothing can be rolled back: no rollout is running and there is no previous stable version to return to.";
  return null;
}

/** Why a rolled-back candidate is back in STAGING (its stage change's `why`). */
const CANDIDATE_ROLLED_BACK =
  "its rollout was rolled back: back in STAGING, its approvals no longer count; a new approval rolls it out again";

function rollback(r: ReleaseFields): ReleaseChange {
  const why = nothingToRollBack(r);
  if (why) refuse(why);
  if (rolloutRunning(r)) {
    return {
      outcome: "rolled_back",
      fields: withoutCandidate(r, "rolled_back"),
      stages: [{ version: r.candidateVersion, to: "STAGING", why: CANDIDATE_ROLLED_BACK }],
      rolledBackFrom: r.candidateVersion,
      rolledBackTo: r.stableVersion ?? undefined,
    };
  }
  const from = r.stableVersion as string;
  const to = r.previousStableVersion as string;
  return {
    outcome: "rolled_back",
    fields: { ...withoutCandidate(r, "rolled_back"), stableVersion: to, previousStableVersion: null },
    stages: [
      { version: to, to: "PROD", why: `a rollback made it stable again, replacing ${from}` },
      { version: from, to: "RETIRED", why: `it was rolled back to ${to}` },
    ],
    rolledBackFrom: from,
    rolledBackTo: to,
  };
}

const UNSERVABLE: readonly Stage[] = ["DEPRECATED", "ARCHIVED"];

function forceRollback(r: ReleaseFields, target: ForceTarget): ReleaseChange {
  const v = target.version;
  if (r.candidateVersion === v && rolloutRunning(r)) {
    refuse(`cannot force a rollback to ${v}: it is the candidate being rolled out; a rollback goes back to an earlier version.`);
  }
  if (!target.wasProd)
    refuse(`cannot force a rollback to ${v}: it was never in production (PROD); only versions that were can be rolled back to.`);
  if (UNSERVABLE.includes(target.stage)) {
    refuse(
      `cannot force a rollback to ${v}: it is ${target.stage === "DEPRECATED" ? "deprecated" : "archived"}; choose a supported version.`,
    );
  }
  const running = rolloutRunning(r);
  if (r.stableVersion === v && !running) refuse(`cannot force a rollback to ${v}: it is already the stable version.`);
  const stages: StageChange[] = [];
  if (running)
    stages.push({ version: r.candidateVersion as string, to: "STAGING", why: `${CANDIDATE_ROLLED_BACK} (forced rollback to ${v})` });
  if (r.stableVersion !== v) {
    stages.push({ version: v, to: "PROD", why: `a forced rollback made it stable again` });
    if (r.stableVersion) stages.push({ version: r.stableVersion, to: "RETIRED", why: `it was rolled back to ${v}` });
  }
  if (r.previousStableVersion && r.previousStableVersion !== v && r.previousStableVersion !== r.stableVersion) {
    stages.push({ version: r.previousStableVersion, to: "RETIRED", why: `a forced rollback to ${v} replaced the rollback target` });
  }
  return {
    outcome: "rolled_back",
    fields: { ...withoutCandidate(r, "rolled_back"), stableVersion: v, previousStableVersion: null },
    stages,
    rolledBackFrom: (running ? r.candidateVersion : r.stableVersion) ?? undefined,
    rolledBackTo: v,
  };
}

/**
 * The release after `move`, made at `now`: every field's new value and the stage changes that
 * go with it, or an InvalidTransitionError (409) saying why the move is refused.
 */
export function nextRelease(release: ReleaseFields, move: ReleaseMove, now: Date): ReleaseChange {
  switch (move.type) {
    case "start":
      return start(release, move, now);
    case "advance":
      return advance(release, now);
    case "pause":
      return pause(release);
    case "resume":
      return resume(release, now);
    case "promoteNow":
      return promoteNow(release, now);
    case "abort":
      return abort(release);
    case "rollback":
      return rollback(release);
    case "forceRollback":
      return forceRollback(release, move.target);
  }
}

// ---------------------------------------------------------------------------------------------
// Who may move a release

/** Moves an automated guardrail may make on its own; the rest need a person or an API token. */
const GUARDRAIL_MOVES: readonly MoveType[] = ["advance", "pause", "resume", "rollback"];

/**
 * Why `actor` may not make `move`, or null. Operators, approvers and admins run releases
 * (release:operate) and API tokens with release:write do the same through the API; a rollout
 * starts with the approval that completes a review (an approver or admin), and the guardrail
 * loop advances, holds and rolls back. The system actor (seed, scripts) may do anything.
 */
export function moveRefusal(actor: Actor, move: MoveType | "pin"): string | null {
  const what = move === "pin" ? "pin tenants" : `${MOVE_LABELS[move]} releases`;
  switch (actor.type) {
    case "system":
      return null;
    case "user":
      if (move === "start" && roleCan(actor.role, "approvals:decide")) return null;
      return roleCan(actor.role, "release:operate")
        ? null
        : `Your role (${actor.role}) cannot ${what}; an operator, approver or admin can.`;
    case "token":
      if (move === "start") return "A rollout starts when a version is approved; API tokens cannot start one.";
      return actor.scopes.includes("release:write") ? null : `This token lacks the scope release:write, which is needed to ${what}.`;
    case "guardrail":
      return move !== "pin" && GUARDRAIL_MOVES.includes(move) ? null : `The guardrail loop cannot ${what}; a person must.`;
    case "policy":
      return move === "start" ? null : `Automation cannot ${what}; a person must.`;
  }
}

export function assertMayMove(actor: Actor, move: MoveType | "pin"): void {
  const refusal = moveRefusal(actor, move);
  if (refusal) throw new ForbiddenError(refusal);
}

export const MOVE_LABELS: Record<MoveType, string> = {
  start: "start",
  advance: "advance",
  pause: "pause",
  resume: "resume",
  promoteNow: "promote",
  abort: "abort",
  rollback: "roll back",
  forceRollback: "force-roll back",
};

// ---------------------------------------------------------------------------------------------
// For the release page

/** The operator moves the state machine allows now (forceRollback needs a target; see queries). */
export function availableMoves(r: ReleaseFields | null): Record<Exclude<MoveType, "start" | "forceRollback">, boolean> {
  const can = (move: ReleaseMove) => {
    if (!r) return false;
    try {
      nextRelease(r, move, new Date(0));
      return true;
    } catch {
      return false;
    }
  };
  return {
    advance: can({ type: "advance" }),
    pause: can({ type: "pause" }),
    resume: can({ type: "resume" }),
    promoteNow: can({ type: "promoteNow" }),
    abort: can({ type: "abort" }),
    rollback: can({ type: "rollback" }),
  };
}

/** The release pointers a rollback depends on (the model page has these, the release page all fields). */
export type RollbackPointers = Pick<
  ReleaseFields,
  "stableVersion" | "previousStableVersion" | "candidateVersion" | "candidatePercent" | "mode" | "state"
>;

export type RollbackDescription =
  | {
      possible: true;
      kind: "candidate" | "previous";
      /** the version taken out of service */
      from: string;
      /** the version serving all traffic afterwards: the rollback target */
      to: string;
      /** what happens to the traffic */
      sentence: string;
      /** what happens to the version taken out of service */
      fromAfter: { stage: Stage; sentence: string };
    }
  | { possible: false; sentence: string };

const POINTER_DEFAULTS = {
  steps: [],
  stepIndex: 0,
  bakeMinutes: 0,
  stepStartedAt: null,
  rolloutStartedAt: null,
  completedAt: null,
} as const;

/**
 * What the Rollback button does now, in the words every page shows (release card, traffic panel,
 * confirm dialog, model header, `release.rollback` in the API). Derived from the move itself
 * (`nextRelease(…, rollback)`), so the target shown is the target the button rolls back to.
 */
export function describeRollback(r: RollbackPointers | null): RollbackDescription {
  const why = nothingToRollBack(r ? { ...r, ...POINTER_DEFAULTS, steps: [] } : null);
  if (why || !r) return { possible: false, sentence: `${(why ?? "").charAt(0).toUpperCase()}${(why ?? "").slice(1)}` };
  const change = rollback({ ...r, ...POINTER_DEFAULTS, steps: [] });
  const from = change.rolledBackFrom as string;
  const to = change.rolledBackTo as string;
  const fromStage = change.stages.find((s) => s.version === from)?.to ?? "RETIRED";
  if (rolloutRunning(r)) {
    const sentence =
      r.mode === "shadow"
        ? `${to} keeps serving all traffic; ${from} stops receiving its shadow copy.`
        : `Traffic goes back to ${to}; ${from} stops serving (it has ${formatPercentTwoDecimals(r.candidatePercent)} now).`;
    const after =
      `${from} is not rejected: it goes back to STAGING with its manifest and its approval history; ` +
      "the approvals it had no longer count, so rolling it out again needs a new approval, and an approver can reject it.";
    return { possible: true, kind: "candidate", from, to, sentence, fromAfter: { stage: fromStage, sentence: after } };
  }
  return {
    possible: true,
    kind: "previous",
    from,
    to,
    sentence: `Traffic goes back to ${to}; ${from} stops serving.`,
    fromAfter: { stage: fromStage, sentence: `${from} is retired; a forced rollback can make it stable again.` },
  };
}

/** The version the Rollback button goes back to now, or null when nothing can be rolled back. */
export function rollbackTarget(r: RollbackPointers | null): string | null {
  const d = describeRollback(r);
  return d.possible ? d.to : null;
}
