import { describe, expect, it } from "vitest";
import { decodeUtf8 } from "../api/body";
import { yamlFlowDepth } from "../registry/parse";
import { jsonDepth } from "./json-depth";
import { textProblem } from "./storable-text";
import { MAX_INPUT_DEPTH, unsafeInputIssues } from "./unsafe-input";

describe("unsafeInputIssues", () => {
  it("names NUL and unpaired surrogates in values and keys, and forbidden keys, by path", () => {
    const value = JSON.parse('{"a":["ok","x\\u0000"],"b":{"__proto__":1,"constructor":2,"k\\ud800":3},"c":"\\udc00"}') as unknown;
    expect(unsafeInputIssues(value).map((i) => i.path)).toEqual(["a[1]", "b.__proto__", "b.constructor", "b", "c"]);
  });

  it("accepts ordinary text, surrogate pairs included, and keys that merely contain the words", () => {
    expect(unsafeInputIssues({ "😀": "漢 é \t\n", proto: 1, my_constructor: "prototype", list: [[["deep enough"]]] })).toEqual([]);
  });

  it("refuses nesting past the limit at the top-level field, without overflowing on any depth", () => {
    let v: unknown = 1;
    for (let i = 0; i < 200_000; i++) v = [v];
    expect(unsafeInputIssues({ prediction: v })).toEqual([{ path: "prediction", message: `nests deeper than ${MAX_INPUT_DEPTH} levels` }]);
    let ok: unknown = 1;
    for (let i = 0; i < MAX_INPUT_DEPTH - 1; i++) ok = [ok];
    expect(unsafeInputIssues({ prediction: ok })).toEqual([]);
  });
});

describe("textProblem", () => {
  it("finds NUL and both kinds of unpaired surrogate, and nothing in valid text", () => {
    expect(textProblem("a\u0000")).toMatch(/NUL/);
    expect(textProblem("\ud83d")).toMatch(/surrogate/);
    expect(textProblem("\ude00x")).toMatch(/surrogate/);
    expect(textProblem("\ud83d\ude00")).toBeNull();
  });
});

describe("depth scans before parsing", () => {
  it("count brackets outside strings (and YAML comments) only", () => {
    expect(jsonDepth('{"a":[1,{"b":"[[[[{{"}]}')).toBe(3);
    expect(jsonDepth("[".repeat(1000), 64)).toBe(65);
    expect(yamlFlowDepth("a: '[[[' # [[[[\nb: [[1]]\n", 64)).toBe(2);
  });
});

describe("decodeUtf8", () => {
  it("refuses bytes that are not UTF-8 instead of turning them into U+FFFD", () => {
    expect(decodeUtf8(Buffer.from("zürich 😀"))).toBe("zürich 😀");
    expect(() => decodeUtf8(Buffer.from([0x7b, 0xc3, 0x28, 0x7d]))).toThrow(/not valid UTF-8/);
  });
});
