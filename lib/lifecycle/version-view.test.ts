import { describe, expect, it } from "vitest";
import { evaluateGates } from "./gates";
import { parsePolicy } from "../policy/policy";
import { deprecationText, gateOutcome, gateResultsOf, reasonsOf, replayOf, retirementRefusal, thresholdText } from "./version-view";
import { formatNumber } from "../format/numbers";

describe("gateResultsOf", () => {
  it("reads back what gates.ts stores", () => {
    const parsed = parsePolicy({
      evalGates: [{ metric: "f1", op: ">=", value: 0.9 }],
      maxRegression: [{ metric: "f1", direction: "higher_is_better", maxDrop: 0.01 }],
      replay: { minAgreement: 0.97 },
    });
    if (!parsed.ok) throw new Error("expected a valid policy");
    const outcome = evaluateGates(parsed.policy, { metrics: { f1: 0.88 } }, { version: "2026-01-01.1", metrics: { f1: 0.91 } });
    // through JSON, as the Evaluation.gates column holds it
    expect(gateResultsOf(JSON.parse(JSON.stringify(outcome.results)))).toEqual(
      outcome.results.map((r) => ({ baseline: null, baselineVersion: null, ...r })),
    );
  });

  it("leaves out what is not a gate result", () => {
    expect(gateResultsOf(null)).toEqual([]);
    expect(gateResultsOf({ gate: "absolute" })).toEqual([]);
    expect(gateResultsOf([null, 3, { gate: "nope", metric: "f1", passed: true }, { gate: "absolute", passed: true }])).toEqual([]);
    expect(gateResultsOf([{ gate: "replay", metric: "replay.agreement", passed: false, value: "x" }])).toEqual([
      {
        gate: "replay",
        rule: "replay.agreement",
        metric: "replay.agreement",
        value: null,
        threshold: null,
        baseline: null,
        baselineVersion: null,
        passed: false,
        skipped: false,
        message: "",
      },
    ]);
  });
});

describe("reasonsOf", () => {
  it("keeps the strings of a stored reasons list", () => {
    expect(reasonsOf(["a", 2, "b"])).toEqual(["a", "b"]);
    expect(reasonsOf("a")).toEqual([]);
  });
});

describe("replayOf", () => {
  it("reads the replay as CI sent it, extra fields aside", () => {
    expect(replayOf({ baseline_version: "2026-01-14.1", cases: 5000, agreement: 0.982, samples: [] })).toEqual({
      baselineVersion: "2026-01-14.1",
      cases: 5000,
      agreement: 0.982,
    });
    expect(replayOf(null)).toBeNull();
    expect(replayOf({ baseline_version: "2026-01-14.1", cases: 5000 })).toBeNull();
  });
});

describe("gateOutcome and thresholdText", () => {
  it("labels skipped before passed", () => {
    expect(gateOutcome({ passed: true, skipped: true })).toBe("skipped");
    expect(gateOutcome({ passed: true, skipped: false })).toBe("passed");
    expect(gateOutcome({ passed: false, skipped: false })).toBe("failed");
  });

  it("says what the threshold means for each kind of gate", () => {
    expect(thresholdText({ gate: "absolute", rule: "f1 >= 0.9", threshold: 0.9 }, formatNumber)).toBe("≥ 0.9");
    expect(thresholdText({ gate: "absolute", rule: "calibration_error <= 0.05", threshold: 0.05 }, formatNumber)).toBe("≤ 0.05");
    expect(thresholdText({ gate: "regression", rule: "f1 may drop at most 0.01 below PROD", threshold: 0.01 }, formatNumber)).toBe(
      "drop ≤ 0.01 vs PROD",
    );
    expect(thresholdText({ gate: "regression", rule: "toxicity may rise at most 0.005 above PROD", threshold: 0.005 }, formatNumber)).toBe(
      "rise ≤ 0.005 vs PROD",
    );
    expect(thresholdText({ gate: "replay", rule: "replay agreement with PROD >= 0.97", threshold: 0.97 }, formatNumber)).toBe("≥ 0.97");
    expect(thresholdText({ gate: "absolute", rule: "f1", threshold: null }, formatNumber)).toBe("—");
  });
});

describe("deprecationText", () => {
  const now = Date.parse("2026-03-10T12:00:00Z");

  it("reads a passed date as deprecated since, a coming one as the end of support", () => {
    expect(deprecationText("2026-03-01T00:00:00.000Z", now)).toEqual({ past: true, text: "deprecated since 2026-03-01" });
    expect(deprecationText("2026-03-10T12:00:00.000Z", now)).toEqual({ past: true, text: "deprecated since 2026-03-10" });
    expect(deprecationText("2026-04-01T00:00:00.000Z", now)).toEqual({ past: false, text: "support ends 2026-04-01" });
  });
});

describe("retirementRefusal", () => {
  const facts = { version: "2026-01-15.1", stage: "RETIRED" as const, serving: [] as string[], gold: [] as string[] };

  it("allows what the server allows", () => {
    expect(retirementRefusal("deprecate", facts)).toBeNull();
    expect(retirementRefusal("archive", facts)).toBeNull();
    expect(retirementRefusal("archive", { ...facts, stage: "DEPRECATED" })).toBeNull();
  });

  it("refuses a serving version first, in the server’s words", () => {
    const serving = {
      ...facts,
      stage: "PROD" as const,
      serving: ["it is the stable version of the production release"],
      gold: ["2026-01-15.1"],
    };
    expect(retirementRefusal("deprecate", serving)).toBe(
      "cannot deprecate 2026-01-15.1: it is serving traffic — it is the stable version of the production release. Move traffic off it first.",
    );
    expect(retirementRefusal("archive", serving)).toMatch(/^cannot archive 2026-01-15\.1: it is serving traffic/);
  });

  it("keeps gold versions from being archived, but lets them be deprecated", () => {
    const gold = { ...facts, gold: ["2026-01-17.1", "2026-01-16.1", "2026-01-15.1"] };
    expect(retirementRefusal("deprecate", gold)).toBeNull();
    expect(retirementRefusal("archive", gold)).toBe(
      "cannot archive 2026-01-15.1: it is one of the last three versions that were PROD (2026-01-17.1, 2026-01-16.1, 2026-01-15.1), " +
        "which are kept as rollback targets and audit evidence.",
    );
  });

  it("asks the stage machine otherwise", () => {
    expect(retirementRefusal("archive", { ...facts, stage: "STAGING" })).toBe(
      "cannot move 2026-01-15.1 from STAGING to ARCHIVED: it is waiting for a review; reject or deprecate it first.",
    );
    expect(retirementRefusal("deprecate", { ...facts, stage: "DEPRECATED" })).toBe(
      "cannot move 2026-01-15.1 from DEPRECATED to DEPRECATED: it is already deprecated.",
    );
    expect(retirementRefusal("deprecate", { ...facts, stage: "ARCHIVED" })).toMatch(/archived versions are final/);
  });
});
