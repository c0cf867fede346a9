/**
 * What a webhook receives: the body built from one outbox event, in Rollgate's JSON format or
 * as a Slack message. Pure: the same event and public URL always give the same bytes, so a
 * retry sends what the first attempt sent.
 *
 * The outbox payloads are written by lib/lifecycle and lib/rollout; their field names (by,
 * actorType, version, fromVersion, toVersion, stable, previousStableVersion, incidentId …)
 * are read here defensively: an unknown event still gets a body, with a plainer summary.
 */
import { TEST_EVENT } from "./events";

export type OutboxEventLike = {
  id: bigint | number | string;
  type: string;
  modelKey: string | null;
  payload: unknown;
  createdAt: Date;
};

export type WebhookVersions = {
  /** the version the event is about (for a rollback: the one rolled back) */
  version?: string;
  from?: string;
  to?: string;
  stable?: string;
  previousStable?: string;
  previous?: string;
};

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
  /** who made the change; `type` is user, token, policy, guardrail or system when known */
  actor: { type: string | null; label: string } | null;
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

type Payload = Record<string, unknown>;

const asPayload = (p: unknown): Payload => (p && typeof p === "object" && !Array.isArray(p) ? (p as Payload) : {});

function str(p: Payload, key: string): string | undefined {
  const v = p[key];
  if (typeof v === "string" && v.trim() !== "") return v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return undefined;
}

function strList(p: Payload, key: string): string[] {
  const v = p[key];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string" && x !== "") : [];
}

const clip = (s: string, max = 200) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

export function eventVersions(p: Payload): WebhookVersions {
  const out: WebhookVersions = {};
  const version = str(p, "version") ?? str(p, "fromVersion");
  if (version) out.version = version;
  const from = str(p, "fromVersion");
  if (from) out.from = from;
  const to = str(p, "toVersion");
  if (to) out.to = to;
  const stable = str(p, "stable");
  if (stable) out.stable = stable;
  const previousStable = str(p, "previousStableVersion");
  if (previousStable) out.previousStable = previousStable;
  const previous = str(p, "previousVersion");
  if (previous) out.previous = previous;
  return out;
}

export function eventActor(type: string, p: Payload): WebhookJsonBody["actor"] {
  const reviewer = asPayload(p.reviewer);
  const reviewerEmail = str(reviewer, "email");
  if (reviewerEmail) return { type: "user", label: reviewerEmail };
  if (p.trigger === "guardrail") return { type: "guardrail", label: str(p, "by") ?? "guardrail" };
  const by = str(p, "by");
  if (by) return { type: str(p, "actorType") ?? null, label: by };
  const approvedBy = strList(p, "approvedBy");
  if (approvedBy.length) return { type: "user", label: approvedBy.join(", ") };
  if (type === "version.staged") return { type: "policy", label: "policy" };
  const requestedBy = str(p, "requestedBy");
  if (requestedBy) return { type: "user", label: requestedBy };
  return null;
}

export function eventLinks(publicUrl: string, event: Pick<OutboxEventLike, "type" | "modelKey">, p: Payload): WebhookLinks {
  const base = publicUrl.replace(/\/$/, "");
  const model = event.modelKey ?? str(p, "model") ?? null;
  const modelPath = model ? `${base}/models/${encodeURIComponent(model)}` : null;
  const version = str(p, "version") ?? str(p, "fromVersion");
  const incidentId = str(p, "incidentId");
  const releaseEvent = event.type.startsWith("release.") || event.type.startsWith("tenant.");
  return {
    model: modelPath,
    version: modelPath && version ? `${modelPath}/versions/${encodeURIComponent(version)}` : null,
    release: modelPath && releaseEvent ? `${modelPath}/release` : null,
    incident: incidentId ? `${base}/incidents/${encodeURIComponent(incidentId)}` : null,
  };
}

const MODE_LABEL: Record<string, string> = { canary: "canary", blue_green: "blue-green switch", shadow: "shadow test" };

const EMOJI: Record<string, string> = {
  "release.rolled_back": ":rotating_light:",
  "release.started": ":rocket:",
  "release.advanced": ":arrow_up:",
  "release.paused": ":double_vertical_bar:",
  "release.resumed": ":arrow_forward:",
  "release.aborted": ":x:",
  "release.completed": ":white_check_mark:",
  "version.promoted": ":tada:",
  "version.staged": ":test_tube:",
  "approval.decided": ":ballot_box_with_check:",
  "version.rejected": ":no_entry:",
  "version.deprecated": ":warning:",
  "version.archived": ":file_cabinet:",
  "tenant.pinned": ":pushpin:",
  "tenant.unpinned": ":round_pushpin:",
  "drift.detected": ":chart_with_upwards_trend:",
  "audit.checkpoint": ":lock:",
  [TEST_EVENT]: ":wave:",
};

/** One line, plain text: "fraud-score rolled back 2026-02-01.1 → 2026-01-15.2 by on-call: p95 breach". */
export function summarizeEvent(event: Pick<OutboxEventLike, "type" | "modelKey" | "payload">): string {
  const p = asPayload(event.payload);
  const model = event.modelKey ?? str(p, "model") ?? "a model";
  const version = str(p, "version") ?? "a version";
  const by = eventActor(event.type, p)?.label;
  const byText = by ? ` by ${by}` : "";
  const reason = str(p, "reason");
  const reasonText = reason ? `: ${clip(reason)}` : "";
  const percent = str(p, "percent");
  const at = percent ? ` at ${percent} %` : "";
  switch (event.type) {
    case "release.rolled_back":
      return `${model} rolled back ${str(p, "fromVersion") ?? "?"} → ${str(p, "toVersion") ?? str(p, "stable") ?? "?"}${byText}${reasonText}`;
    case "release.started": {
      const mode = MODE_LABEL[str(p, "mode") ?? ""] ?? "rollout";
      const stable = str(p, "stable");
      return `${model}: ${mode} of ${version} started${at}${stable ? ` (stable ${stable})` : ""}${byText}${reasonText}`;
    }
    case "release.advanced":
      return `${model}: ${version} advanced to ${percent ?? "?"} % of traffic${byText}`;
    case "release.paused":
      return `${model}: rollout of ${version} paused${at}${byText}${reasonText}`;
    case "release.resumed":
      return `${model}: rollout of ${version} resumed${at}${byText}${reasonText}`;
    case "release.aborted": {
      const stable = str(p, "stable");
      return `${model}: rollout of ${version} aborted${byText}${stable ? `; ${stable} keeps all traffic` : ""}${reasonText}`;
    }
    case "release.completed": {
      const prev = str(p, "previousStableVersion");
      return `${model}: ${version} is now stable at 100 %${prev ? `, replacing ${prev}` : ""}${byText}`;
    }
    case "version.promoted": {
      const prev = str(p, "previousStableVersion");
      const approvers = strList(p, "approvedBy");
      const who = approvers.length ? `, approved by ${approvers.join(", ")}` : byText;
      return `${model} ${version} promoted to production${prev ? ` (was ${prev})` : ""}${who}`;
    }
    case "version.staged":
      return `${model} ${version} passed its evaluation gates and moved to STAGING`;
    case "approval.decided": {
      const decision = str(p, "decision") ?? "decided on";
      const comment = str(p, "comment");
      const count = decision === "approved" && str(p, "approved") && str(p, "required") ? ` (${str(p, "approved")} of ${str(p, "required")} approvals)` : "";
      return `${by ?? "A reviewer"} ${decision} ${model} ${version}${count}${comment ? `: ${clip(comment)}` : ""}`;
    }
    case "version.rejected": {
      const comment = str(p, "comment");
      return `${model} ${version} rejected${byText}${comment ? `: ${clip(comment)}` : ""}`;
    }
    case "version.deprecated": {
      const retires = str(p, "deprecatesAt");
      return `${model} ${version} deprecated${byText}${retires ? `, retires ${retires.slice(0, 10)}` : ""}${reasonText}`;
    }
    case "version.archived":
      return `${model} ${version} archived${byText}${reasonText}`;
    case "tenant.pinned": {
      const prev = str(p, "previousVersion");
      return `${model}: tenant ${str(p, "tenant") ?? "?"} pinned to ${version}${prev ? ` (was ${prev})` : ""}${byText}${reasonText}`;
    }
    case "tenant.unpinned":
      return `${model}: tenant ${str(p, "tenant") ?? "?"} unpinned from ${str(p, "previousVersion") ?? "?"}${byText}${reasonText}`;
    case "drift.detected": {
      const tenant = str(p, "tenant");
      const feature = str(p, "feature");
      const metric = str(p, "metric");
      const value = str(p, "value");
      return `${model}: drift detected${tenant ? ` for tenant ${tenant}` : ""}${feature ? ` on ${feature}` : ""}${metric && value ? ` (${metric} ${value})` : ""}`;
    }
    case "audit.checkpoint":
      return `Audit trail checkpoint: event #${str(p, "position") ?? "?"} (${str(p, "eventCount") ?? "?"} events), signed with key ${str(p, "keyId") ?? "?"}`;
    case TEST_EVENT:
      return `Test delivery from Rollgate to webhook "${str(p, "webhook") ?? "?"}"${by ? `, sent by ${by}` : ""}`;
    default:
      return `${event.type}${event.modelKey ? ` on ${event.modelKey}` : ""}`;
  }
}

export function buildJsonBody(event: OutboxEventLike, publicUrl: string): WebhookJsonBody {
  const p = asPayload(event.payload);
  return {
    id: String(event.id),
    event: event.type,
    time: event.createdAt.toISOString(),
    model: event.modelKey ?? str(p, "model") ?? null,
    versions: eventVersions(p),
    actor: eventActor(event.type, p),
    summary: summarizeEvent(event),
    data: p,
    links: eventLinks(publicUrl, event, p),
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
  const p = asPayload(event.payload);
  const text = `${EMOJI[event.type] ?? ":bell:"} ${slackEscape(summarizeEvent(event))}`;
  const links = eventLinks(publicUrl, event, p);
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
