import { describe, expect, it } from "vitest";
import { keptLines, predictionsCopyText, type PredictionRow } from "./prediction-rows";

const row = (over: Partial<PredictionRow> = {}): PredictionRow => ({
  requestId: "r1",
  modelId: "m1",
  version: "2026-01-15.1",
  tenant: "acme",
  ts: "2026-12-04T10:00:00.000Z",
  latencyMs: 42.5,
  outcome: "ok",
  errorClass: null,
  score: 0.9,
  cost: null,
  label: null,
  prediction: null,
  route: "stable",
  receivedAt: "2026-12-04T10:00:01.000Z",
  ...over,
});

/** The COPY text format's reading of one line: split on tabs, undo the escapes, \N is null. */
function parseLine(line: string): (string | null)[] {
  return line
    .split("\t")
    .map((f) => (f === "\\N" ? null : f.replace(/\\(.)/g, (_, c: string) => (c === "t" ? "\t" : c === "n" ? "\n" : c === "r" ? "\r" : c))));
}

describe("predictionsCopyText", () => {
  it("writes one line of 14 columns per row, nulls as \\N and numbers as JavaScript prints them", () => {
    const { data, ends } = predictionsCopyText([
      row(),
      row({ requestId: "r2", score: null, cost: 0.0004, errorClass: "timeout", outcome: "error" }),
    ]);
    const lines = data.toString("utf8").split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe("");
    expect(parseLine(lines[0]!)).toEqual([
      "r1",
      "m1",
      "2026-01-15.1",
      "acme",
      "2026-12-04T10:00:00.000Z",
      "42.5",
      "ok",
      null,
      "0.9",
      null,
      null,
      null,
      "stable",
      "2026-12-04T10:00:01.000Z",
    ]);
    expect(parseLine(lines[1]!)).toEqual([
      "r2",
      "m1",
      "2026-01-15.1",
      "acme",
      "2026-12-04T10:00:00.000Z",
      "42.5",
      "error",
      "timeout",
      null,
      "0.0004",
      null,
      null,
      "stable",
      "2026-12-04T10:00:01.000Z",
    ]);
    expect([...ends]).toEqual([Buffer.byteLength(lines[0]! + "\n"), data.length]);
  });

  it("escapes tabs, newlines, carriage returns and backslashes in every text, the prediction's JSON included", () => {
    const prediction = { text: "a\tb\nc\\d\re", "\\N": "é漢😀" };
    const r = row({ requestId: "id\twith\ttabs", tenant: "\\N", label: "x\ny", prediction });
    const { data } = predictionsCopyText([r]);
    const line = data.toString("utf8").slice(0, -1);
    expect(line.split("\t")).toHaveLength(14);
    expect(line).not.toContain("\n");
    const f = parseLine(line);
    expect(f[0]).toBe("id\twith\ttabs");
    expect(f[3]).toBe("\\N");
    expect(f[10]).toBe("x\ny");
    expect(JSON.parse(f[11]!)).toEqual(prediction);
  });

  it("sizes its buffer for any row, long multi-byte texts included", () => {
    const long = "漢".repeat(40_000);
    const { data, ends } = predictionsCopyText([row({ prediction: { long } }), row({ requestId: "r2" })]);
    const lines = data.toString("utf8").split("\n");
    expect(JSON.parse(parseLine(lines[0]!)[11]!)).toEqual({ long });
    expect(parseLine(lines[1]!)[0]).toBe("r2");
    expect(ends[1]).toBe(data.length);
  });
});

describe("keptLines", () => {
  it("leaves out the rows it is told to, across texts, without re-encoding the rest", () => {
    const a = predictionsCopyText([row({ requestId: "a1" }), row({ requestId: "a2" }), row({ requestId: "a3" })]);
    const b = predictionsCopyText([row({ requestId: "b1" }), row({ requestId: "b2" })]);
    const ids = (buf: Buffer) =>
      buf
        .toString("utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => l.split("\t")[0]);
    expect(ids(keptLines([a, b], (i) => i !== 1 && i !== 3).data)).toEqual(["a1", "a3", "b2"]);
    expect(keptLines([a, b], (i) => i !== 1 && i !== 3).rows).toBe(3);
    expect(ids(keptLines([a, b], () => true).data)).toEqual(["a1", "a2", "a3", "b1", "b2"]);
    expect(keptLines([a, b], () => false)).toEqual({ data: Buffer.alloc(0), rows: 0 });
  });
});
