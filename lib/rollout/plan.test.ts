import { describe, expect, it } from "vitest";
import { manifestRollout, planRollout } from "./plan";

const POLICY = { steps: [5, 25, 50, 100], bakeMinutes: 30 };

describe("planRollout", () => {
  it("canary: the manifest's initial percentage, then its steps, ending at 100", () => {
    expect(planRollout({ strategy: "canary", initial_traffic_percent: 5, steps: [25, 50, 100], bake_minutes: 15 }, POLICY)).toEqual({
      mode: "canary",
      steps: [5, 25, 50, 100],
      bakeMinutes: 15,
      shadowPercent: 0,
    });
    expect(planRollout({ strategy: "canary", initial_traffic_percent: 10, steps: [30, 60] }, POLICY).steps).toEqual([10, 30, 60, 100]);
  });

  it("canary without steps: the policy's steps above the initial percentage, and its bake time", () => {
    expect(planRollout({ strategy: "canary", initial_traffic_percent: 10 }, POLICY)).toEqual({
      mode: "canary",
      steps: [10, 25, 50, 100],
      bakeMinutes: 30,
      shadowPercent: 0,
    });
    expect(planRollout({ strategy: "canary", initial_traffic_percent: 5 }, POLICY).steps).toEqual([5, 25, 50, 100]);
    expect(planRollout({}, POLICY)).toEqual({ mode: "canary", steps: [5, 25, 50, 100], bakeMinutes: 30, shadowPercent: 0 });
  });

  it("blue-green is one step of 100; shadow copies its initial share (100 by default)", () => {
    expect(planRollout({ strategy: "blue_green", initial_traffic_percent: 100 }, POLICY)).toMatchObject({
      mode: "blue_green",
      steps: [100],
    });
    expect(planRollout({ strategy: "shadow", initial_traffic_percent: 20 }, POLICY)).toMatchObject({
      mode: "shadow",
      steps: [],
      shadowPercent: 20,
    });
    expect(planRollout({ strategy: "shadow" }, POLICY)).toMatchObject({ shadowPercent: 100 });
  });

  it("an override replaces the manifest's strategy", () => {
    expect(planRollout({ strategy: "canary", initial_traffic_percent: 5 }, POLICY, { mode: "blue_green" })).toMatchObject({
      mode: "blue_green",
      steps: [100],
    });
  });

  it("reads the rollout section from a manifest defensively", () => {
    expect(manifestRollout({ rollout: { strategy: "shadow" } })).toEqual({ strategy: "shadow" });
    expect(manifestRollout({})).toEqual({});
    expect(manifestRollout(null)).toEqual({});
    expect(manifestRollout({ rollout: [1] })).toEqual({});
  });
});
