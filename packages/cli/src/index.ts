/**
 * @rollgate/cli as a library, for build scripts written in JavaScript: the same local manifest
 * checks `rollgate validate` runs (the registry's own parser and schema), and the exit codes.
 * Declared by hand in types/index.d.ts; src/index.test.ts keeps the two in step.
 */
import { EXIT } from "./exit-codes";
import { checkManifestLocally } from "./local-checks";

export { EXIT };

export type ManifestFormat = "yaml" | "json";

/** Checks a manifest's text without a server: every problem with its path, or its identity and content hash. */
export function validateManifest(text: string, format: ManifestFormat = "yaml") {
  if (typeof text !== "string") throw new TypeError("validateManifest: text must be the manifest's text (a string)");
  if (format !== "yaml" && format !== "json")
    throw new TypeError(`validateManifest: format must be "yaml" or "json", not ${String(format)}`);
  return checkManifestLocally(text, format === "json" ? "application/json" : "application/yaml");
}
