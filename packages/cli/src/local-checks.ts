/**
 * The checks `rollgate validate` runs without a server: the same parser and manifest schema
 * the registry uses, so a manifest that passes here fails on the server only for reasons
 * that need the registry's state (budgets, parent version, the schema version in PROD).
 */
import { contentHash } from "../../../lib/registry/content-hash";
import { validateManifest } from "../../../lib/registry/manifest-schema";
import { parseManifestText } from "../../../lib/registry/parse";
import type { Issue } from "./format";

export type LocalResult = { ok: true; modelId: string; version: string; contentHash: string } | { ok: false; issues: Issue[] };

export function checkManifestLocally(text: string, contentType: string): LocalResult {
  const parsed = parseManifestText(text, contentType);
  if (!parsed.ok) return { ok: false, issues: parsed.issues };
  const validated = validateManifest(parsed.value);
  if (!validated.ok) return { ok: false, issues: validated.issues };
  return {
    ok: true,
    modelId: validated.value.model_id,
    version: validated.value.model_version,
    contentHash: contentHash(validated.value),
  };
}

/**
 * The model key for the URL when the manifest is not checked first (register): its
 * `model_id` if it has a readable one. The server validates everything else.
 */
export function readModelId(text: string, contentType: string): string | null {
  const parsed = parseManifestText(text, contentType);
  if (!parsed.ok || typeof parsed.value !== "object" || parsed.value === null) return null;
  const id = (parsed.value as { model_id?: unknown }).model_id;
  return typeof id === "string" && id.trim() !== "" ? id : null;
}
