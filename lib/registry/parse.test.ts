import { describe, it, expect } from "vitest";
import { fraudScoringManifest, fraudScoringManifestYaml } from "./fixtures";
import { parseManifestText, type ParseResult } from "./parse";

function value(result: ParseResult): unknown {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.issues)}`);
  return result.value;
}

function messages(result: ParseResult): string[] {
  if (result.ok) throw new Error("expected a parse failure");
  expect(result.issues.every((i) => i.path === "")).toBe(true);
  return result.issues.map((i) => i.message);
}

const json = JSON.stringify(fraudScoringManifest(), null, 2);

describe("parseManifestText", () => {
  describe("choosing the format", () => {
    it("reads JSON, ignoring Content-Type parameters", () => {
      const result = parseManifestText(json, "application/json; charset=utf-8");
      expect(result).toEqual({ ok: true, value: fraudScoringManifest(), format: "json" });
    });

    it.each(["application/yaml", "application/x-yaml", "text/yaml", "Application/YAML; charset=utf-8"])("reads YAML sent as %s", (type) => {
      expect(value(parseManifestText(fraudScoringManifestYaml(), type))).toEqual(fraudScoringManifest());
    });

    it.each([null, "", "text/plain"])("detects the format when the type is %j", (type) => {
      expect(parseManifestText(json, type)).toMatchObject({ ok: true, format: "json" });
      expect(parseManifestText(fraudScoringManifestYaml(), type)).toMatchObject({ ok: true, format: "yaml" });
    });

    it("refuses other content types", () => {
      expect(messages(parseManifestText(json, "application/xml"))).toEqual([
        'Unsupported Content-Type "application/xml": send the manifest as application/json or application/yaml.',
      ]);
    });

    it("refuses an empty body", () => {
      expect(messages(parseManifestText("  \n", "application/json"))).toEqual([
        "The request body is empty: send the manifest as JSON or YAML.",
      ]);
    });

    it("ignores a byte order mark", () => {
      expect(value(parseManifestText(`\uFEFF${json}`, "application/json"))).toEqual(fraudScoringManifest());
    });
  });

  describe("YAML values", () => {
    it("keeps dates, yes/no and version-like ids as strings (YAML 1.2 core schema)", () => {
      const text = 'a: 2025-01-01\nb: yes\nc: 2026-01-15.2\nd: 3.4\ne: "3.4"\n';
      expect(value(parseManifestText(text, "application/yaml"))).toEqual({
        a: "2025-01-01",
        b: "yes",
        c: "2026-01-15.2",
        d: 3.4,
        e: "3.4",
      });
    });

    it("allows a few aliases", () => {
      const text = "fields: &f [tenant_id, request_id]\nother: *f\n";
      expect(value(parseManifestText(text, "application/yaml"))).toEqual({
        fields: ["tenant_id", "request_id"],
        other: ["tenant_id", "request_id"],
      });
    });

    it("refuses an alias bomb", () => {
      const lines = ["a: &a [x, x, x, x, x, x, x, x, x]"];
      for (const [name, prev] of [
        ["b", "a"],
        ["c", "b"],
        ["d", "c"],
        ["e", "d"],
        ["f", "e"],
      ]) {
        lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(", ")}]`);
      }
      const [message] = messages(parseManifestText(lines.join("\n"), "application/yaml"));
      expect(message).toMatch(/aliases .* too many nodes .* alias-expansion attack/);
    });

    it("reports an alias to a missing anchor as such, not as an attack", () => {
      expect(messages(parseManifestText("log_fields: *fields\n", "application/yaml"))).toEqual([
        "The YAML could not be read: Unresolved alias (the anchor must be set before the alias): fields.",
      ]);
    });

    it("refuses an empty document", () => {
      expect(messages(parseManifestText("# nothing yet\n", "application/yaml"))[0]).toMatch(/YAML document is empty/);
    });
  });

  describe("syntax errors", () => {
    it("gives line and column for JSON", () => {
      const text = '{\n  "model_id": "fraud-scoring",\n  "limits": {"p95_latency_ms": 120,}\n}';
      expect(messages(parseManifestText(text, "application/json"))).toEqual([
        "JSON syntax error at line 3, column 36: Expected double-quoted property name.",
      ]);
    });

    it("places an unexpected end of JSON at the end of the text", () => {
      const [message] = messages(parseManifestText('{\n  "model_id": ', "application/json"));
      expect(message).toMatch(/^JSON syntax error at line 2, column 15: /);
    });

    it("hints at YAML when a YAML body is declared as JSON", () => {
      const [message] = messages(parseManifestText(fraudScoringManifestYaml(), "application/json"));
      expect(message).toMatch(/to send YAML use Content-Type: application\/yaml/);
    });

    it("gives line and column for YAML", () => {
      const text = "model_id: fraud-scoring\nlimits:\n  p95_latency_ms: 120\n max_error_rate: 0.01\n";
      const [message] = messages(parseManifestText(text, "application/yaml"));
      expect(message).toBe("YAML syntax error at line 4, column 1: All mapping items must start at the same column.");
    });

    it("refuses several YAML documents in one body", () => {
      const [message] = messages(parseManifestText("a: 1\n---\nb: 2\n", "application/yaml"));
      expect(message).toMatch(/^YAML syntax error at line 2, column 1: .*multiple documents/);
    });
  });

  describe("duplicate keys", () => {
    it("refuses them in YAML, naming the key", () => {
      const text = "limits:\n  p95_latency_ms: 120\n  p95_latency_ms: 90\n";
      expect(messages(parseManifestText(text, "application/yaml"))).toEqual([
        'YAML syntax error at line 3, column 3: duplicate key "p95_latency_ms": each field may appear only once in a mapping.',
      ]);
    });

    it("refuses them in JSON, where JSON.parse would keep the last", () => {
      const text = '{\n  "limits": {"p95_latency_ms": 120, "p95_latency_ms": 90},\n  "limits": {}\n}';
      expect(messages(parseManifestText(text, "application/json"))).toEqual([
        'Duplicate key "p95_latency_ms" at line 2, column 37: each field may appear only once in an object.',
        'Duplicate key "limits" at line 3, column 3: each field may appear only once in an object.',
      ]);
    });

    it("does not confuse equal keys in different objects, or strings that look like keys", () => {
      const text = '{"a": {"x": 1}, "b": {"x": "\\"a\\": {"}, "c": ["a", "a"]}';
      expect(value(parseManifestText(text, "application/json"))).toEqual({
        a: { x: 1 },
        b: { x: '"a": {' },
        c: ["a", "a"],
      });
    });
  });
});
