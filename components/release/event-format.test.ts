import { describe, expect, it } from "vitest";
import { eventDetail, eventTitle } from "./event-format";

const release = (over: Record<string, unknown>) => ({
  stableVersion: "2026-01-15.2",
  previousStableVersion: null,
  candidateVersion: "2026-02-01.1",
  candidatePercent: 5,
  mode: "canary",
  state: "ramping",
  steps: [5, 25, 50, 100],
  stepIndex: 0,
  bakeMinutes: 30,
  epoch: 3,
  ...over,
});

describe("eventDetail", () => {
  it("names the candidate, its first step and the ramp when a rollout starts", () => {
    expect(eventDetail({ action: "release.started", before: release({ candidateVersion: null }), after: release({}) })).toBe(
      "2026-02-01.1 at 5 % (canary, steps 5 → 25 → 50 → 100 %)",
    );
  });

  it("shows the percent moving on advance", () => {
    expect(eventDetail({ action: "release.advanced", before: release({}), after: release({ candidatePercent: 25, stepIndex: 1 }) })).toBe(
      "2026-02-01.1: 5 % → 25 %",
    );
  });

  it("shows from → to on a rollback", () => {
    expect(
      eventDetail({
        action: "release.rolled_back",
        before: release({ candidatePercent: 25 }),
        after: {
          ...release({ candidateVersion: null, candidatePercent: 0 }),
          rolledBackFrom: "2026-02-01.1",
          rolledBackTo: "2026-01-15.2",
        },
      }),
    ).toBe("2026-02-01.1 → 2026-01-15.2");
  });

  it("describes pins and unpins", () => {
    expect(
      eventDetail({
        action: "tenant.pinned",
        before: { tenant: "acme", version: null },
        after: { tenant: "acme", version: "2026-01-15.2" },
      }),
    ).toBe("acme → 2026-01-15.2");
    expect(
      eventDetail({
        action: "tenant.unpinned",
        before: { tenant: "acme", version: "2026-01-15.2" },
        after: { tenant: "acme", version: null },
      }),
    ).toBe("acme follows the split again (was 2026-01-15.2)");
  });

  it("names the version of a stage change from its subject", () => {
    expect(eventDetail({ action: "version.rejected", before: null, after: null, subject: "model_version:fraud@2026-02-01.1" })).toBe(
      "2026-02-01.1",
    );
  });

  it("passes unknown actions through without a detail", () => {
    expect(eventTitle("release.frobbed")).toBe("release.frobbed");
    expect(eventDetail({ action: "release.frobbed", before: 1, after: "x" })).toBeNull();
  });
});
