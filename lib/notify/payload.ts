/**
 * What a webhook receives: the body built from one outbox event, in Rollgate's JSON format or
 * as a Slack message. Pure: the same event and public URL always give the same bytes, so a
 * retry sends what the first attempt sent.
 *
 * A stored row is parsed as its event type (lib/events) and read through its typed payload
 * (event-view.ts); a row that does not parse, from an earlier version or of an unknown type,
 * is read field by field as before (legacy-view.ts). `data` is the payload as stored either way.
 */
import { isEventType, parseOutboxEvent, type EventType } from "../events/schemas";
import { viewOf, type EventView, type OutboxEventLike, type WebhookActor, type WebhookVersions } from "./event-view";
import { asPayload, legacyViewOf } from "./legacy-view";

export type { OutboxEventLike, WebhookVersions };

export type WebhookLinks = { model: string | null; version: string | null; release: string | null; incident: string | null };

/** Rollgate's JSON format (format "json"). Fields are added over time, never renamed. */
export type WebhookJsonBody = {
  /** the outbox event's id: the same for every webhook that receives this event */
  id: string;
  event: string;
  /** when the change happened (ISO 8601, UTC) */
  time: string;
  model: string | null;
  versions: WebhookVersions;
  actor: WebhookActor;
  /** the one-line summary the Slack format sends */
  summary: string;
  /** the event's own fields, as the service that emitted it wrote them */
  data: Record<string, unknown>;
  links: WebhookLinks;
};

type SlackText = { type: "mrkdwn"; text: string };
export type SlackBody = {
  text: string;
  blocks: ({ type: "section"; text: SlackText } | { type: "context"; elements: SlackText[] })[];
};

/** The event's view: typed when the stored row parses as its event type. */
export function eventView(event: Pick<OutboxEventLike, "type" | "modelKey" | "payload">): EventView {
  const parsed = parseOutboxEvent(event);
  return parsed ? viewOf(parsed) : legacyViewOf(event);
}

function eventLinks(publicUrl: string, type: string, view: EventView): WebhookLinks {
  const base = publicUrl.replace(/\/$/, "");
  const modelPath = view.model ? `${base}/models/${encodeURIComponent(view.model)}` : null;
  const version = view.versions.version;
  const releaseEvent = type.startsWith("release.") || type.startsWith("tenant.");
  return {
    model: modelPath,
    version: modelPath && version ? `${modelPath}/versions/${encodeURIComponent(version)}` : null,
    release: modelPath && releaseEvent ? `${modelPath}/release` : null,
    incident: view.incidentId ? `${base}/incidents/${encodeURIComponent(view.incidentId)}` : null,
  };
}

const EMOJI: Record<EventType, string> = {
  "version.staged": ":test_tube:",
  "approval.decided": ":ballot_box_with_check:",
  "version.rejected": ":no_entry:",
  "version.promoted": ":tada:",
  "version.deprecated": ":warning:",
  "version.archived": ":file_cabinet:",
  "release.started": ":rocket:",
  "release.advanced": ":arrow_up:",
  "release.paused": ":double_vertical_bar:",
  "release.resumed": ":arrow_forward:",
  "release.aborted": ":x:",
  "release.completed": ":white_check_mark:",
  "release.rolled_back": ":rotating_light:",
  "release.held": ":bell:",
  "tenant.pinned": ":pushpin:",
  "tenant.unpinned": ":round_pushpin:",
  "drift.detected": ":chart_with_upwards_trend:",
  "audit.checkpoint": ":lock:",
  "webhook.test": ":wave:",
};

/** One line, plain text: "fraud-score rolled back 2026-02-01.1 → 2026-01-15.2 by on-call: p95 breach". */
export function summarizeEvent(event: Pick<OutboxEventLike, "type" | "modelKey" | "payload">): string {
  return eventView(event).summary;
}

export function buildJsonBody(event: OutboxEventLike, publicUrl: string): WebhookJsonBody {
  const view = eventView(event);
  return {
    id: String(event.id),
    event: event.type,
    time: event.createdAt.toISOString(),
    model: view.model,
    versions: view.versions,
    actor: view.actor,
    summary: view.summary,
    data: asPayload(event.payload),
    links: eventLinks(publicUrl, event.type, view),
  };
}

/** Slack's mrkdwn treats &, < and > as markup; anything a person typed is escaped. */
export function slackEscape(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

const LINK_LABELS: [keyof WebhookLinks, string][] = [
  ["release", "Release"],
  ["incident", "Incident"],
  ["version", "Version"],
  ["model", "Model"],
];

/** A Slack incoming webhook's body: `text` (also the notification) and the same line with links. */
export function buildSlackBody(event: OutboxEventLike, publicUrl: string): SlackBody {
  const view = eventView(event);
  const text = `${isEventType(event.type) ? EMOJI[event.type] : ":bell:"} ${slackEscape(view.summary)}`;
  const links = eventLinks(publicUrl, event.type, view);
  const linkText = LINK_LABELS.filter(([k]) => links[k]).map(([k, label]) => `<${links[k]}|${label}>`);
  return {
    text,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text } },
      ...(linkText.length ? [{ type: "context" as const, elements: [{ type: "mrkdwn" as const, text: linkText.join(" · ") }] }] : []),
    ],
  };
}

/** The bytes sent: the body for the webhook's format, as JSON. */
export function renderBody(format: string, event: OutboxEventLike, publicUrl: string): string {
  return JSON.stringify(format === "slack" ? buildSlackBody(event, publicUrl) : buildJsonBody(event, publicUrl));
}
