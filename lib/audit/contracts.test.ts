import { describe, expect, it } from "vitest";
import { checkedParse } from "../input/validate";
import { listAuditCheckpointsRoute } from "./contracts";

describe("the checkpoint list's query", () => {
  const parse = (query: Record<string, string>) => checkedParse(listAuditCheckpointsRoute.query, query);

  it("takes 1..500, 20 when absent or empty", () => {
    expect(parse({})).toEqual({ ok: true, data: { limit: 20 } });
    expect(parse({ limit: "" })).toEqual({ ok: true, data: { limit: 20 } });
    expect(parse({ limit: "1" })).toEqual({ ok: true, data: { limit: 1 } });
    expect(parse({ limit: "500" })).toEqual({ ok: true, data: { limit: 500 } });
  });

  it("refuses anything else with one issue, in the words it always used", () => {
    for (const limit of ["0", "501", "2.5", "abc", "-1", "1e21", "Infinity"]) {
      expect(parse({ limit }), limit).toEqual({ ok: false, issues: [{ path: "limit", message: "must be a whole number from 1 to 500" }] });
    }
  });
});
