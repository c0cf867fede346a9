/**
 * Webhooks: the only writer of the Webhook table, of a delivery's reset ("redeliver") and of
 * the test event. Every change is checked against webhooks:manage and audited in the same
 * transaction. The delivery loop (deliver.ts) writes delivery progress; fanout.ts creates
 * deliveries; nothing else writes these tables.
 *
 * The signing secret is returned only by create and rotate, like an API token, and never by a
 * read: the server must keep it in clear to sign, but no page shows it again. Audit events
 * carry the URL redacted (a Slack URL is itself a credential) and never the secret.
 *
 * A URL is saved only if deliveries to it would be allowed (egress.ts): a public address, or a
 * host in ROLLGATE_WEBHOOK_ALLOWED_HOSTS. Otherwise a 422 names the `url` field.
 */
import { randomBytes } from "node:crypto";
import type { Prisma } from "../../generated/prisma/client";
import { appendAudit } from "../audit/append";
import type { Actor } from "../auth/actor";
import { parseOrThrow } from "../input/validate";
import { roleCan } from "../auth/permissions";
import type { Db, Tx } from "../database/types";
import { env } from "../env";
import { ForbiddenError, NotFoundError, ValidationError } from "../errors";
import { emitEvent } from "../events/emit";
import type { AllowedHosts } from "../http/allowed-hosts";
import { destinationProblem, systemResolver, type EgressPolicy, type Resolver } from "./egress";
import { TEST_EVENT } from "./events";
import {
  createWebhookInput,
  redeliverInput,
  rotateSecretInput,
  updateWebhookInput,
  webhookIdInput,
  type CreateWebhookInput,
  type RedeliverInput,
  type RotateSecretInput,
  type UpdateWebhookInput,
  type WebhookIdInput,
} from "./schemas";
import { redactUrl } from "./url";

export type WebhookRow = {
  id: string;
  name: string;
  url: string;
  events: string[];
  format: string;
  active: boolean;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
};

// never `secret`
export const webhookSelect = {
  id: true,
  name: true,
  url: true,
  events: true,
  format: true,
  active: true,
  createdBy: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.WebhookSelect;

const TX_OPTIONS = { maxWait: 10_000, timeout: 20_000 } as const;

/** An admin (webhooks:manage) or the system itself (seed, scripts); never an API token. */
export function throwIfNoWebhookPermission(actor: Actor): void {
  if (actor.type === "system") return;
  if (actor.type !== "user") throw new ForbiddenError("Webhooks are managed by an admin signed in to Rollgate, not with an API token.");
  if (!roleCan(actor.role, "webhooks:manage")) {
    throw new ForbiddenError(`Your role (${actor.role}) cannot manage webhooks; an admin can.`);
  }
}

/** 256 random bits; the prefix says what it is when it turns up in a receiver's config. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

const auditView = (w: Pick<WebhookRow, "name" | "url" | "events" | "format" | "active">) => ({
  name: w.name,
  url: redactUrl(w.url),
  events: w.events,
  format: w.format,
  active: w.active,
});

/** Where saved URLs may point; the defaults are the configuration and the system resolver. */
export type WebhookSaveOptions = { allowedHosts?: AllowedHosts; resolve?: Resolver };

const egressPolicy = (opts: WebhookSaveOptions): EgressPolicy => ({
  allowedHosts: opts.allowedHosts ?? env().webhookAllowedHosts,
  resolve: opts.resolve ?? systemResolver,
});

/** Refuses a URL deliveries could not go to, naming the field. Resolves the name: call outside a transaction. */
async function assertDestinationAllowed(url: string, opts: WebhookSaveOptions): Promise<void> {
  const problem = await destinationProblem(url, egressPolicy(opts));
  if (problem) throw new ValidationError([{ path: "url", message: problem }]);
}

export async function getWebhookOrThrow(db: Tx, id: string): Promise<WebhookRow> {
  const row = await db.webhook.findUnique({ where: { id }, select: webhookSelect });
  if (!row) throw new NotFoundError(`No webhook with id ${id}; it may have been deleted.`);
  return row;
}

export async function createWebhook(
  db: Db,
  actor: Actor,
  raw: CreateWebhookInput,
  opts: WebhookSaveOptions = {},
): Promise<{ webhook: WebhookRow; secret: string }> {
  throwIfNoWebhookPermission(actor);
  const input = parseOrThrow(createWebhookInput, raw);
  await assertDestinationAllowed(input.url, opts);
  const secret = input.secret ?? generateWebhookSecret();
  const webhook = await db.$transaction(async (tx) => {
    const row = await tx.webhook.create({
      data: {
        name: input.name,
        url: input.url,
        secret,
        events: input.events,
        format: input.format,
        active: input.active,
        createdBy: actor.label,
      },
      select: webhookSelect,
    });
    await appendAudit(tx, {
      actor,
      action: "webhook.created",
      subject: { type: "webhook", id: row.id },
      after: { ...auditView(row), secret: input.secret ? "provided" : "generated" },
    });
    return row;
  }, TX_OPTIONS);
  return { webhook, secret };
}

export async function updateWebhook(db: Db, actor: Actor, raw: UpdateWebhookInput, opts: WebhookSaveOptions = {}): Promise<WebhookRow> {
  throwIfNoWebhookPermission(actor);
  const { id, ...fields } = parseOrThrow(updateWebhookInput, raw);
  // Checked every save, not only when the URL changes: a URL saved before this check, or under
  // an allowlist that has since shrunk, is refused until it is fixed (pausing it included;
  // deleting always works). Deliveries to it are refused meanwhile anyway.
  await assertDestinationAllowed(fields.url, opts);
  return db.$transaction(async (tx) => {
    // the row lock orders two admins saving at once, so each audit `before` is what it replaced
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "Webhook" WHERE "id" = ${id} FOR UPDATE`;
    if (locked.length === 0) throw new NotFoundError(`No webhook with id ${id}; it may have been deleted.`);
    const before = await getWebhookOrThrow(tx, id);
    const row = await tx.webhook.update({ where: { id }, data: fields, select: webhookSelect });
    await appendAudit(tx, {
      actor,
      action: "webhook.updated",
      subject: { type: "webhook", id },
      before: auditView(before),
      after: { ...auditView(row), urlChanged: before.url !== row.url },
    });
    return row;
  }, TX_OPTIONS);
}

/** Deletes the webhook with its delivery log; the audit trail keeps what it was. */
export async function deleteWebhook(db: Db, actor: Actor, raw: WebhookIdInput): Promise<{ id: string; name: string }> {
  throwIfNoWebhookPermission(actor);
  const { id } = parseOrThrow(webhookIdInput, raw);
  return db.$transaction(async (tx) => {
    const before = await getWebhookOrThrow(tx, id);
    const { count } = await tx.webhook.deleteMany({ where: { id } });
    if (count === 0) throw new NotFoundError(`No webhook with id ${id}; it may have been deleted.`);
    await appendAudit(tx, { actor, action: "webhook.deleted", subject: { type: "webhook", id }, before: auditView(before) });
    return { id, name: before.name };
  }, TX_OPTIONS);
}

/**
 * A new signing secret, effective from the next attempt (retries included). Returned once.
 * Receivers must switch at the same time; pause the webhook first if they cannot.
 */
export async function rotateWebhookSecret(db: Db, actor: Actor, raw: RotateSecretInput): Promise<{ webhook: WebhookRow; secret: string }> {
  throwIfNoWebhookPermission(actor);
  const input = parseOrThrow(rotateSecretInput, raw);
  const secret = input.secret ?? generateWebhookSecret();
  return db.$transaction(async (tx) => {
    const { count } = await tx.webhook.updateMany({ where: { id: input.id }, data: { secret } });
    if (count === 0) throw new NotFoundError(`No webhook with id ${input.id}; it may have been deleted.`);
    const webhook = await getWebhookOrThrow(tx, input.id);
    await appendAudit(tx, {
      actor,
      action: "webhook.secret_rotated",
      subject: { type: "webhook", id: webhook.id },
      after: { name: webhook.name, secret: input.secret ? "provided" : "generated" },
    });
    return { webhook, secret };
  }, TX_OPTIONS);
}

/**
 * Queues a `webhook.test` event for this one webhook, active or not, so a receiver can be
 * checked before it is switched on. The delivery loop sends it within its interval (the
 * action kicks it to go at once).
 */
export async function sendTestWebhook(db: Db, actor: Actor, raw: WebhookIdInput): Promise<{ eventId: string; deliveryId: string }> {
  throwIfNoWebhookPermission(actor);
  const { id } = parseOrThrow(webhookIdInput, raw);
  return db.$transaction(async (tx) => {
    const webhook = await getWebhookOrThrow(tx, id);
    const now = new Date();
    const event = await emitEvent(
      tx,
      {
        type: TEST_EVENT,
        modelKey: null,
        payload: { webhookId: webhook.id, webhook: webhook.name, requestedBy: actor.label, at: now.toISOString() },
      },
      { createdAt: now },
    );
    const delivery = await tx.webhookDelivery.create({
      data: { webhookId: webhook.id, eventId: event.id, status: "pending", nextAttemptAt: now, createdAt: now },
      select: { id: true },
    });
    await appendAudit(tx, {
      actor,
      action: "webhook.test_sent",
      subject: { type: "webhook", id: webhook.id },
      after: { name: webhook.name, eventId: event.id.toString(), deliveryId: delivery.id },
    });
    return { eventId: event.id.toString(), deliveryId: delivery.id };
  }, TX_OPTIONS);
}

/**
 * Sends a delivery again from scratch: pending, due now, with a fresh budget of tries. Its
 * attempt log is kept. A delivery of a paused webhook waits until the webhook is active.
 */
export async function redeliverWebhookDelivery(
  db: Db,
  actor: Actor,
  raw: RedeliverInput,
): Promise<{ deliveryId: string; webhookId: string; webhookActive: boolean }> {
  throwIfNoWebhookPermission(actor);
  const { deliveryId } = parseOrThrow(redeliverInput, raw);
  return db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "WebhookDelivery" WHERE "id" = ${deliveryId} FOR UPDATE`;
    if (locked.length === 0) throw new NotFoundError(`No delivery with id ${deliveryId}; its webhook may have been deleted.`);
    const before = await tx.webhookDelivery.findUniqueOrThrow({
      where: { id: deliveryId },
      select: {
        status: true,
        attempts: true,
        eventId: true,
        webhook: { select: { id: true, name: true, active: true } },
        event: { select: { type: true } },
      },
    });
    await tx.webhookDelivery.update({
      where: { id: deliveryId },
      data: { status: "pending", attempts: 0, nextAttemptAt: new Date(), deliveredAt: null },
    });
    await appendAudit(tx, {
      actor,
      action: "webhook.redelivered",
      subject: { type: "webhook", id: before.webhook.id },
      before: { deliveryId, status: before.status, attempts: before.attempts },
      after: { deliveryId, status: "pending", eventId: before.eventId.toString(), event: before.event.type, webhook: before.webhook.name },
    });
    return { deliveryId, webhookId: before.webhook.id, webhookActive: before.webhook.active };
  }, TX_OPTIONS);
}
