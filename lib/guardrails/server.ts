/**
 * The guardrails, for other features: what they watch now (the home page's verdicts).
 *
 * Other features import this folder only through index.ts (client-safe) and server.ts
 * (docs/architecture.md → Layers).
 */
export { guardrailWatch } from "./watch";
