/**
 * Release control's writes, for other features (the demo starts releases with them).
 *
 * Other features import this folder only through index.ts (client-safe) and server.ts
 * (docs/architecture.md → Layers).
 */
export { advanceRollout } from "./service";
