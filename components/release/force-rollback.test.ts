import { describe, expect, it } from "vitest";
import { describeForceRollback } from "./force-rollback";

describe("describeForceRollback", () => {
  it("names the target and every version that stops serving during a canary", () => {
    expect(
      describeForceRollback({ stable: { version: "2026-01-15.2" }, candidate: { version: "2026-02-01.1" }, running: true }, "2026-01-02.1"),
    ).toBe(
      "Traffic goes back to 2026-01-02.1, which becomes the stable version; 2026-02-01.1 (candidate) and 2026-01-15.2 stop serving. Nothing is kept warm as a rollback target afterwards." +
        " 2026-02-01.1 is not rejected: it goes back to STAGING, and rolling it out again needs a new approval.",
    );
  });

  it("names only the stable when no rollout runs", () => {
    expect(describeForceRollback({ stable: { version: "2026-02-01.1" }, candidate: null, running: false }, "2026-01-15.2")).toBe(
      "Traffic goes back to 2026-01-15.2, which becomes the stable version; 2026-02-01.1 stops serving. Nothing is kept warm as a rollback target afterwards.",
    );
  });

  it("keeps the stable out of it when the target is the stable (a candidate is cut)", () => {
    expect(
      describeForceRollback({ stable: { version: "2026-01-15.2" }, candidate: { version: "2026-02-01.1" }, running: true }, "2026-01-15.2"),
    ).toContain("; 2026-02-01.1 (candidate) stops serving.");
  });
});
