import { describe, expect, it } from "vitest";
import { missingPredictionMessage } from "./lookup";

describe("the lookup's answer for a request id without a row", () => {
  it("says never recorded when no model's sample explains it", () => {
    expect(missingPredictionMessage("req-1", 30, [])).toBe(
      'No prediction with request id "req-1" is recorded (predictions are kept for 30 days).',
    );
  });

  it("names the model and its share when the caller named the model", () => {
    expect(missingPredictionMessage("req-1", 30, [{ model: "fraud-scoring", sampleRate: 0.1 }], true)).toBe(
      'Request id "req-1" is not stored: model "fraud-scoring" keeps 10 % of requests at request level (policy predictions.sampleRate) ' +
        "and this id falls outside that share; such requests are still counted in the metrics.",
    );
  });

  it("says which models would have left it out when the model is not known", () => {
    const m = missingPredictionMessage("req-1", 7, [
      { model: "a", sampleRate: 0.1 },
      { model: "b", sampleRate: 0.005 },
    ]);
    expect(m).toContain(
      'Request id "req-1" is not stored. If it was sent to model "a" or "b", it was not kept: "a" keeps 10 %, "b" keeps 0.5 %',
    );
    expect(m).toContain("older than the 7 days");
  });
});
