/**
 * Webhooks, for other features: kick the delivery job after writing outbox events.
 *
 * Other features import this folder only through index.ts (client-safe) and server.ts
 * (docs/architecture.md → Layers).
 */
export { kickWebhookDelivery } from "./kick";
