import { describe, expect, it } from "vitest";
import type { Actor } from "../auth/actor";
import { InvalidTransitionError } from "../errors";
import {
  availableMoves,
  describeRollback,
  rollbackTarget,
  moveRefusal,
  nextRelease,
  type ReleaseFields,
  type ReleaseMove,
  type RolloutPlan,
} from "./state-machine";

const T0 = new Date("2026-02-01T10:00:00Z");
const NOW = new Date("2026-02-01T11:00:00Z");

const idle = (over: Partial<ReleaseFields> = {}): ReleaseFields => ({
  stableVersion: "2026-01-15.2",
  previousStableVersion: "2026-01-10.1",
  candidateVersion: null,
  candidatePercent: 0,
  mode: "canary",
  steps: [5, 25, 50, 100],
  stepIndex: 3,
  bakeMinutes: 30,
  state: "idle",
  stepStartedAt: null,
  rolloutStartedAt: T0,
  completedAt: T0,
  ...over,
});

const canary = (stepIndex: number, over: Partial<ReleaseFields> = {}): ReleaseFields =>
  idle({
    candidateVersion: "2026-02-01.1",
    candidatePercent: [5, 25, 50, 100][stepIndex] ?? 0,
    stepIndex,
    state: "ramping",
    stepStartedAt: T0,
    rolloutStartedAt: T0,
    ...over,
  });

const CANARY: RolloutPlan = { mode: "canary", steps: [5, 25, 50, 100], bakeMinutes: 30, shadowPercent: 0 };
const start = (plan: RolloutPlan = CANARY, version = "2026-02-01.1"): ReleaseMove => ({ type: "start", version, plan });

function refusal(r: ReleaseFields, move: ReleaseMove): string {
  try {
    nextRelease(r, move, NOW);
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidTransitionError);
    expect((e as InvalidTransitionError).status).toBe(409);
    return (e as Error).message;
  }
  throw new Error(`expected ${move.type} to be refused`);
}

describe("start", () => {
  it("canary: the candidate takes the first step, ramping, with its steps and bake time", () => {
    const c = nextRelease(idle(), start(), NOW);
    expect(c.outcome).toBe("started");
    expect(c.fields).toMatchObject({
      stableVersion: "2026-01-15.2",
      previousStableVersion: "2026-01-10.1",
      candidateVersion: "2026-02-01.1",
      candidatePercent: 5,
      mode: "canary",
      steps: [5, 25, 50, 100],
      stepIndex: 0,
      bakeMinutes: 30,
      state: "ramping",
      stepStartedAt: NOW,
      rolloutStartedAt: NOW,
    });
    expect(c.stages).toEqual([{ version: "2026-02-01.1", to: "ROLLING_OUT", why: expect.any(String) }]);
  });

  it("blue-green: the candidate takes 100 % at once, the stable stays warm", () => {
    const c = nextRelease(idle(), start({ mode: "blue_green", steps: [100], bakeMinutes: 10, shadowPercent: 0 }), NOW);
    expect(c.fields).toMatchObject({
      candidateVersion: "2026-02-01.1",
      candidatePercent: 100,
      mode: "blue_green",
      steps: [100],
      stableVersion: "2026-01-15.2",
    });
  });

  it("shadow: the candidate gets a copy of its share of traffic and no steps", () => {
    const c = nextRelease(idle(), start({ mode: "shadow", steps: [], bakeMinutes: 30, shadowPercent: 100 }), NOW);
    expect(c.fields).toMatchObject({
      candidateVersion: "2026-02-01.1",
      candidatePercent: 100,
      mode: "shadow",
      steps: [],
      state: "ramping",
    });
  });

  it("after a rollback, a new rollout starts", () => {
    const c = nextRelease(idle({ state: "rolled_back", previousStableVersion: null }), start(), NOW);
    expect(c.fields.state).toBe("ramping");
  });

  it("a model's first version becomes stable at once: nothing to ramp against", () => {
    const c = nextRelease(idle({ stableVersion: null, previousStableVersion: null, completedAt: null }), start(), NOW);
    expect(c.outcome).toBe("completed");
    expect(c.fields).toMatchObject({
      stableVersion: "2026-02-01.1",
      previousStableVersion: null,
      candidateVersion: null,
      state: "idle",
      completedAt: NOW,
    });
    expect(c.stages).toEqual([{ version: "2026-02-01.1", to: "PROD", why: expect.any(String) }]);
  });

  it("is refused while another rollout runs, for the stable version, and for a plan that cannot complete", () => {
    expect(refusal(canary(1), start(CANARY, "2026-02-02.1"))).toMatch(/a rollout of 2026-02-01.1 is in progress/);
    expect(refusal(canary(1, { state: "paused" }), start(CANARY, "2026-02-02.1"))).toMatch(/in progress/);
    expect(refusal(idle(), start(CANARY, "2026-01-15.2"))).toMatch(/already the stable version/);
    expect(refusal(idle(), start({ ...CANARY, steps: [5, 50] }))).toMatch(/last step must be 100/);
    expect(refusal(idle(), start({ ...CANARY, steps: [50, 25, 100] }))).toMatch(/increasing/);
    expect(refusal(idle(), start({ ...CANARY, steps: [] }))).toMatch(/no steps/);
    expect(refusal(idle(), start({ mode: "shadow", steps: [], bakeMinutes: 0, shadowPercent: 0 }))).toMatch(/share of traffic copied/);
  });
});

describe("advance", () => {
  it("moves to the next step and restarts the bake clock", () => {
    const c = nextRelease(canary(0), { type: "advance" }, NOW);
    expect(c.outcome).toBe("advanced");
    expect(c.fields).toMatchObject({ stepIndex: 1, candidatePercent: 25, stepStartedAt: NOW, state: "ramping", rolloutStartedAt: T0 });
    expect(c.stages).toEqual([]);
  });

  it("reaching 100 % is a step; advancing from the last step completes the rollout", () => {
    const at100 = nextRelease(canary(2), { type: "advance" }, NOW);
    expect(at100.fields).toMatchObject({ stepIndex: 3, candidatePercent: 100, candidateVersion: "2026-02-01.1" });
    const done = nextRelease(canary(3), { type: "advance" }, NOW);
    expect(done.outcome).toBe("completed");
    expect(done.fields).toMatchObject({
      stableVersion: "2026-02-01.1",
      previousStableVersion: "2026-01-15.2",
      candidateVersion: null,
      candidatePercent: 0,
      state: "idle",
      completedAt: NOW,
      stepStartedAt: null,
    });
    expect(done.stages.map((s) => [s.version, s.to])).toEqual([
      ["2026-02-01.1", "PROD"],
      ["2026-01-15.2", "PROD_PREVIOUS"],
      ["2026-01-10.1", "RETIRED"],
    ]);
  });

  it("blue-green completes on its one advance", () => {
    const bg = canary(0, { mode: "blue_green", steps: [100], candidatePercent: 100 });
    expect(nextRelease(bg, { type: "advance" }, NOW).outcome).toBe("completed");
  });

  it("is refused while paused, for a shadow, and with nothing rolling out", () => {
    expect(refusal(canary(1, { state: "paused" }), { type: "advance" })).toMatch(/paused; resume it first/);
    expect(refusal(canary(0, { mode: "shadow", steps: [], candidatePercent: 100 }), { type: "advance" })).toMatch(
      /shadow .* promote it or discard it/,
    );
    expect(refusal(idle(), { type: "advance" })).toMatch(/no rollout is running/);
    expect(refusal(idle({ state: "rolled_back" }), { type: "advance" })).toMatch(/last one was rolled back/);
  });
});

describe("pause and resume", () => {
  it("pause holds the share; resume continues and restarts the bake clock", () => {
    const paused = nextRelease(canary(1), { type: "pause" }, NOW);
    expect(paused.outcome).toBe("paused");
    expect(paused.fields).toMatchObject({ state: "paused", candidatePercent: 25, stepIndex: 1, stepStartedAt: T0 });
    const later = new Date(NOW.getTime() + 60_000);
    const resumed = nextRelease(paused.fields, { type: "resume" }, later);
    expect(resumed.outcome).toBe("resumed");
    expect(resumed.fields).toMatchObject({ state: "ramping", candidatePercent: 25, stepIndex: 1, stepStartedAt: later });
  });

  it("refuses pausing twice, resuming what runs, a shadow pause and moves on an idle release", () => {
    expect(refusal(canary(1, { state: "paused" }), { type: "pause" })).toMatch(/already paused/);
    expect(refusal(canary(1), { type: "resume" })).toMatch(/not paused/);
    expect(refusal(canary(0, { mode: "shadow", steps: [] }), { type: "pause" })).toMatch(/shadow/);
    expect(refusal(idle(), { type: "pause" })).toMatch(/no rollout is running/);
    expect(refusal(idle(), { type: "resume" })).toMatch(/no rollout is running/);
  });
});

describe("promote now", () => {
  it("completes from any step, paused too, and promotes a shadow", () => {
    expect(nextRelease(canary(0), { type: "promoteNow" }, NOW).fields).toMatchObject({ stableVersion: "2026-02-01.1", state: "idle" });
    expect(nextRelease(canary(1, { state: "paused" }), { type: "promoteNow" }, NOW).outcome).toBe("completed");
    const shadow = canary(0, { mode: "shadow", steps: [], candidatePercent: 100 });
    expect(nextRelease(shadow, { type: "promoteNow" }, NOW).fields).toMatchObject({
      stableVersion: "2026-02-01.1",
      previousStableVersion: "2026-01-15.2",
    });
  });

  it("is refused with nothing rolling out", () => {
    expect(refusal(idle(), { type: "promoteNow" })).toMatch(/cannot promote: no rollout is running/);
  });
});

describe("abort", () => {
  it("removes the candidate and keeps the stable; the candidate is rejected", () => {
    const c = nextRelease(canary(2), { type: "abort" }, NOW);
    expect(c.outcome).toBe("aborted");
    expect(c.fields).toMatchObject({
      candidateVersion: null,
      candidatePercent: 0,
      state: "idle",
      stableVersion: "2026-01-15.2",
      previousStableVersion: "2026-01-10.1",
    });
    expect(c.stages).toEqual([{ version: "2026-02-01.1", to: "REJECTED", why: expect.any(String) }]);
  });

  it("is refused with nothing rolling out", () => {
    expect(refusal(idle(), { type: "abort" })).toMatch(/cannot abort/);
  });
});

describe("rollback", () => {
  it("while a canary runs: the candidate goes to 0 % and back to STAGING (not rejected), the stable and the previous stable stay", () => {
    const c = nextRelease(canary(1), { type: "rollback" }, NOW);
    expect(c.outcome).toBe("rolled_back");
    expect(c.fields).toMatchObject({
      stableVersion: "2026-01-15.2",
      previousStableVersion: "2026-01-10.1",
      candidateVersion: null,
      candidatePercent: 0,
      state: "rolled_back",
    });
    expect(c.stages).toEqual([
      {
        version: "2026-02-01.1",
        to: "STAGING",
        why: expect.stringMatching(/approvals no longer count; a new approval rolls it out again/),
      },
    ]);
    expect(c).toMatchObject({ rolledBackFrom: "2026-02-01.1", rolledBackTo: "2026-01-15.2" });
  });

  it("while paused or shadowing, too", () => {
    expect(nextRelease(canary(1, { state: "paused" }), { type: "rollback" }, NOW).fields.state).toBe("rolled_back");
    expect(nextRelease(canary(0, { mode: "shadow", steps: [] }), { type: "rollback" }, NOW).fields.candidateVersion).toBeNull();
  });

  it("after a completed rollout: stable ← previous stable in the same update", () => {
    const c = nextRelease(idle(), { type: "rollback" }, NOW);
    expect(c.fields).toMatchObject({
      stableVersion: "2026-01-10.1",
      previousStableVersion: null,
      candidateVersion: null,
      state: "rolled_back",
    });
    expect(c.stages.map((s) => [s.version, s.to])).toEqual([
      ["2026-01-10.1", "PROD"],
      ["2026-01-15.2", "RETIRED"],
    ]);
    expect(c).toMatchObject({ rolledBackFrom: "2026-01-15.2", rolledBackTo: "2026-01-10.1" });
  });

  it("nothing can be rolled back: no previous stable, just rolled back, nothing in production", () => {
    expect(refusal(idle({ previousStableVersion: null }), { type: "rollback" })).toMatch(
      /^nothing can be rolled back: no rollout is running and there is no previous stable/,
    );
    expect(refusal(idle({ state: "rolled_back" }), { type: "rollback" })).toMatch(
      /^nothing can be rolled back: the release was just rolled back; to go further back, force a rollback/,
    );
    expect(refusal(idle({ stableVersion: null, previousStableVersion: null }), { type: "rollback" })).toMatch(
      /^nothing can be rolled back: no version is in production yet/,
    );
  });
});

describe("force rollback", () => {
  const target = (
    over: Partial<{
      version: string;
      stage: "PROD" | "PROD_PREVIOUS" | "RETIRED" | "DEPRECATED" | "ARCHIVED" | "REJECTED";
      wasProd: boolean;
    }> = {},
  ) => ({
    type: "forceRollback" as const,
    target: { version: "2026-01-01.1", stage: "RETIRED" as const, wasProd: true, ...over },
  });

  it("to an earlier PROD version: it becomes stable; the stable and the previous stable retire", () => {
    const c = nextRelease(idle(), target(), NOW);
    expect(c.fields).toMatchObject({ stableVersion: "2026-01-01.1", previousStableVersion: null, state: "rolled_back" });
    expect(c.stages.map((s) => [s.version, s.to])).toEqual([
      ["2026-01-01.1", "PROD"],
      ["2026-01-15.2", "RETIRED"],
      ["2026-01-10.1", "RETIRED"],
    ]);
    expect(c).toMatchObject({ rolledBackFrom: "2026-01-15.2", rolledBackTo: "2026-01-01.1" });
  });

  it("during a canary: the candidate goes back to STAGING too", () => {
    const c = nextRelease(canary(1), target(), NOW);
    expect(c.fields).toMatchObject({ stableVersion: "2026-01-01.1", candidateVersion: null });
    expect(c.stages.map((s) => [s.version, s.to])).toEqual([
      ["2026-02-01.1", "STAGING"],
      ["2026-01-01.1", "PROD"],
      ["2026-01-15.2", "RETIRED"],
      ["2026-01-10.1", "RETIRED"],
    ]);
    expect(c.rolledBackFrom).toBe("2026-02-01.1");
  });

  it("to the previous stable, and after a rollback (going further back)", () => {
    const prev = nextRelease(idle(), target({ version: "2026-01-10.1", stage: "PROD_PREVIOUS" }), NOW);
    expect(prev.stages.map((s) => [s.version, s.to])).toEqual([
      ["2026-01-10.1", "PROD"],
      ["2026-01-15.2", "RETIRED"],
    ]);
    expect(nextRelease(idle({ state: "rolled_back", previousStableVersion: null }), target(), NOW).fields.stableVersion).toBe(
      "2026-01-01.1",
    );
  });

  it("to the stable while a canary runs is the plain candidate rollback", () => {
    const c = nextRelease(canary(1), target({ version: "2026-01-15.2", stage: "PROD" }), NOW);
    expect(c.fields).toMatchObject({ stableVersion: "2026-01-15.2", candidateVersion: null, previousStableVersion: null });
    expect(c.stages.map((s) => [s.version, s.to])).toEqual([
      ["2026-02-01.1", "STAGING"],
      ["2026-01-10.1", "RETIRED"],
    ]);
  });

  it("refuses never-PROD, deprecated, archived, the stable itself and the candidate", () => {
    expect(refusal(idle(), target({ wasProd: false, stage: "REJECTED" }))).toMatch(/never in production/);
    expect(refusal(idle(), target({ stage: "DEPRECATED" }))).toMatch(/deprecated; choose a supported version/);
    expect(refusal(idle(), target({ stage: "ARCHIVED" }))).toMatch(/archived/);
    expect(refusal(idle(), target({ version: "2026-01-15.2", stage: "PROD" }))).toMatch(/already the stable version/);
    expect(refusal(canary(1), target({ version: "2026-02-01.1", stage: "PROD" }))).toMatch(/it is the candidate/);
  });
});

describe("who may move a release", () => {
  const user = (role: "viewer" | "operator" | "approver" | "admin"): Actor => ({ type: "user", id: "u1", label: `${role}@x`, role });
  const token = (scopes: string[]): Actor => ({ type: "token", id: "t1", label: "ci", scopes });
  const guardrail: Actor = { type: "guardrail", id: null, label: "guardrail" };

  it("operators, approvers and admins run releases; viewers do not", () => {
    for (const role of ["operator", "approver", "admin"] as const) {
      for (const move of ["advance", "pause", "resume", "promoteNow", "abort", "rollback", "forceRollback", "pin"] as const) {
        expect(moveRefusal(user(role), move)).toBeNull();
      }
    }
    expect(moveRefusal(user("viewer"), "rollback")).toMatch(/Your role \(viewer\) cannot roll back releases/);
    expect(moveRefusal(user("viewer"), "pin")).toMatch(/cannot pin tenants/);
  });

  it("a rollout starts with an approval (approver, admin), never from a token", () => {
    expect(moveRefusal(user("approver"), "start")).toBeNull();
    expect(moveRefusal(user("admin"), "start")).toBeNull();
    expect(moveRefusal(token(["release:write"]), "start")).toMatch(/approved/);
  });

  it("tokens need release:write", () => {
    expect(moveRefusal(token(["release:write"]), "rollback")).toBeNull();
    expect(moveRefusal(token(["routes:read"]), "rollback")).toMatch(/lacks the scope release:write/);
  });

  it("the guardrail advances, holds and rolls back, but does not force, abort, promote or pin", () => {
    for (const move of ["advance", "pause", "resume", "rollback"] as const) expect(moveRefusal(guardrail, move)).toBeNull();
    for (const move of ["forceRollback", "abort", "promoteNow", "pin", "start"] as const)
      expect(moveRefusal(guardrail, move)).not.toBeNull();
  });
});

describe("for the release page", () => {
  it("lists the moves that apply now", () => {
    expect(availableMoves(canary(1))).toEqual({ advance: true, pause: true, resume: false, promoteNow: true, abort: true, rollback: true });
    expect(availableMoves(canary(1, { state: "paused" }))).toEqual({
      advance: false,
      pause: false,
      resume: true,
      promoteNow: true,
      abort: true,
      rollback: true,
    });
    expect(availableMoves(idle())).toEqual({
      advance: false,
      pause: false,
      resume: false,
      promoteNow: false,
      abort: false,
      rollback: true,
    });
    expect(availableMoves(null)).toEqual({ advance: false, pause: false, resume: false, promoteNow: false, abort: false, rollback: false });
  });

  it("says what a rollback does", () => {
    expect(describeRollback(canary(1))).toEqual({
      possible: true,
      kind: "candidate",
      from: "2026-02-01.1",
      to: "2026-01-15.2",
      sentence: "Traffic goes back to 2026-01-15.2; 2026-02-01.1 stops serving (it has 25 % now).",
      fromAfter: {
        stage: "STAGING",
        sentence: expect.stringMatching(
          /^2026-02-01\.1 is not rejected: it goes back to STAGING .*needs a new approval, and an approver can reject it\.$/,
        ),
      },
    });
    expect(describeRollback(idle())).toMatchObject({
      possible: true,
      kind: "previous",
      sentence: "Traffic goes back to 2026-01-10.1; 2026-01-15.2 stops serving.",
    });
    expect(describeRollback(idle({ previousStableVersion: null }))).toMatchObject({
      possible: false,
      sentence: expect.stringMatching(/^Nothing can be rolled back/),
    });
  });

  it("names one rollback target, the one the move goes back to: during a canary the stable, not the warm previous stable", () => {
    // canary(1): stable 2026-01-15.2, previous stable (warm) 2026-01-10.1
    expect(rollbackTarget(canary(1))).toBe("2026-01-15.2");
    expect(rollbackTarget(canary(1))).toBe(nextRelease(canary(1), { type: "rollback" }, NOW).rolledBackTo);
    expect(rollbackTarget(canary(1, { state: "paused" }))).toBe("2026-01-15.2");
    expect(rollbackTarget(canary(0, { mode: "shadow", steps: [] }))).toBe("2026-01-15.2");
    expect(rollbackTarget(idle())).toBe("2026-01-10.1");
    expect(rollbackTarget(idle())).toBe(nextRelease(idle(), { type: "rollback" }, NOW).rolledBackTo);
    expect(rollbackTarget(idle({ state: "rolled_back" }))).toBeNull();
    expect(rollbackTarget(idle({ previousStableVersion: null }))).toBeNull();
    expect(rollbackTarget(null)).toBeNull();
    // the model page knows only the pointers
    const pointers = {
      stableVersion: "b",
      previousStableVersion: "a",
      candidateVersion: "c",
      candidatePercent: 5,
      mode: "canary" as const,
      state: "ramping" as const,
    };
    expect(rollbackTarget(pointers)).toBe("b");
    expect(describeRollback(idle())).toMatchObject({ fromAfter: { stage: "RETIRED" } });
  });
});
