/**
 * The data plane, for other features: announce a routing change inside the writing transaction.
 *
 * Other features import this folder only through index.ts (client-safe) and server.ts
 * (docs/architecture.md → Layers).
 */
export { notifyRoutesChanged } from "./notify";
