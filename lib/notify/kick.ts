// The delivery loop runs in server.ts's module graph; server actions run in Next's bundles,
// which load their own copy of every module. The loop registers its kick() on globalThis so an
// action ("Send test", "Redeliver") can wake it in the same process. Elsewhere (tests, a
// script, another instance) there is nothing to wake, and the next tick sends it anyway.
const g = globalThis as typeof globalThis & { __rollgateWebhookKick?: () => void };

export function registerWebhookKick(kick: (() => void) | undefined): void {
  g.__rollgateWebhookKick = kick;
}

/** Asks this process's delivery loop to run now instead of at its next interval. */
export function kickWebhookDelivery(): void {
  g.__rollgateWebhookKick?.();
}
