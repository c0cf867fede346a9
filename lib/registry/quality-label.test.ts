import { describe, expect, it } from "vitest";
import { manifestQualityMetric, qualityTitle } from "./quality-label";

describe("qualityTitle", () => {
  it("names the metric the versions' manifests declare", () => {
    expect(qualityTitle({ a: "precision_at_review", b: "precision_at_review" }, ["a", "b"])).toBe("Quality — precision_at_review");
  });
  it("says it is the mean score when no manifest names a metric", () => {
    expect(qualityTitle({}, ["a"])).toBe("Quality — mean score");
  });
  it("names each version's metric when they differ", () => {
    expect(qualityTitle({ a: "ndcg_at_10", b: "mrr" }, ["a", "b"])).toBe("Quality — ndcg_at_10 (a), mrr (b)");
  });
  it("only looks at the versions drawn", () => {
    expect(qualityTitle({ a: "ndcg_at_10", old: "mrr" }, ["a"])).toBe("Quality — ndcg_at_10");
  });
});

describe("manifestQualityMetric", () => {
  it("reads quality.metric from a stored manifest", () => {
    expect(manifestQualityMetric({ quality: { metric: "accuracy", min: 0.8 } })).toBe("accuracy");
    expect(manifestQualityMetric({ quality: {} })).toBeNull();
    expect(manifestQualityMetric(null)).toBeNull();
  });
});
