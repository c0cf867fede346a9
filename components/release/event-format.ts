/**
 * Words for the audit events a release page and an incident timeline show: a title per action and
 * a one-line detail read from the event's before/after (the shapes lib/rollout/rows.ts `auditView`
 * and the pin events write). Unknown actions pass through with no detail, so a new event type
 * shows up raw rather than not at all. Pure.
 *
 * A change that emits an outbox event appends an audit event of the same name, so the outbox
 * event types (lib/events) are titled here by type: a new one fails the type-check until it has
 * a title here (or null when no audit event carries its name).
 */
import { isEventType, type EventType } from "@/lib/events/schemas";
import { formatPercent } from "@/lib/format/numbers";

export type EventLike = { action: string; before: unknown; after: unknown; subject?: string };

/** null: no audit event has this name, so the history never shows it. */
const EVENT_TITLES: Record<EventType, string | null> = {
  "version.staged": "Passed its gates (STAGING)",
  "approval.decided": "Approval decision",
  "version.rejected": "Rejected",
  "version.promoted": "Promoted to PROD",
  "version.deprecated": "Deprecated",
  "version.archived": "Archived",
  "release.started": "Rollout started",
  "release.advanced": "Advanced a step",
  "release.paused": "Paused",
  "release.resumed": "Resumed",
  "release.aborted": "Rollout aborted",
  "release.completed": "Rollout completed",
  "release.rolled_back": "Rolled back",
  // a hold pauses the rollout: the history shows release.paused
  "release.held": null,
  "tenant.pinned": "Tenant pinned",
  "tenant.unpinned": "Tenant unpinned",
  // audited as drift.state_changed
  "drift.detected": null,
  "audit.checkpoint": null,
  "webhook.test": null,
};

/** Audit actions that announce nothing to webhooks. */
const OTHER_TITLES: Record<string, string> = {
  "incident.opened": "Incident opened",
  "incident.note_added": "Note added",
  "incident.note": "Note",
  "incident.updated": "Root cause / prevention updated",
  "incident.closed": "Incident closed",
  "version.registered": "Version registered",
  "version.rolling_out": "Rolling out",
  "version.restored": "Made stable again",
  "version.superseded": "Kept warm as PROD (previous)",
  "version.retired": "Retired",
  "version.rolled_back": "Rolled back to STAGING (needs a new approval)",
  "evaluation.recorded": "Evaluation recorded",
  "model.policy_updated": "Policy updated",
  "evidence.exported": "Evidence pack exported",
  "replay_set.frozen": "Replay set frozen",
  "replay_set.expired": "Replay set expired",
  "replay.tenant_erased": "Tenant's replay data erased",
};

export function eventTitle(action: string): string {
  return (isEventType(action) ? EVENT_TITLES[action] : OTHER_TITLES[action]) ?? action;
}

type ReleaseAudit = {
  stableVersion?: string | null;
  candidateVersion?: string | null;
  candidatePercent?: number;
  mode?: string;
  steps?: number[];
  stepIndex?: number;
  rolledBackFrom?: string;
  rolledBackTo?: string;
  tenant?: string;
  version?: string | null;
  fromVersion?: string;
  toVersion?: string;
};

const asRecord = (v: unknown): ReleaseAudit => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as ReleaseAudit) : {});

/** The version a `model_version` subject (`<model>@<version>`) names, or null. */
function subjectVersion(subject: string | undefined): string | null {
  if (!subject) return null;
  const at = subject.lastIndexOf("@");
  return at >= 0 ? subject.slice(at + 1) : null;
}

/** One line saying what changed, e.g. "5 % → 25 %" or "2026-02-01.1 → 2026-01-15.2"; null when nothing useful can be said. */
export function eventDetail(e: EventLike): string | null {
  const before = asRecord(e.before);
  const after = asRecord(e.after);
  const pct = (p: number | undefined) => (typeof p === "number" ? formatPercent(p) : "?");
  if (e.action === "incident.opened") return after.fromVersion && after.toVersion ? `${after.fromVersion} → ${after.toVersion}` : null;
  if (!isEventType(e.action)) return e.action.startsWith("version.") ? subjectVersion(e.subject) : null;
  switch (e.action) {
    case "release.started": {
      if (!after.candidateVersion) return after.stableVersion ? `${after.stableVersion} took all traffic (first version)` : null;
      const mode = after.mode === "blue_green" ? "blue-green" : after.mode;
      const ramp = after.steps && after.steps.length > 0 ? `, steps ${after.steps.map((s) => `${s}`).join(" → ")} %` : "";
      return `${after.candidateVersion} at ${pct(after.candidatePercent)} (${mode}${ramp})`;
    }
    case "release.advanced":
      return `${after.candidateVersion ?? before.candidateVersion ?? "candidate"}: ${pct(before.candidatePercent)} → ${pct(after.candidatePercent)}`;
    case "release.paused":
    case "release.resumed":
      return `${after.candidateVersion ?? before.candidateVersion ?? "candidate"} at ${pct(after.candidatePercent)}`;
    case "release.completed":
      return `${after.stableVersion ?? "?"} is stable${after.stableVersion !== before.stableVersion && before.stableVersion ? `; ${before.stableVersion} kept warm` : ""}`;
    case "release.aborted":
      return `${before.candidateVersion ?? "candidate"} discarded; ${after.stableVersion ?? "the stable"} keeps serving`;
    case "release.rolled_back":
      return after.rolledBackFrom && after.rolledBackTo ? `${after.rolledBackFrom} → ${after.rolledBackTo}` : null;
    case "tenant.pinned":
      return `${after.tenant ?? "?"} → ${after.version ?? "?"}${before.version ? ` (was ${before.version})` : ""}`;
    case "tenant.unpinned":
      return `${before.tenant ?? after.tenant ?? "?"} follows the split again (was ${before.version ?? "?"})`;
    default:
      return e.action.startsWith("version.") ? subjectVersion(e.subject) : null;
  }
}
