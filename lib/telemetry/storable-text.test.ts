import { describe, expect, it } from "vitest";
import type { TelemetryEvent } from "./schemas";
import { mayHoldUnstorableText, unstorableTextIssues } from "./storable-text";

const base: TelemetryEvent = {
  request_id: "r1",
  model: "m",
  version: "v",
  tenant: "acme",
  ts: "2026-12-04T10:00:00Z",
  latency_ms: 1,
  outcome: "ok",
};

describe("unstorableTextIssues", () => {
  it("names each field holding a NUL or an unpaired surrogate, inside the prediction and the features too", () => {
    const e = {
      ...base,
      tenant: "ac\u0000me",
      label: "fine",
      prediction: { ok: "😀 é 漢", nested: [{ text: "broken \ud800 here" }], ["k\u0000"]: 1 },
      features: { merchant: "x\udc00" },
    };
    expect(unstorableTextIssues(e)).toEqual([
      { path: "tenant", message: "tenant holds a NUL character (U+0000), which cannot be stored" },
      {
        path: "prediction.nested[0].text",
        message: "prediction.nested[0].text holds an unpaired UTF-16 surrogate, which is not valid Unicode",
      },
      { path: "prediction", message: "a key in prediction holds a NUL character (U+0000), which cannot be stored" },
      { path: "features.merchant", message: "features.merchant holds an unpaired UTF-16 surrogate, which is not valid Unicode" },
    ]);
  });

  it("accepts ordinary text, surrogate pairs included", () => {
    expect(unstorableTextIssues({ ...base, tenant: "tenant 😀", prediction: { a: ["\\u0000 as text", "tab\tnewline\n"] } })).toEqual([]);
  });
});

describe("mayHoldUnstorableText", () => {
  it("spots \\u0000 and surrogate escapes in JSON text, and only those", () => {
    expect(mayHoldUnstorableText(JSON.stringify({ a: "x\u0000" }))).toBe(true);
    expect(mayHoldUnstorableText('{"a":"\\uD83D\\uDE00"}')).toBe(true);
    expect(mayHoldUnstorableText(JSON.stringify({ a: "x\ud800" }))).toBe(true);
    expect(mayHoldUnstorableText(JSON.stringify({ a: '😀 é \t\n \\ "' }))).toBe(false);
  });
});
