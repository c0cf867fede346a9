// The delivery loop runs in server.ts's module graph; server actions run in Next's bundles,
// which load their own copy of every module. kickJob reaches the job through the runtime, so an
// action ("Send test", "Redeliver") can wake it in the same process. Elsewhere (tests, a script,
// another instance) there is nothing to wake, and the next pass sends it anyway.
import { kickJob } from "../jobs";

export const WEBHOOK_DELIVERY_JOB = "webhooks";

/** Asks this process's delivery loop to run now instead of at its next interval. */
export function kickWebhookDelivery(): void {
  kickJob(WEBHOOK_DELIVERY_JOB);
}
