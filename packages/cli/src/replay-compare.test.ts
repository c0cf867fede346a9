import { describe, expect, it } from "vitest";
import { CompareError, compareReplay, decisionOf, sameDecision, sha256Hex } from "./replay-compare";

const jsonl = (rows: unknown[]) => rows.map((r) => `${JSON.stringify(r)}\n`).join("");

const set = jsonl([
  { request_id: "a1", tenant: "acme" },
  { request_id: "a2", tenant: "acme" },
  { request_id: "a3", tenant: "acme" },
  { request_id: "a4", tenant: "acme" },
  { request_id: "g1", tenant: "globex" },
  { request_id: "g2", tenant: "globex" },
]);
const baseline = jsonl([
  { request_id: "a1", output: { label: "approve", score: 0.1 } },
  { request_id: "a2", output: { label: "approve", score: 0.2 } },
  { request_id: "a3", output: { label: "review", score: 0.7 } },
  { request_id: "a4", output: { label: "approve", score: 0.3 } },
  { request_id: "g1", output: { label: "approve", score: 0.4 } },
  { request_id: "g2", output: { label: "review", score: 0.6 } },
]);
const candidate = jsonl([
  // same label, other score: agrees
  { request_id: "a1", output: { label: "approve", score: 0.15 } },
  { request_id: "a2", output: { label: "review", score: 0.9 } },
  { request_id: "a3", output: { label: "review", score: 0.8 } },
  { request_id: "a4", output: { label: "approve", score: 0.3 } },
  { request_id: "g1", output: { label: "review", score: 0.45 } },
  { request_id: "g2", output: { label: "review", score: 0.6 } },
]);

describe("compareReplay", () => {
  it("gives cases, agreement, per-tenant agreement worst first and the worst disagreements", () => {
    const { report, missing } = compareReplay({
      setText: set,
      baselineText: baseline,
      candidateText: candidate,
      baselineVersion: "2026-11-01.1",
      setId: "s1",
    });
    expect(missing).toEqual([]);
    expect(report.cases).toBe(6);
    expect(report.agreement).toBeCloseTo(4 / 6, 12);
    expect(report.set).toEqual({ id: "s1", hash: sha256Hex(set) });
    expect(report.by_tenant).toEqual([
      { tenant: "globex", cases: 2, agreement: 0.5 },
      { tenant: "acme", cases: 4, agreement: 0.75 },
    ]);
    // a2's scores are 0.7 apart, g1's 0.05
    expect(report.disagreements.map((d) => d.request_id)).toEqual(["a2", "g1"]);
    expect(report.disagreements[0]).toEqual({
      request_id: "a2",
      tenant: "acme",
      baseline_output: { label: "approve", score: 0.2 },
      candidate_output: { label: "review", score: 0.9 },
    });
    // the weighted per-tenant agreement is the total, as the server checks
    const weighted = report.by_tenant.reduce((s, t) => s + t.cases * t.agreement, 0) / report.cases;
    expect(Math.abs(weighted - report.agreement)).toBeLessThan(1e-9);
  });

  it("leaves out items without both outputs, and names them", () => {
    const partial = baseline.split("\n").slice(1).join("\n");
    const { report, missing } = compareReplay({ setText: set, baselineText: partial, candidateText: candidate, baselineVersion: "v" });
    expect(missing).toEqual(["a1"]);
    expect(report.cases).toBe(5);
    expect(report.set).toBeUndefined();
  });

  it("keeps at most 20 disagreements", () => {
    const ids = Array.from({ length: 30 }, (_, i) => `r${i}`);
    const { report } = compareReplay({
      setText: jsonl(ids.map((id) => ({ request_id: id, tenant: "t" }))),
      baselineText: jsonl(ids.map((id) => ({ request_id: id, output: 0 }))),
      candidateText: jsonl(ids.map((id) => ({ request_id: id, output: 1 }))),
      baselineVersion: "v",
    });
    expect(report.agreement).toBe(0);
    expect(report.disagreements).toHaveLength(20);
  });

  it("names the file and line of a bad line, and a request id given twice", () => {
    const run = (baselineText: string) => () =>
      compareReplay({
        setText: set,
        baselineText,
        candidateText: candidate,
        baselineVersion: "v",
        files: { set: "s.jsonl", baseline: "b.jsonl", candidate: "c.jsonl" },
      });
    expect(run("{nope\n")).toThrow(new CompareError("b.jsonl:1: not JSON"));
    expect(run(jsonl([{ output: 1 }]))).toThrow("b.jsonl:1: has no request_id");
    expect(
      run(
        jsonl([
          { request_id: "a1", output: 1 },
          { request_id: "a1", output: 2 },
        ]),
      ),
    ).toThrow('b.jsonl: request_id "a1" appears twice');
    expect(run("")).toThrow("no item of s.jsonl has an output in both b.jsonl and c.jsonl");
  });
});

describe("decisions", () => {
  it("are an object's label when it has one, else the whole output, compared deeply", () => {
    expect(decisionOf({ label: "x", score: 1 })).toBe("x");
    expect(sameDecision({ label: "x", score: 1 }, { score: 2, label: "x" })).toBe(true);
    expect(sameDecision({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBe(true);
    expect(sameDecision({ a: 1 }, { a: 2 })).toBe(false);
    expect(sameDecision(null, undefined)).toBe(true);
  });
});
