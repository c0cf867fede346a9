/**
 * Fan-out: every outbox event becomes one WebhookDelivery per active webhook whose filter
 * matches it (events.ts: `*`, `group.*` or the type).
 *
 * There is no cursor. Event ids are taken when a row is inserted but become visible when its
 * transaction commits, so "everything after the highest id seen" would skip an event whose
 * transaction started first and committed last. Instead each pass looks at the events of the
 * last `lookbackMs` (15 min: far longer than any transaction may run, TX timeouts are ≤ 30 s)
 * and inserts the (webhook, event) pairs that have no delivery yet. The unique key
 * (webhookId, eventId) with ON CONFLICT DO NOTHING makes passes idempotent and lets several
 * app instances run them at once without duplicates or locks.
 *
 * A webhook receives only events created after it was; a paused (inactive) webhook gets no
 * deliveries, and on re-activation it receives what it missed within the lookback window only.
 * `webhook.test` events are never fanned out: "Send test" creates its one delivery itself.
 */
import { Prisma } from "../../generated/prisma/client";
import type { Tx } from "../database/types";
import { TEST_EVENT } from "./events";

export const FANOUT_LOOKBACK_MS = 15 * 60_000;

export type FanOutOptions = {
  now?: Date;
  lookbackMs?: number;
  /** deliveries inserted per statement; passes repeat until one inserts fewer */
  batchSize?: number;
  maxRounds?: number;
};

const iso = (d: Date) => d.toISOString();

/** Creates the missing deliveries for recent events; returns how many it created. */
export async function fanOutEvents(db: Tx, opts: FanOutOptions = {}): Promise<number> {
  const now = opts.now ?? new Date();
  const since = new Date(now.getTime() - (opts.lookbackMs ?? FANOUT_LOOKBACK_MS));
  const batchSize = opts.batchSize ?? 1000;
  const maxRounds = opts.maxRounds ?? 20;
  let total = 0;
  for (let round = 0; round < maxRounds; round++) {
    // Timestamps are bound as UTC text and cast, as Prisma stores them (timestamp(3), UTC).
    // The filter mirrors eventMatches() in events.ts.
    const inserted = await db.$executeRaw(Prisma.sql`
      INSERT INTO "WebhookDelivery" ("id", "webhookId", "eventId", "status", "attempts", "nextAttemptAt", "createdAt")
      SELECT gen_random_uuid()::text, w."id", e."id", 'pending', 0, ${iso(now)}::timestamp(3), ${iso(now)}::timestamp(3)
      FROM "OutboxEvent" e
      JOIN "Webhook" w
        ON w."active"
       AND e."createdAt" >= w."createdAt"
       AND ('*' = ANY (w."events")
            OR e."type" = ANY (w."events")
            OR (split_part(e."type", '.', 1) || '.*') = ANY (w."events"))
      WHERE e."createdAt" > ${iso(since)}::timestamp(3)
        AND e."type" <> ${TEST_EVENT}
        AND NOT EXISTS (
          SELECT 1 FROM "WebhookDelivery" d WHERE d."webhookId" = w."id" AND d."eventId" = e."id")
      ORDER BY e."id", w."id"
      LIMIT ${batchSize}::int
      ON CONFLICT ("webhookId", "eventId") DO NOTHING`);
    total += inserted;
    if (inserted < batchSize) break;
  }
  return total;
}
