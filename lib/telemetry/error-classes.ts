/** The error classes an event may carry (README → Sending telemetry). Its own module so that both the
 * schema and the fast check (fast-event.ts) import it without importing each other. */
export const ERROR_CLASSES = ["schema", "timeout", "upstream", "model"] as const;
export type ErrorClass = (typeof ERROR_CLASSES)[number];
