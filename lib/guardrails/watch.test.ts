import { describe, expect, it } from "vitest";
import { guardrailWatch, watchingAt } from "./watch";

const T0 = new Date("2026-02-01T10:00:00Z");
const release = (over: Partial<Parameters<typeof guardrailWatch>[0] & object> = {}) => ({
  state: "ramping" as const,
  candidateVersion: "2026-02-01.1" as string | null,
  stableVersion: "2026-01-15.2" as string | null,
  previousStableVersion: "2026-01-10.1" as string | null,
  completedAt: null as Date | null,
  ...over,
});

describe("guardrailWatch", () => {
  it("watches a ramping or paused candidate", () => {
    expect(guardrailWatch(release(), 30, T0)).toMatchObject({ watching: "canary", version: "2026-02-01.1", until: null });
    expect(guardrailWatch(release({ state: "paused" }), 30, T0).watching).toBe("canary");
  });

  it("watches nothing after a rollback, an abort or once the post-promotion window is over — the last decision is history then", () => {
    expect(guardrailWatch(release({ state: "rolled_back", candidateVersion: null }), 30, T0)).toEqual({
      watching: null,
      version: null,
      until: null,
      sentence: "Nothing is watched: the release was rolled back; 2026-01-15.2 serves all traffic.",
    });
    expect(guardrailWatch(release({ state: "idle", candidateVersion: null }), 30, T0).sentence).toBe(
      "Nothing is watched: no rollout is running; 2026-01-15.2 serves all traffic.",
    );
    const done = release({ state: "idle", candidateVersion: null, completedAt: new Date(T0.getTime() - 31 * 60_000) });
    expect(guardrailWatch(done, 30, T0)).toMatchObject({
      watching: null,
      sentence: expect.stringMatching(/post-promotion watch has ended/),
    });
    expect(guardrailWatch(null, 30, T0)).toMatchObject({
      watching: null,
      sentence: "Nothing is watched: no version is in production yet.",
    });
  });

  it("watches a new stable inside its post-promotion window, until a time the page re-checks", () => {
    const promoted = release({ state: "idle", candidateVersion: null, completedAt: new Date(T0.getTime() - 10 * 60_000) });
    const w = guardrailWatch(promoted, 30, T0);
    expect(w).toMatchObject({ watching: "post_promotion", version: "2026-01-15.2", until: "2026-02-01T10:20:00.000Z" });
    expect(watchingAt(w, T0.getTime())).toBe(true);
    expect(watchingAt(w, Date.parse("2026-02-01T10:20:00.000Z"))).toBe(false);
    expect(watchingAt(guardrailWatch(release(), 30, T0), T0.getTime() + 1e9)).toBe(true);
  });
});
