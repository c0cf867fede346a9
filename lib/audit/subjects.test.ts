import { describe, expect, it } from "vitest";
import { modelVersionSubjectId } from "./subjects";

describe("modelVersionSubjectId", () => {
  // writers (registry, lifecycle) and the version page's history read this one spelling
  it("joins the model key and the version id with @", () => {
    expect(modelVersionSubjectId("fraud-score", "2026-01-15.2")).toBe("fraud-score@2026-01-15.2");
  });
});
