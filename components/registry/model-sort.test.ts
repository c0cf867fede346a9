import { describe, expect, it } from "vitest";
import { sortModels, type SortableModel } from "./model-sort";

const m = (key: string, over: Partial<SortableModel> = {}): SortableModel => ({
  key,
  name: key,
  ownerTeam: "",
  prodVersion: null,
  latestAt: null,
  versionCount: 0,
  ...over,
});

const models = [
  m("churn", { name: "Churn", ownerTeam: "growth", prodVersion: "2026-01-02.1", latestAt: "2026-01-10T00:00:00Z", versionCount: 4 }),
  m("fraud", { name: "fraud scoring", ownerTeam: "risk", latestAt: "2026-01-15T00:00:00Z", versionCount: 9 }),
  m("assist", { name: "Assistant", ownerTeam: "", prodVersion: "2026-01-09.2", latestAt: null, versionCount: 0 }),
];
const keys = (list: SortableModel[]) => list.map((x) => x.key);

describe("sortModels", () => {
  it("sorts names case-insensitively", () => {
    expect(keys(sortModels(models, "name", "asc"))).toEqual(["assist", "churn", "fraud"]);
    expect(keys(sortModels(models, "name", "desc"))).toEqual(["fraud", "churn", "assist"]);
  });
  it("sorts dates and counts numerically", () => {
    expect(keys(sortModels(models, "latest", "desc"))).toEqual(["fraud", "churn", "assist"]);
    expect(keys(sortModels(models, "versions", "asc"))).toEqual(["assist", "churn", "fraud"]);
  });
  it("keeps missing values last in both directions", () => {
    expect(keys(sortModels(models, "latest", "asc"))).toEqual(["churn", "fraud", "assist"]);
    expect(keys(sortModels(models, "prod", "asc"))).toEqual(["churn", "assist", "fraud"]);
    expect(keys(sortModels(models, "prod", "desc"))).toEqual(["assist", "churn", "fraud"]);
    expect(keys(sortModels(models, "owner", "desc"))).toEqual(["fraud", "churn", "assist"]);
  });
  it("does not mutate its input", () => {
    const copy = [...models];
    sortModels(models, "name", "desc");
    expect(models).toEqual(copy);
  });
});
