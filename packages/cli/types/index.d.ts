/** One problem in a manifest: the field's path (`runtime.container`, `rollout.steps[1]`) and what is wrong. */
export type ManifestIssue = { path: string; message: string };

export type ManifestCheck = { ok: true; modelId: string; version: string; contentHash: string } | { ok: false; issues: ManifestIssue[] };

export type ManifestFormat = "yaml" | "json";

/**
 * The checks `rollgate validate` runs without a server (the registry's own parser and schema).
 * A manifest that passes fails on the server only for what needs the registry: the model's
 * budgets, `parent_version`, the schema version in PROD. `contentHash` is the hash the registry
 * stores: the same manifest, quoted or not, hashes the same.
 */
export declare function validateManifest(text: string, format?: ManifestFormat): ManifestCheck;

/** The `rollgate` command's exit codes. */
export declare const EXIT: {
  readonly ok: 0;
  readonly usage: 2;
  readonly validation: 3;
  readonly conflict: 4;
  readonly auth: 5;
  readonly server: 6;
  readonly mismatch: 7;
  readonly wrongKey: 8;
  readonly chainBroken: 9;
  readonly erased: 10;
};
