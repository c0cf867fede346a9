/**
 * Writing an outbox event: inside the caller's transaction, so the event is committed or rolled
 * back with the change it announces (and with its audit events, which the caller appends).
 * lib/notify fans the committed rows out to webhooks.
 */
import type { Prisma } from "../../generated/prisma/client";
import type { Tx } from "../database/types";
import { env } from "../env";
import { formatPath } from "../input/path";
import { outboxEventSchema, type OutboxEventInput } from "./schemas";

export class InvalidEventError extends Error {
  constructor(type: string, detail: string) {
    super(`outbox event ${type} does not match its schema: ${detail}`);
    this.name = "InvalidEventError";
  }
}

/**
 * Writes one outbox event; returns its id. The payload is checked against its schema: outside
 * production a mismatch throws, so a test catches it; in production it is logged and written as
 * given, because a webhook payload's shape must never block a rollback (readers degrade on rows
 * that do not parse, as they do for rows of earlier versions).
 */
export async function emitEvent(tx: Tx, event: OutboxEventInput, opts: { createdAt?: Date } = {}): Promise<{ id: bigint }> {
  const parsed = outboxEventSchema.safeParse(event);
  if (!parsed.success) {
    const error = new InvalidEventError(
      event.type,
      parsed.error.issues.map((i) => `${formatPath(i.path) || "(event)"}: ${i.message}`).join("; "),
    );
    if (env().nodeEnv !== "production") throw error;
    console.error(`[rollgate] ${error.message}`);
  }
  const { type, modelKey, payload } = parsed.success ? parsed.data : event;
  return tx.outboxEvent.create({
    data: { type, modelKey, payload: payload as Prisma.InputJsonValue, ...(opts.createdAt ? { createdAt: opts.createdAt } : {}) },
    select: { id: true },
  });
}
