import { z } from "zod";
import { eventFilterProblem, normalizeEventFilter } from "./events";
import { WEBHOOK_URL_MAX, webhookUrlProblem } from "./url";

// Client-safe inputs for Settings → Webhooks. The forms, the server actions and the services
// all validate with these.

export const WEBHOOK_FORMATS = ["json", "slack"] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

export const FORMAT_DESCRIPTIONS: Record<WebhookFormat, string> = {
  json: "Rollgate's JSON event: event, time, model, versions, actor, data and links. For your own services.",
  slack: 'A Slack message ({"text": …}) with a one-line summary and links. Paste a Slack incoming-webhook URL.',
};

export const DELIVERY_STATUSES = ["pending", "failed", "succeeded", "dead"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const SECRET_MIN = 16;
export const SECRET_MAX = 256;

const idField = (what: string) =>
  z
    .string({ error: `Missing the ${what} id.` })
    .trim()
    .min(1, `Missing the ${what} id.`)
    .max(64);

const nameField = z.string({ error: "Enter a name." }).trim().min(1, "Enter a name.").max(100, "A name has at most 100 characters.");

const urlField = z
  .string({ error: "Enter the URL to send events to." })
  .trim()
  .min(1, "Enter the URL to send events to.")
  .max(WEBHOOK_URL_MAX, `A URL has at most ${WEBHOOK_URL_MAX} characters.`)
  .superRefine((v, ctx) => {
    const problem = webhookUrlProblem(v);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

const eventsField = z.preprocess(
  // one checked checkbox arrives as a string, several as an array; a script may send "a,b"
  (v) =>
    typeof v === "string"
      ? v
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean)
      : (v ?? []),
  z
    .array(z.string().trim().max(100), { error: "Choose the events to send." })
    .min(1, `Choose at least one event, or "All events".`)
    .max(50, "Choose at most 50 entries; use a group such as release.* instead.")
    .superRefine((entries, ctx) => {
      entries.forEach((e, i) => {
        const problem = eventFilterProblem(e);
        if (problem) ctx.addIssue({ code: "custom", path: [i], message: problem });
      });
    })
    .transform(normalizeEventFilter),
);

const formatField = z.enum(WEBHOOK_FORMATS, { error: `Choose a format: ${WEBHOOK_FORMATS.join(" or ")}.` });

// HTML forms send booleans as strings; an unchecked checkbox sends nothing.
const booleanField = z.preprocess(
  (v) => (v === "true" || v === "on" ? true : v === "false" || v === "off" ? false : v),
  z.boolean({ error: "Must be true or false." }),
);

// Not trimmed: the receiver compares it byte for byte.
const secretField = z
  .string()
  .min(SECRET_MIN, `Use at least ${SECRET_MIN} characters, or leave it empty to have one generated.`)
  .max(SECRET_MAX, `Use at most ${SECRET_MAX} characters.`)
  .regex(/^\S+$/, "The secret cannot contain spaces.");

const optionalSecret = z.preprocess((v) => (typeof v === "string" && v === "" ? undefined : v), secretField.optional());

export const webhookFields = z.object({
  name: nameField,
  url: urlField,
  events: eventsField,
  format: formatField.default("json"),
  active: booleanField.default(true),
});

export const createWebhookInput = webhookFields.extend({ secret: optionalSecret });
export type CreateWebhookInput = z.input<typeof createWebhookInput>;

export const updateWebhookInput = webhookFields.extend({ id: idField("webhook") });
export type UpdateWebhookInput = z.input<typeof updateWebhookInput>;

export const webhookIdInput = z.object({ id: idField("webhook") });
export type WebhookIdInput = z.input<typeof webhookIdInput>;

export const rotateSecretInput = z.object({ id: idField("webhook"), secret: optionalSecret });
export type RotateSecretInput = z.input<typeof rotateSecretInput>;

export const redeliverInput = z.object({ deliveryId: idField("delivery") });
export type RedeliverInput = z.input<typeof redeliverInput>;
