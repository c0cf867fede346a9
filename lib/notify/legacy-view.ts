/**
 * The webhook view of a stored outbox row that does not parse as its event type: one written
 * before payloads had schemas (version.promoted once carried `approvedBy` instead of `by`), by
 * a newer version with fields this one does not know, or of a type this version does not know.
 * Such rows are still delivered. Their fields are read one by one, each where it is found, as
 * every row was read before; an unknown event still gets a body, with a plainer summary.
 * Rows that parse are read by event-view.ts, which gives the same bytes for them. Pure.
 */
import { canApproveSchema, isEventType } from "../events/schemas";
import {
  approversText,
  clip,
  MODE_LABEL,
  type EventView,
  type OutboxEventLike,
  type WebhookActor,
  type WebhookVersions,
} from "./event-view";

type Payload = Record<string, unknown>;

export const asPayload = (p: unknown): Payload => (p && typeof p === "object" && !Array.isArray(p) ? (p as Payload) : {});

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

function eventVersions(p: Payload): WebhookVersions {
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

function eventActor(type: string, p: Payload): WebhookActor {
  const reviewer = asPayload(p.reviewer);
  const reviewerEmail = str(reviewer, "email");
  if (reviewerEmail) return { type: "user", label: reviewerEmail };
  if (p.trigger === "guardrail") return { type: "guardrail", label: str(p, "by") ?? "guardrail" };
  const by = str(p, "by");
  if (by) return { type: str(p, "actorType") ?? null, label: by };
  const approvedBy = strList(p, "approvedBy");
  if (approvedBy.length) return { type: "user", label: approvedBy.join(", ") };
  if (isEventType(type) && type === "version.staged") return { type: "policy", label: "policy" };
  const requestedBy = str(p, "requestedBy");
  if (requestedBy) return { type: "user", label: requestedBy };
  return null;
}

/** One line, plain text: "fraud-score rolled back 2026-02-01.1 → 2026-01-15.2 by on-call: p95 breach". */
function summarize(type: string, modelKey: string | null, p: Payload, actor: WebhookActor): string {
  const model = modelKey ?? str(p, "model") ?? "a model";
  const version = str(p, "version") ?? "a version";
  const by = actor?.label;
  const byText = by ? ` by ${by}` : "";
  const reason = str(p, "reason");
  const reasonText = reason ? `: ${clip(reason)}` : "";
  const percent = str(p, "percent");
  const at = percent ? ` at ${percent} %` : "";
  if (!isEventType(type)) return plainSummary(type, modelKey);
  switch (type) {
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
    case "version.staged": {
      const who = canApproveSchema.safeParse(p.canApprove);
      return `${model} ${version} passed its evaluation gates and moved to STAGING${approversText(who.success ? who.data : undefined)}`;
    }
    case "approval.decided": {
      const decision = str(p, "decision") ?? "decided on";
      const comment = str(p, "comment");
      const count =
        decision === "approved" && str(p, "approved") && str(p, "required")
          ? ` (${str(p, "approved")} of ${str(p, "required")} approvals)`
          : "";
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
    case "webhook.test":
      return `Test delivery from Rollgate to webhook "${str(p, "webhook") ?? "?"}"${by ? `, sent by ${by}` : ""}`;
    default:
      return plainSummary(type, modelKey);
  }
}

const plainSummary = (type: string, modelKey: string | null) => `${type}${modelKey ? ` on ${modelKey}` : ""}`;

export function legacyViewOf(event: Pick<OutboxEventLike, "type" | "modelKey" | "payload">): EventView {
  const p = asPayload(event.payload);
  const actor = eventActor(event.type, p);
  return {
    model: event.modelKey ?? str(p, "model") ?? null,
    versions: eventVersions(p),
    actor,
    summary: summarize(event.type, event.modelKey, p, actor),
    incidentId: str(p, "incidentId"),
  };
}
