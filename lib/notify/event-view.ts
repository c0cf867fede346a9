/**
 * What a webhook body says about one outbox event, read from the event's typed payload: the
 * model, the versions involved, who acted, and a one-line summary. Pure.
 *
 * Every field is one subscribers already receive, computed exactly as before the payloads had
 * schemas (legacy-view.ts still reads rows that do not parse that way), so the bodies of the
 * two readers are the same bytes; event-view.test.ts holds them to it.
 */
import type { EventOf, OutboxEvent } from "../events/schemas";

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

/** who made the change; `type` is user, token, policy, guardrail or system when known */
export type WebhookActor = { type: string | null; label: string } | null;

export type EventView = {
  model: string | null;
  versions: WebhookVersions;
  actor: WebhookActor;
  summary: string;
  incidentId?: string;
};

/** Text that says something: blank text counts as absent, as receivers have always seen it. */
export const text = (s: string | null | undefined): string | undefined => (s != null && s.trim() !== "" ? s : undefined);

export const clip = (s: string, max = 200) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

export const MODE_LABEL: Record<string, string> = { canary: "canary", blue_green: "blue-green switch", shadow: "shadow test" };

/** The versions object, its keys always in this order (receivers may compare bodies as text). */
export function versionsOf(v: { [K in keyof WebhookVersions]?: string | null }): WebhookVersions {
  const out: WebhookVersions = {};
  for (const key of ["version", "from", "to", "stable", "previousStable", "previous"] as const) {
    const value = text(v[key]);
    if (value) out[key] = value;
  }
  return out;
}

const withText = (prefix: string, s: string | null | undefined, suffix = "") => {
  const t = text(s);
  return t ? `${prefix}${t}${suffix}` : "";
};

/** The actor of an event a person or a token made, by label and (when written) actor type. */
const byActor = (by: string, actorType: string | null = null): WebhookActor => (text(by) ? { type: actorType, label: by } : null);

/** The actor of an approval or rejection: the reviewer. */
const reviewerActor = (reviewer: { email: string }): WebhookActor =>
  text(reviewer.email) ? { type: "user", label: reviewer.email } : null;

type ReleaseMove = EventOf<
  "release.started" | "release.advanced" | "release.paused" | "release.resumed" | "release.aborted" | "release.completed"
>;

/** "; can approve: team Payments Risk (Risk Lead <risk-lead@example.com>)": whom a receiver can mention. */
export function approversText(who: EventOf<"version.staged">["payload"]["canApprove"]): string {
  if (!who) return "";
  const people = who.people.map((p) => (p.name && p.name !== p.email ? `${p.name} <${p.email}>` : p.email));
  const more = who.morePeople > 0 ? ` and ${who.morePeople} more` : "";
  if (who.rules.length === 0)
    return people.length ? `; any approver can approve: ${people.join(", ")}${more}` : "; no approver can approve it yet";
  const teams = who.teams.map((t) => `team ${t.name}`);
  const list = [...teams, ...(people.length ? [`(${people.join(", ")}${more})`] : [])].join(" ");
  return `; can approve: ${list || "nobody yet: the rules name no enabled approver"}`;
}

export function viewOf(e: OutboxEvent): EventView {
  const model = e.modelKey;
  switch (e.type) {
    case "version.staged": {
      const p = e.payload;
      return {
        model,
        versions: versionsOf({ version: p.version }),
        actor: { type: "policy", label: "policy" },
        summary: `${model} ${p.version} passed its evaluation gates and moved to STAGING${approversText(p.canApprove)}`,
      };
    }
    case "approval.decided": {
      const p = e.payload;
      const actor = reviewerActor(p.reviewer);
      const count = p.decision === "approved" ? ` (${p.approved} of ${p.required} approvals)` : "";
      return {
        model,
        versions: versionsOf({ version: p.version }),
        actor,
        summary: `${actor?.label ?? "A reviewer"} ${p.decision} ${model} ${p.version}${count}${withText(": ", p.comment && clip(p.comment))}`,
      };
    }
    case "version.rejected": {
      const p = e.payload;
      const actor = reviewerActor(p.reviewer);
      return {
        model,
        versions: versionsOf({ version: p.version }),
        actor,
        summary: `${model} ${p.version} rejected${withText(" by ", actor?.label)}${withText(": ", p.comment && clip(p.comment))}`,
      };
    }
    case "version.promoted": {
      const p = e.payload;
      return {
        model,
        versions: versionsOf({ version: p.version, previousStable: p.previousStableVersion }),
        actor: byActor(p.by),
        summary: `${model} ${text(p.version) ?? "a version"} promoted to production${withText(" (was ", p.previousStableVersion, ")")}${withText(" by ", p.by)}`,
      };
    }
    case "version.deprecated": {
      const p = e.payload;
      return {
        model,
        versions: versionsOf({ version: p.version }),
        actor: byActor(p.by),
        summary: `${model} ${p.version} deprecated${withText(" by ", p.by)}, retires ${p.deprecatesAt.slice(0, 10)}${reasonText(p.reason)}`,
      };
    }
    case "version.archived": {
      const p = e.payload;
      return {
        model,
        versions: versionsOf({ version: p.version }),
        actor: byActor(p.by),
        summary: `${model} ${p.version} archived${withText(" by ", p.by)}${reasonText(p.reason)}`,
      };
    }
    case "release.started":
    case "release.advanced":
    case "release.paused":
    case "release.resumed":
    case "release.aborted":
    case "release.completed":
      return releaseMoveView(e);
    case "release.rolled_back": {
      const p = e.payload;
      const actor = p.trigger === "guardrail" ? { type: "guardrail", label: text(p.by) ?? "guardrail" } : byActor(p.by, p.actorType);
      return {
        model,
        versions: versionsOf({ version: p.fromVersion, from: p.fromVersion, to: p.toVersion, stable: p.stable }),
        actor,
        summary: `${model} rolled back ${p.fromVersion} → ${p.toVersion}${withText(" by ", actor?.label)}${reasonText(p.reason)}`,
        incidentId: text(p.incidentId),
      };
    }
    case "release.held": {
      const p = e.payload;
      // no summary of its own yet: subscribers have always received the plain one
      return { model, versions: versionsOf({ version: p.version }), actor: byActor(p.by), summary: `${e.type} on ${model}` };
    }
    case "tenant.pinned": {
      const p = e.payload;
      return {
        model,
        versions: versionsOf({ version: p.version, previous: p.previousVersion }),
        actor: byActor(p.by),
        summary: `${model}: tenant ${text(p.tenant) ?? "?"} pinned to ${p.version}${withText(" (was ", p.previousVersion, ")")}${withText(" by ", p.by)}${reasonText(p.reason)}`,
      };
    }
    case "tenant.unpinned": {
      const p = e.payload;
      return {
        model,
        versions: versionsOf({ previous: p.previousVersion }),
        actor: byActor(p.by),
        summary: `${model}: tenant ${text(p.tenant) ?? "?"} unpinned from ${p.previousVersion}${withText(" by ", p.by)}${reasonText(p.reason)}`,
      };
    }
    case "drift.detected": {
      const p = e.payload;
      const measured = text(p.value) ? ` (${p.metric} ${p.value})` : "";
      return {
        model,
        versions: {},
        actor: null,
        summary: `${model}: drift detected${withText(" for tenant ", p.tenant)}${withText(" on ", p.feature)}${measured}`,
      };
    }
    case "audit.checkpoint": {
      const p = e.payload;
      return {
        model: null,
        versions: {},
        actor: null,
        summary: `Audit trail checkpoint: event #${text(p.position) ?? "?"} (${text(p.eventCount) ?? "?"} events), signed with key ${text(p.keyId) ?? "?"}`,
      };
    }
    case "webhook.test": {
      const p = e.payload;
      const actor = text(p.requestedBy) ? { type: "user", label: p.requestedBy } : null;
      return {
        model: null,
        versions: {},
        actor,
        summary: `Test delivery from Rollgate to webhook "${text(p.webhook) ?? "?"}"${withText(", sent by ", actor?.label)}`,
      };
    }
    default:
      return unhandled(e);
  }
}

function unhandled(e: never): never {
  throw new Error(`no webhook view for outbox event ${(e as { type: string }).type}`);
}

const reasonText = (reason: string | null) => withText(": ", reason && clip(reason));

function releaseMoveView(e: ReleaseMove): EventView {
  const model = e.modelKey;
  const p = e.payload;
  const actor = byActor(p.by, p.actorType);
  const by = withText(" by ", actor?.label);
  const version = text(p.version) ?? "a version";
  const reason = reasonText(p.reason);
  switch (e.type) {
    case "release.started": {
      const q = e.payload;
      return {
        model,
        versions: versionsOf({ version: q.version, stable: q.stable }),
        actor,
        summary: `${model}: ${MODE_LABEL[q.mode] ?? "rollout"} of ${version} started at ${q.percent} %${withText(" (stable ", q.stable, ")")}${by}${reason}`,
      };
    }
    case "release.advanced":
      return {
        model,
        versions: versionsOf({ version: p.version }),
        actor,
        summary: `${model}: ${version} advanced to ${e.payload.percent} % of traffic${by}`,
      };
    case "release.paused":
    case "release.resumed": {
      const verb = e.type === "release.paused" ? "paused" : "resumed";
      return {
        model,
        versions: versionsOf({ version: p.version }),
        actor,
        summary: `${model}: rollout of ${version} ${verb} at ${e.payload.percent} %${by}${reason}`,
      };
    }
    case "release.aborted": {
      const q = e.payload;
      return {
        model,
        versions: versionsOf({ version: q.version, stable: q.stable }),
        actor,
        summary: `${model}: rollout of ${version} aborted${by}${withText("; ", q.stable, " keeps all traffic")}${reason}`,
      };
    }
    case "release.completed": {
      const q = e.payload;
      return {
        model,
        versions: versionsOf({ version: q.version, previousStable: q.previousStableVersion }),
        actor,
        summary: `${model}: ${version} is now stable at 100 %${withText(", replacing ", q.previousStableVersion)}${by}`,
      };
    }
    default:
      return unhandled(e);
  }
}
