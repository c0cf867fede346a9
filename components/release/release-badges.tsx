import { Badge, type BadgeTone } from "@/components/ui/badge";

// The release's enums written out rather than imported from Prisma (components never import it);
// the same string unions, so Prisma values pass.
export type ReleaseStateName = "idle" | "ramping" | "paused" | "rolled_back";
export type ReleaseModeName = "canary" | "blue_green" | "shadow";

const STATES: Record<ReleaseStateName, { label: string; tone: BadgeTone; hint: string }> = {
  idle: { label: "Idle", tone: "neutral", hint: "No rollout is running; the stable version serves all traffic" },
  ramping: { label: "Ramping", tone: "warning", hint: "A candidate is taking traffic step by step" },
  paused: { label: "Paused", tone: "info", hint: "The rollout is held at its current step; resume to continue" },
  rolled_back: { label: "Rolled back", tone: "danger", hint: "The last rollout was rolled back; the stable version serves all traffic" },
};

export const MODE_LABELS: Record<ReleaseModeName, string> = { canary: "Canary", blue_green: "Blue-green", shadow: "Shadow" };

const MODE_HINTS: Record<ReleaseModeName, string> = {
  canary: "The candidate takes traffic in steps",
  blue_green: "The candidate takes all traffic at once; the old stable stays warm",
  shadow: "The candidate gets a copy of the traffic and serves nobody",
};

export function releaseStateLabel(state: string): string {
  return STATES[state as ReleaseStateName]?.label ?? state;
}

export function ReleaseStateBadge({ state }: { state: ReleaseStateName | string }) {
  const s = STATES[state as ReleaseStateName];
  return (
    <Badge tone={s?.tone ?? "neutral"} dot title={s?.hint}>
      {s?.label ?? state}
    </Badge>
  );
}

export function ModeBadge({ mode }: { mode: ReleaseModeName | string }) {
  return (
    <Badge tone="brand" title={MODE_HINTS[mode as ReleaseModeName]}>
      {MODE_LABELS[mode as ReleaseModeName] ?? mode}
    </Badge>
  );
}

export function IncidentStatusBadge({ status }: { status: "open" | "closed" | string }) {
  return status === "open" ? (
    <Badge tone="danger" dot title="On-call is working on it">
      Open
    </Badge>
  ) : (
    <Badge tone="muted" title="Closed with a root cause">
      Closed
    </Badge>
  );
}

const TRIGGERS: Record<string, string> = { user: "on-call (page)", api: "API", guardrail: "guardrail" };

/** Who or what rolled back: a person on the release page, an API token, or the guardrail loop. */
export function triggerLabel(trigger: string): string {
  return TRIGGERS[trigger] ?? trigger;
}
