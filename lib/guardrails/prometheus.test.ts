import { describe, expect, it } from "vitest";
import { promqlString, renderQuery, valueOf } from "./prometheus";

describe("renderQuery", () => {
  it("fills model, candidate and stable, escaped for a PromQL string", () => {
    expect(
      renderQuery('rate(x{model="{{model}}",version="{{ candidate }}"}[5m]) / rate(x{version="{{stable}}"}[5m])', {
        model: "fraud",
        candidate: "2026-01-02.1",
        stable: "2026-01-01.1",
      }),
    ).toBe('rate(x{model="fraud",version="2026-01-02.1"}[5m]) / rate(x{version="2026-01-01.1"}[5m])');
    expect(promqlString('a"b\\c\nd')).toBe('a\\"b\\\\c\\nd');
    expect(renderQuery('x{v="{{stable}}"}', { model: "m", candidate: "c", stable: null })).toBe('x{v=""}');
  });
});

describe("valueOf", () => {
  it("takes the one number of a vector or scalar", () => {
    expect(valueOf({ status: "success", data: { resultType: "vector", result: [{ value: [1, "0.25"] }] } })).toEqual({
      value: 0.25,
      problem: null,
    });
    expect(valueOf({ status: "success", data: { resultType: "scalar", result: [1, "7"] } })).toEqual({ value: 7, problem: null });
  });

  it("has no value, and says why, for no series, several series, NaN or an error", () => {
    expect(valueOf({ status: "success", data: { resultType: "vector", result: [] } }).problem).toMatch(/no series/);
    expect(
      valueOf({ status: "success", data: { resultType: "vector", result: [{ value: [1, "1"] }, { value: [1, "2"] }] } }).problem,
    ).toMatch(/2 series; aggregate/);
    expect(valueOf({ status: "success", data: { resultType: "vector", result: [{ value: [1, "NaN"] }] } }).value).toBeNull();
    expect(valueOf({ status: "error", error: "parse error" }).problem).toMatch(/parse error/);
  });
});
