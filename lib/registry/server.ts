/**
 * The registry's server side for other features: reading models and versions, registering a
 * version (the demo), and the manifest diff.
 *
 * Other features import this folder only through index.ts (client-safe) and server.ts
 * (docs/architecture.md → Layers).
 */
export { diffManifests } from "./diff";
// the JSON-or-YAML reader of request bodies (manifests, and policies applied as code)
export { parseManifestText } from "./parse";
export { getDiff, getVersion, prodVersionOf, type ApprovalDto, type EvaluationDto, type ManifestDiff, type VersionDetail } from "./queries";
export { registerVersion } from "./service";
