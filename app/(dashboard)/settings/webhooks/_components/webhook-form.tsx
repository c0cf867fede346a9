"use client";
import { useRef, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FormError, SelectField, TextField } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";
import { createWebhookAction, updateWebhookAction } from "@/lib/notify/actions";
import { ALL_EVENTS, EVENT_GROUPS, EVENT_TYPE_LIST, EVENT_TYPES, groupOf, type EventGroup } from "@/lib/notify/events";
import { FORMAT_DESCRIPTIONS, WEBHOOK_FORMATS, type WebhookFormat } from "@/lib/notify/schemas";
import type { WebhookRow } from "@/lib/notify/webhooks-service";
import { NewSecretPanel } from "./new-secret-panel";

const FIELDS = ["name", "url", "events", "format", "active", "secret"] as const;
const FORMAT_LABEL: Record<WebhookFormat, string> = { json: "JSON (Rollgate event)", slack: "Slack message" };

/** Create (no `webhook`) or edit a webhook. The secret is set on create only; rotate it on the webhook's page. */
export function WebhookForm({ webhook }: { webhook?: WebhookRow }) {
  const formRef = useRef<HTMLFormElement>(null);
  const { pending, error, fields, setError, run } = useActionForm(FIELDS);
  const [events, setEvents] = useState<Set<string>>(() => new Set(webhook?.events ?? [ALL_EVENTS]));
  const [format, setFormat] = useState<string>(webhook?.format ?? "json");
  const [created, setCreated] = useState<{ id: string; name: string; secret: string } | null>(null);
  const [saved, setSaved] = useState(false);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const values = {
      name: String(form.get("name") ?? ""),
      url: String(form.get("url") ?? ""),
      // the server validates it; the type only says what the select offers
      format: String(form.get("format") ?? "json") as WebhookFormat,
      events: [...events],
      active: form.get("active") === "on",
    };
    setSaved(false);
    if (webhook) {
      run(
        () => updateWebhookAction({ ...values, id: webhook.id }),
        () => setSaved(true),
      );
    } else {
      run(
        () => createWebhookAction({ ...values, secret: String(form.get("secret") ?? "") }),
        ({ webhook: w, secret }) => {
          setCreated({ id: w.id, name: w.name, secret });
          formRef.current?.reset();
          setEvents(new Set([ALL_EVENTS]));
          setFormat("json");
        },
        () => setCreated(null),
      );
    }
  }

  const toggle = (entry: string, on: boolean) =>
    setEvents((prev) => {
      const next = new Set(prev);
      if (on) next.add(entry);
      else next.delete(entry);
      return next;
    });

  const all = events.has(ALL_EVENTS);
  const groups = Object.keys(EVENT_GROUPS) as EventGroup[];

  return (
    <div className="space-y-5">
      {created && (
        <NewSecretPanel
          title={`Webhook “${created.name}” created`}
          secret={created.secret}
          href={`/settings/webhooks/${encodeURIComponent(created.id)}`}
          onDone={() => setCreated(null)}
        />
      )}
      <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-4">
        <FormError
          title={webhook ? "The webhook was not saved" : "The webhook was not created"}
          message={error}
          onDismiss={() => setError(null)}
        />
        {saved && (
          <p role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2.5 text-sm text-emerald-900">
            Saved. Changes apply from the next delivery.
          </p>
        )}
        <div className="grid gap-4 md:grid-cols-2">
          <TextField
            label="Name"
            name="name"
            autoComplete="off"
            required
            defaultValue={webhook?.name}
            placeholder="ops-alerts"
            hint="What receives it, so people know what stops when it is deleted."
            error={fields.name}
          />
          <SelectField
            label="Format"
            name="format"
            value={format}
            onChange={(e) => setFormat(e.target.value)}
            hint={FORMAT_DESCRIPTIONS[format as WebhookFormat]}
            error={fields.format}
          >
            {WEBHOOK_FORMATS.map((f) => (
              <option key={f} value={f}>
                {FORMAT_LABEL[f]}
              </option>
            ))}
          </SelectField>
          <TextField
            label="URL"
            name="url"
            type="url"
            inputMode="url"
            autoComplete="off"
            required
            defaultValue={webhook?.url}
            placeholder="https://hooks.example.com/rollgate"
            hint="Rollgate POSTs each event here. It must be a public address (or a host your operator allows); redirects are not followed."
            error={fields.url}
            className="md:col-span-2"
          />
          {!webhook && (
            <TextField
              label="Signing secret (optional)"
              name="secret"
              autoComplete="off"
              spellCheck={false}
              hint="Leave empty and Rollgate generates one, shown once after you create the webhook."
              error={fields.secret}
              className="md:col-span-2"
            />
          )}
        </div>

        <fieldset aria-describedby={fields.events ? "webhook-events-error" : "webhook-events-hint"}>
          <legend className="text-sm font-medium text-slate-800">Events</legend>
          <p id="webhook-events-hint" className="mt-0.5 text-xs text-slate-500">
            A group includes event types added to it later.
          </p>
          <label className="mt-2 flex w-fit cursor-pointer items-center gap-2 rounded-md border border-slate-200 px-3 py-2 text-sm font-medium has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50">
            <input
              type="checkbox"
              checked={all}
              onChange={(e) => toggle(ALL_EVENTS, e.target.checked)}
              className="h-4 w-4 accent-brand-600"
            />
            All events
          </label>
          <div className="mt-3 grid gap-3 md:grid-cols-2">
            {groups.map((g) => {
              const groupEntry = `${g}.*`;
              const groupOn = all || events.has(groupEntry);
              const types = EVENT_TYPE_LIST.filter((t) => groupOf(t) === g);
              return (
                <fieldset key={g} className="rounded-md border border-slate-200 px-3 py-2.5" disabled={all}>
                  <legend className="sr-only">{EVENT_GROUPS[g]}</legend>
                  <label className="flex cursor-pointer items-center gap-2 text-sm font-medium text-slate-900">
                    <input
                      type="checkbox"
                      checked={groupOn}
                      onChange={(e) => toggle(groupEntry, e.target.checked)}
                      className="h-4 w-4 accent-brand-600"
                    />
                    All {EVENT_GROUPS[g].toLowerCase()} <code className="font-mono text-xs font-normal text-slate-500">{groupEntry}</code>
                  </label>
                  <ul className="mt-1.5 space-y-1 pl-6">
                    {types.map((t) => (
                      <li key={t}>
                        <label className="flex cursor-pointer items-start gap-2 text-sm text-slate-700" title={EVENT_TYPES[t]}>
                          <input
                            type="checkbox"
                            checked={groupOn || events.has(t)}
                            disabled={groupOn}
                            onChange={(e) => toggle(t, e.target.checked)}
                            aria-describedby={`event-${t}-description`}
                            className="mt-0.5 h-4 w-4 accent-brand-600"
                          />
                          <span className="font-mono text-[13px]">{t}</span>
                        </label>
                        <span id={`event-${t}-description`} className="sr-only">
                          {EVENT_TYPES[t]}
                        </span>
                      </li>
                    ))}
                  </ul>
                </fieldset>
              );
            })}
          </div>
          {fields.events && (
            <p id="webhook-events-error" className="mt-1 text-xs text-red-700">
              {fields.events}
            </p>
          )}
        </fieldset>

        <label className="flex w-fit cursor-pointer items-start gap-3 text-sm">
          <input type="checkbox" name="active" defaultChecked={webhook?.active ?? true} className="mt-0.5 h-4 w-4 accent-brand-600" />
          <span>
            <span className="block font-medium text-slate-900">Active</span>
            <span className="block text-xs text-slate-600">
              A paused webhook receives nothing; deliveries already queued wait until it is active again.
            </span>
          </span>
        </label>

        <div className="flex justify-end">
          <Button type="submit" variant="primary" disabled={pending}>
            {webhook ? (pending ? "Saving…" : "Save changes") : pending ? "Creating…" : "Create webhook"}
          </Button>
        </div>
      </form>
    </div>
  );
}
