import { describe, expect, it } from "vitest";
import { CANDIDATE_COLOUR, OTHER_COLOURS, STABLE_COLOUR, versionColour, versionLabel, versionStyles } from "./version-colours";

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5]
    .map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe("versionColour", () => {
  it("gives stable and candidate their own colours, whatever their ids", () => {
    expect(versionColour("v9", { stable: "v9", candidate: "v10" })).toBe(STABLE_COLOUR);
    expect(versionColour("v10", { stable: "v9", candidate: "v10" })).toBe(CANDIDATE_COLOUR);
    expect(STABLE_COLOUR).not.toBe(CANDIDATE_COLOUR);
  });

  it("colours any other version by its id alone, never with a role colour", () => {
    for (const v of ["2026-01-15.1", "2026-02-01.3", "a", "b", "c", "d", "e"]) {
      const c = versionColour(v, { stable: "s", candidate: "c2" });
      expect(OTHER_COLOURS).toContain(c);
      expect(versionColour(v)).toBe(c);
    }
  });

  it("keeps a version's colour whichever other versions a chart draws", () => {
    const roles = { stable: "s", candidate: "c" };
    const all = versionStyles(["s", "c", "old-1", "old-2", "old-3"], roles);
    const some = versionStyles(["c", "old-2"], roles);
    expect(some.c!.colour).toBe(all.c!.colour);
    expect(some["old-2"]!.colour).toBe(all["old-2"]!.colour);
  });

  it("every colour reads on a white card and on a slate-900 card (3:1 for graphics)", () => {
    for (const c of [STABLE_COLOUR, CANDIDATE_COLOUR, ...OTHER_COLOURS]) {
      expect(contrast(c, "#ffffff"), c).toBeGreaterThanOrEqual(3);
      expect(contrast(c, "#0f172a"), c).toBeGreaterThanOrEqual(3);
    }
  });
});

describe("versionStyles", () => {
  it("dashes the later of two versions that share a colour on one chart", () => {
    const ids = Array.from({ length: 20 }, (_, i) => `v${i}`);
    const a = ids[0]!;
    const b = ids.find((v) => v !== a && versionColour(v) === versionColour(a))!;
    const styles = versionStyles([a, b]);
    expect(styles[a]).toMatchObject({ dashed: false, role: null });
    expect(styles[b]).toMatchObject({ colour: styles[a]!.colour, dashed: true });
  });

  it("names the role of stable and candidate", () => {
    const styles = versionStyles(["s", "c"], { stable: "s", candidate: "c" });
    expect(styles.s!.role).toBe("stable");
    expect(styles.c!.role).toBe("candidate");
    expect(versionLabel("c", { stable: "s", candidate: "c" })).toBe("c (candidate)");
    expect(versionLabel("x", { stable: "s" })).toBe("x");
  });
});
