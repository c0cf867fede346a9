import { describe, expect, it } from "vitest";
import { DEFAULT_THRESHOLDS as t, levelOf, nextState } from "./policy";

describe("levelOf", () => {
  it("bands PSI at the warn and alert thresholds, and JS at its alert threshold", () => {
    expect(levelOf({ psi: 0.05, js: 0.02 }, t)).toBe("ok");
    expect(levelOf({ psi: 0.1, js: 0.02 }, t)).toBe("warn");
    expect(levelOf({ psi: 0.25, js: 0.02 }, t)).toBe("alert");
    expect(levelOf({ psi: 0.05, js: 0.1 }, t)).toBe("alert");
  });
});

describe("nextState", () => {
  it("enters alert from any state", () => {
    expect(nextState("ok", { psi: 0.3, js: 0.05 }, t)).toBe("alert");
    expect(nextState("warn", { psi: 0.3, js: 0.05 }, t)).toBe("alert");
  });

  it("keeps an alert standing while PSI is still above warn", () => {
    expect(nextState("alert", { psi: 0.2, js: 0.05 }, t)).toBe("alert");
    expect(nextState("alert", { psi: 0.12, js: 0.05 }, t)).toBe("alert");
  });

  it("keeps an alert standing while JS is close to its threshold", () => {
    expect(nextState("alert", { psi: 0.05, js: 0.09 }, t)).toBe("alert");
  });

  it("recovers to ok only below warn", () => {
    expect(nextState("alert", { psi: 0.05, js: 0.05 }, t)).toBe("ok");
  });

  it("leaves warn only clearly below the warn threshold", () => {
    expect(nextState("ok", { psi: 0.11, js: 0.02 }, t)).toBe("warn");
    expect(nextState("warn", { psi: 0.09, js: 0.02 }, t)).toBe("warn");
    expect(nextState("warn", { psi: 0.07, js: 0.02 }, t)).toBe("ok");
  });
});
