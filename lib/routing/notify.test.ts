import { describe, expect, it } from "vitest";
import { parseRoutesChanged } from "./notify";

describe("parseRoutesChanged", () => {
  it("reads the model, the epoch and, when present, the database's clock at the NOTIFY", () => {
    expect(parseRoutesChanged('{"model":"fraud-score","epoch":12,"at":1764921600123}')).toEqual({
      model: "fraud-score",
      epoch: 12,
      at: 1764921600123,
    });
    // payloads of servers from before the clock was sent are still changes
    expect(parseRoutesChanged('{"model":"fraud-score","epoch":12}')).toEqual({ model: "fraud-score", epoch: 12 });
    expect(parseRoutesChanged('{"model":"fraud-score","epoch":12,"at":"soon"}')).toEqual({ model: "fraud-score", epoch: 12 });
  });

  it("gives null for what it cannot read, so the data plane reloads every table", () => {
    for (const payload of [undefined, "", "not json", "null", '{"model":1,"epoch":2}', '{"model":"m"}']) {
      expect(parseRoutesChanged(payload)).toBeNull();
    }
  });
});
