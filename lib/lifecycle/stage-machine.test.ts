import { describe, expect, it } from "vitest";
import type { Stage } from "../../generated/prisma/enums";
import { InvalidTransitionError } from "../errors";
import { assertTransition, canTransition, SERVING_STAGES, STAGES, TRANSITIONS } from "./stage-machine";

// The whole table, written out: every pair not listed here must be refused.
const ALLOWED: [Stage, Stage][] = [
  ["DEV", "STAGING"],
  ["DEV", "DEPRECATED"],
  ["DEV", "ARCHIVED"],
  ["STAGING", "PROD"],
  ["STAGING", "ROLLING_OUT"],
  ["STAGING", "REJECTED"],
  ["STAGING", "DEPRECATED"],
  ["ROLLING_OUT", "PROD"],
  ["ROLLING_OUT", "STAGING"],
  ["ROLLING_OUT", "REJECTED"],
  ["PROD", "PROD_PREVIOUS"],
  ["PROD", "RETIRED"],
  ["PROD_PREVIOUS", "RETIRED"],
  ["PROD_PREVIOUS", "PROD"],
  ["RETIRED", "PROD"],
  ["RETIRED", "DEPRECATED"],
  ["RETIRED", "ARCHIVED"],
  ["REJECTED", "DEPRECATED"],
  ["REJECTED", "ARCHIVED"],
  ["DEPRECATED", "ARCHIVED"],
];

const allowed = new Set(ALLOWED.map(([f, t]) => `${f}>${t}`));
const ALL_PAIRS = STAGES.flatMap((from) => STAGES.map((to) => [from, to] as [Stage, Stage]));
const REFUSED = ALL_PAIRS.filter(([f, t]) => !allowed.has(`${f}>${t}`));

describe("stage machine", () => {
  it("knows all nine stages", () => {
    expect(STAGES).toHaveLength(9);
    expect(ALL_PAIRS).toHaveLength(81);
    expect(ALLOWED.length + REFUSED.length).toBe(81);
  });

  it("lists exactly the allowed moves, each with its cause", () => {
    const table = STAGES.flatMap((from) => Object.keys(TRANSITIONS[from]).map((to) => `${from}>${to}`));
    expect(new Set(table)).toEqual(allowed);
    for (const [from, to] of ALLOWED) expect(TRANSITIONS[from][to]).toMatch(/\w/);
  });

  it.each(ALLOWED)("allows %s → %s", (from, to) => {
    expect(canTransition(from, to)).toBe(true);
    expect(() => assertTransition(from, to, "2026-01-15.2")).not.toThrow();
  });

  it.each(REFUSED)("refuses %s → %s with a message naming the version and the stages", (from, to) => {
    expect(canTransition(from, to)).toBe(false);
    let error: unknown;
    try {
      assertTransition(from, to, "2026-01-15.2");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidTransitionError);
    const e = error as InvalidTransitionError;
    expect(e.status).toBe(409);
    expect(e.message).toMatch(new RegExp(`^cannot move 2026-01-15\\.2 from ${from} to ${to}: .+\\.$`));
  });

  it("explains the skip from DEV to PROD", () => {
    expect(() => assertTransition("DEV", "PROD", "2026-01-15.2")).toThrow(
      "cannot move 2026-01-15.2 from DEV to PROD: a version reaches PROD only through STAGING and an approval.",
    );
    expect(() => assertTransition("DEV", "ROLLING_OUT", "2026-01-15.2")).toThrow(
      "a version reaches PROD only through STAGING and an approval",
    );
  });

  it.each([
    ["PROD", "DEPRECATED", "it is serving traffic (PROD)"],
    ["PROD_PREVIOUS", "ARCHIVED", "it is serving traffic (PROD-previous)"],
    ["ROLLING_OUT", "DEPRECATED", "it is serving traffic (rolling out)"],
    ["STAGING", "ARCHIVED", "it is waiting for a review; reject or deprecate it first"],
    ["ARCHIVED", "DEV", "archived versions are final"],
    ["DEPRECATED", "DEPRECATED", "it is already deprecated"],
    ["REJECTED", "STAGING", "only a DEV version enters STAGING"],
    [
      "REJECTED",
      "PROD",
      "a version reaches PROD only from STAGING with the required approvals and its rollout, or by a rollback to a version that was PROD before (it is rejected)",
    ],
    ["DEPRECATED", "PROD", "or by a rollback to a version that was PROD before (it is deprecated)"],
    ["PROD_PREVIOUS", "ROLLING_OUT", "only a STAGING version with the required approvals is rolled out (it is PROD-previous)"],
    ["STAGING", "DEV", "no version goes back to DEV"],
    ["DEV", "REJECTED", "only a STAGING version is rejected"],
    ["DEV", "PROD_PREVIOUS", "only the PROD version becomes PROD-previous"],
    ["STAGING", "RETIRED", "only a PROD or PROD-previous version is retired"],
  ] as [Stage, Stage, string][])("says why %s → %s is refused", (from, to, why) => {
    expect(() => assertTransition(from, to, "v")).toThrow(why);
  });

  it("never lets a serving stage be deprecated or archived, and ARCHIVED is final", () => {
    for (const s of SERVING_STAGES) {
      expect(canTransition(s, "DEPRECATED")).toBe(false);
      expect(canTransition(s, "ARCHIVED")).toBe(false);
    }
    expect(STAGES.filter((to) => canTransition("ARCHIVED", to))).toEqual([]);
  });

  it("reaches PROD only from STAGING (a first version), ROLLING_OUT (its rollout completed), PROD_PREVIOUS (rollback) or RETIRED (forced rollback)", () => {
    expect(STAGES.filter((from) => canTransition(from, "PROD")).sort()).toEqual(["PROD_PREVIOUS", "RETIRED", "ROLLING_OUT", "STAGING"]);
    expect(STAGES.filter((from) => canTransition(from, "ROLLING_OUT"))).toEqual(["STAGING"]);
    expect(TRANSITIONS.RETIRED.PROD).toBe("a forced rollback made it stable again");
  });

  it("sends a rolled-back candidate back to review (STAGING), not to REJECTED: only an abort or a reviewer rejects", () => {
    expect(STAGES.filter((from) => canTransition(from, "STAGING")).sort()).toEqual(["DEV", "ROLLING_OUT"]);
    expect(TRANSITIONS.ROLLING_OUT.STAGING).toMatch(/rolled back/);
    expect(TRANSITIONS.ROLLING_OUT.REJECTED).toBe("its rollout was aborted");
  });

  it("never brings back a version that was taken out of use: DEPRECATED, ARCHIVED and REJECTED never serve again", () => {
    for (const from of ["DEPRECATED", "ARCHIVED", "REJECTED"] as Stage[]) {
      for (const to of SERVING_STAGES) expect(canTransition(from, to)).toBe(false);
    }
  });
});
