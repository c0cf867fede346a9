import { describe, expect, it } from "vitest";
import { prepareSplit } from "./split";

describe("prepareSplit", () => {
  it("draws stable then candidate during a canary", () => {
    const view = prepareSplit({
      split: { stable: 75, candidate: 25, shadow: 0 },
      stable: { version: "2026-01-15.2" },
      candidate: { version: "2026-02-01.1" },
    });
    expect(view.segments).toEqual([
      { role: "stable", version: "2026-01-15.2", percent: 75 },
      { role: "candidate", version: "2026-02-01.1", percent: 25 },
    ]);
    expect(view.shadow).toBeNull();
    expect(view.summary).toBe("2026-01-15.2 (stable) serves 75 %; 2026-02-01.1 (candidate) serves 25 %.");
  });

  it("leaves out a side at 0 %: after a rollback only the stable is drawn", () => {
    const view = prepareSplit({ split: { stable: 100, candidate: 0, shadow: 0 }, stable: { version: "2026-01-15.2" }, candidate: null });
    expect(view.segments).toEqual([{ role: "stable", version: "2026-01-15.2", percent: 100 }]);
  });

  it("draws a shadow apart from the serving bar", () => {
    const view = prepareSplit({
      split: { stable: 100, candidate: 0, shadow: 10 },
      stable: { version: "2026-01-15.2" },
      candidate: { version: "2026-02-01.1" },
    });
    expect(view.segments).toHaveLength(1);
    expect(view.shadow).toEqual({ version: "2026-02-01.1", percent: 10 });
    expect(view.summary).toContain("2026-02-01.1 (shadow) receives a copy of 10 % of requests and serves nobody.");
  });

  it("says so when nothing serves", () => {
    const view = prepareSplit({ split: { stable: 0, candidate: 0, shadow: 0 }, stable: null, candidate: null });
    expect(view.segments).toEqual([]);
    expect(view.summary).toMatch(/^Nothing serves yet/);
  });
});
