// Reads for Settings → Webhooks: DTOs without the signing secret. Pages check webhooks:manage
// before calling these.
import "server-only";
import type { Tx } from "../database/types";
import type { DeliveryStatus } from "./schemas";
import { webhookSelect, type WebhookRow } from "./webhooks-service";

export type LastDelivery = {
  status: DeliveryStatus;
  event: string;
  /** of the latest attempt; null when it has not been tried yet */
  statusCode: number | null;
  at: Date;
};

export type WebhookSummary = WebhookRow & {
  lastDelivery: LastDelivery | null;
  /** deliveries by status, all time (a deleted webhook takes its deliveries with it) */
  counts: Record<DeliveryStatus, number>;
};

export type AttemptRow = { id: string; at: Date; statusCode: number | null; durationMs: number; error: string | null };

export type DeliveryRow = {
  id: string;
  eventId: string;
  event: string;
  model: string | null;
  eventAt: Date;
  status: DeliveryStatus;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
  createdAt: Date;
  /** the latest ATTEMPTS_SHOWN, oldest first; a redelivered delivery keeps its earlier attempts */
  attemptLog: AttemptRow[];
  /** older attempts exist beyond attemptLog */
  moreAttempts: boolean;
};

export const ATTEMPTS_SHOWN = 20;

const emptyCounts = (): Record<DeliveryStatus, number> => ({ pending: 0, failed: 0, succeeded: 0, dead: 0 });

/** Newest first, each with its latest tried delivery and counts by status. */
export async function listWebhooks(db: Tx): Promise<WebhookSummary[]> {
  const rows = await db.webhook.findMany({
    select: {
      ...webhookSelect,
      deliveries: {
        where: { attempts: { gt: 0 } },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: 1,
        select: {
          status: true,
          lastStatus: true,
          event: { select: { type: true } },
          attemptLog: { orderBy: { at: "desc" }, take: 1, select: { at: true } },
        },
      },
    },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
  });
  const grouped = rows.length
    ? await db.webhookDelivery.groupBy({
        by: ["webhookId", "status"],
        where: { webhookId: { in: rows.map((r) => r.id) } },
        _count: { _all: true },
      })
    : [];
  return rows.map(({ deliveries, ...w }) => {
    const counts = emptyCounts();
    for (const g of grouped) if (g.webhookId === w.id && g.status in counts) counts[g.status as DeliveryStatus] = g._count._all;
    const last = deliveries[0];
    return {
      ...w,
      counts,
      lastDelivery: last
        ? {
            status: last.status as DeliveryStatus,
            event: last.event.type,
            statusCode: last.lastStatus,
            at: last.attemptLog[0]?.at ?? new Date(0),
          }
        : null,
    };
  });
}

export async function getWebhook(db: Tx, id: string): Promise<WebhookRow | null> {
  return db.webhook.findUnique({ where: { id }, select: webhookSelect });
}

/** The webhook's latest deliveries, newest event first, with their attempts. */
export async function listDeliveries(
  db: Tx,
  webhookId: string,
  opts: { status?: DeliveryStatus; take?: number } = {},
): Promise<DeliveryRow[]> {
  const rows = await db.webhookDelivery.findMany({
    where: { webhookId, ...(opts.status ? { status: opts.status } : {}) },
    orderBy: [{ eventId: "desc" }],
    take: opts.take ?? 50,
    select: {
      id: true,
      status: true,
      attempts: true,
      lastStatus: true,
      lastError: true,
      nextAttemptAt: true,
      deliveredAt: true,
      createdAt: true,
      event: { select: { id: true, type: true, modelKey: true, createdAt: true } },
      _count: { select: { attemptLog: true } },
      attemptLog: {
        orderBy: { at: "desc" },
        take: ATTEMPTS_SHOWN,
        select: { id: true, at: true, statusCode: true, durationMs: true, error: true },
      },
    },
  });
  return rows.map((d) => ({
    id: d.id,
    eventId: d.event.id.toString(),
    event: d.event.type,
    model: d.event.modelKey,
    eventAt: d.event.createdAt,
    status: d.status as DeliveryStatus,
    attempts: d.attempts,
    lastStatus: d.lastStatus,
    lastError: d.lastError,
    // only meaningful while it will be tried again
    nextAttemptAt: d.status === "pending" || d.status === "failed" ? d.nextAttemptAt : null,
    deliveredAt: d.deliveredAt,
    createdAt: d.createdAt,
    attemptLog: d.attemptLog.reverse(),
    moreAttempts: d._count.attemptLog > d.attemptLog.length,
  }));
}
