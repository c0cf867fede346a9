// Manifests as people write them: versions unquoted in YAML (`schema_version: 12`,
// `python: 3.11`) are the same manifest as with the versions quoted.
import { describe, expect, it } from "vitest";
import { contentHash } from "./content-hash";
import { fraudScoringManifestYaml } from "./fixtures";
import { validateManifest } from "./manifest-schema";
import { parseManifestText } from "./parse";

function check(text: string, type = "application/yaml") {
  const parsed = parseManifestText(text, type);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return validateManifest(parsed.value);
}

const quoted = fraudScoringManifestYaml()
  .replace(/schema_version: "2.3.0"/g, 'schema_version: "12"')
  .replace('python: "3.11.9"', 'python: "3.10"');
const unquoted = quoted.replace(/schema_version: "12"/g, "schema_version: 12").replace('python: "3.10"', "python: 3.10");

describe("version-like fields written as numbers", () => {
  it("accepts unquoted YAML versions and keeps them as written (3.10 stays 3.10)", () => {
    expect(unquoted).toMatch(/^schema_version: 12$/m);
    const result = check(unquoted);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.schema_version).toBe("12");
    expect(result.value.training_data.schema_version).toBe("12");
    expect(result.value.runtime.python).toBe("3.10");
  });

  it("hashes the same as the quoted manifest", () => {
    const a = check(quoted);
    const b = check(unquoted);
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) expect(contentHash(b.value)).toBe(contentHash(a.value));
  });

  it("accepts JSON numbers for versions, canonicalised to strings", () => {
    const parsed = parseManifestText(quoted, "application/yaml");
    if (!parsed.ok) throw new Error("fixture");
    const value = parsed.value as { schema_version: unknown; runtime: { python: unknown } };
    value.schema_version = 12;
    value.runtime.python = 3.11;
    const result = check(JSON.stringify(value), "application/json");
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value.schema_version).toBe("12");
      expect(result.value.runtime.python).toBe("3.11");
    }
  });

  it("still refuses a version that is not a version, naming the field", () => {
    const result = check(quoted.replace(/^schema_version: "12"$/m, "schema_version: [12]"));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((i) => i.path)).toContain("schema_version");
    const floating = check(quoted.replace(/^schema_version: "12"$/m, "schema_version: latest"));
    expect(floating.ok).toBe(false);
    if (!floating.ok) expect(floating.issues.find((i) => i.path === "schema_version")?.message).toMatch(/latest/);
  });

  it("leaves numbers elsewhere alone: budgets stay numbers", () => {
    const result = check(unquoted);
    if (result.ok) expect(typeof result.value.limits.p95_latency_ms).toBe("number");
  });
});
