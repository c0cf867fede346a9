import { describe, expect, it } from "vitest";
import { createTeamInput, suggestTeamKey, teamKeyField } from "./schemas";

describe("team keys", () => {
  it("suggests a key from a name that the key rule accepts", () => {
    expect(suggestTeamKey("Payments Risk")).toBe("payments-risk");
    expect(suggestTeamKey("  ML Platform (EU) ")).toBe("ml-platform-eu");
    expect(suggestTeamKey("Équipe Données")).toBe("equipe-donnees");
    const long = suggestTeamKey(`${"a".repeat(63)} b`);
    expect(long).toBe("a".repeat(63));
    for (const name of ["Payments Risk", "  ML Platform (EU) ", `${"a".repeat(63)} b`, "x-".repeat(40)]) {
      expect(teamKeyField.safeParse(suggestTeamKey(name)).success, name).toBe(true);
    }
  });

  it("refuses keys that are not lower-case slugs of 2 to 64 characters", () => {
    for (const key of ["", "a", "Payments", "-risk", "risk-", "risk team", "a".repeat(65)]) {
      expect(teamKeyField.safeParse(key).success, key).toBe(false);
    }
    expect(teamKeyField.parse(" ml ")).toBe("ml");
  });

  it("trims names and descriptions and names the field that is wrong", () => {
    expect(createTeamInput.parse({ key: "risk", name: " Risk ", description: " cards " })).toEqual({
      key: "risk",
      name: "Risk",
      description: "cards",
    });
    const bad = createTeamInput.safeParse({ key: "risk", name: "", description: "x".repeat(501) });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join("."))).toEqual(["name", "description"]);
  });
});
