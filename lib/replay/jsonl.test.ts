import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hashLines, itemLine } from "./jsonl";

const item = {
  requestId: "req-1",
  tenant: "acme",
  version: "2026-11-01.1",
  ts: new Date("2026-11-30T10:00:00.123Z"),
  input: { z: 1, a: { y: [2, 1], b: "é" } },
  output: { label: "approve", score: 0.5 },
};

describe("itemLine", () => {
  it("writes canonical JSON with sorted keys and a newline", () => {
    expect(itemLine(item)).toBe(
      '{"input":{"a":{"b":"é","y":[2,1]},"z":1},"output":{"label":"approve","score":0.5},"request_id":"req-1","tenant":"acme","ts":"2026-11-30T10:00:00.123Z","version":"2026-11-01.1"}\n',
    );
  });

  it("writes null for a missing input or output", () => {
    expect(itemLine({ ...item, input: null, output: undefined })).toContain('"input":null,"output":null');
  });

  it("does not depend on key order of the stored JSON", () => {
    expect(itemLine({ ...item, input: { a: { y: [2, 1], b: "é" }, z: 1 } })).toBe(itemLine(item));
  });
});

describe("hashLines", () => {
  it("is the SHA-256 of the file's bytes", () => {
    const lines = [itemLine(item), itemLine({ ...item, requestId: "req-2" })];
    expect(hashLines(lines)).toBe(
      createHash("sha256")
        .update(Buffer.from(lines.join(""), "utf8"))
        .digest("hex"),
    );
  });
});
