"use server";
import { revalidatePath } from "next/cache";
import { db } from "../db";
import { authedAction } from "../safe-action";
import { kickWebhookDelivery } from "./kick";
import { createWebhookInput, redeliverInput, rotateSecretInput, updateWebhookInput, webhookIdInput } from "./schemas";
import {
  createWebhook,
  deleteWebhook,
  redeliverWebhookDelivery,
  rotateWebhookSecret,
  sendTestWebhook,
  updateWebhook,
} from "./webhooks-service";

// Settings → Webhooks. Thin adapters: the chain checks the session, webhooks:manage and the
// input; the service re-checks the role, holds the rules and writes the audit events.

const LIST_PATH = "/settings/webhooks";
const webhookPath = (id: string) => `${LIST_PATH}/${encodeURIComponent(id)}`;

export const createWebhookAction = authedAction("webhooks:manage", createWebhookInput, async (ctx, input) => {
  const created = await createWebhook(db(), ctx.actor, input);
  revalidatePath(LIST_PATH);
  return created;
});

export const updateWebhookAction = authedAction("webhooks:manage", updateWebhookInput, async (ctx, input) => {
  const webhook = await updateWebhook(db(), ctx.actor, input);
  revalidatePath(LIST_PATH);
  revalidatePath(webhookPath(webhook.id));
  return webhook;
});

export const deleteWebhookAction = authedAction("webhooks:manage", webhookIdInput, async (ctx, input) => {
  const deleted = await deleteWebhook(db(), ctx.actor, input);
  revalidatePath(LIST_PATH);
  return deleted;
});

export const rotateWebhookSecretAction = authedAction("webhooks:manage", rotateSecretInput, async (ctx, input) => {
  const { webhook, secret } = await rotateWebhookSecret(db(), ctx.actor, input);
  return { id: webhook.id, name: webhook.name, secret };
});

export const sendTestWebhookAction = authedAction("webhooks:manage", webhookIdInput, async (ctx, input) => {
  const sent = await sendTestWebhook(db(), ctx.actor, input);
  kickWebhookDelivery();
  revalidatePath(webhookPath(input.id));
  return sent;
});

export const redeliverAction = authedAction("webhooks:manage", redeliverInput, async (ctx, input) => {
  const result = await redeliverWebhookDelivery(db(), ctx.actor, input);
  kickWebhookDelivery();
  revalidatePath(webhookPath(result.webhookId));
  return result;
});
