import { describe, expect, it } from "vitest";
import { diffHref, modelHref, versionHref } from "./hrefs";

describe("registry hrefs", () => {
  it("builds model, version and diff URLs", () => {
    expect(modelHref("fraud-score")).toBe("/models/fraud-score");
    expect(versionHref("fraud-score", "2026-01-15.2")).toBe("/models/fraud-score/versions/2026-01-15.2");
    expect(diffHref("fraud-score")).toBe("/models/fraud-score/diff");
    expect(diffHref("fraud-score", { from: "2026-01-15.1", to: "2026-01-15.2" })).toBe(
      "/models/fraud-score/diff?from=2026-01-15.1&to=2026-01-15.2",
    );
    expect(diffHref("fraud-score", { to: "2026-01-15.2" })).toBe("/models/fraud-score/diff?to=2026-01-15.2");
  });
  it("encodes path segments", () => {
    expect(versionHref("a b", "x/y")).toBe("/models/a%20b/versions/x%2Fy");
  });
});
