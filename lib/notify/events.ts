/**
 * The outbox event types a webhook can subscribe to, and how a webhook's filter matches them.
 * Pure and client-safe: the settings form lists these, the schemas validate against them, and
 * lib/notify/fanout.ts applies the same rule in SQL (`eventFilterSql` there mirrors
 * `eventMatches` here; keep the two in step).
 *
 * A filter entry is `*` (everything), a group wildcard such as `release.*` (every event of the
 * group, including ones added later), or one event type. The types are lib/events' schemas;
 * a new one needs its line here (the type-check fails until it has one).
 */
import { EVENT_TYPE_LIST as OUTBOX_EVENT_TYPES, TEST_EVENT, type EventType as OutboxEventType } from "../events/schemas";

export { TEST_EVENT };

/** Every outbox event type but `webhook.test`, which no filter selects. */
export type SubscribableEventType = Exclude<OutboxEventType, typeof TEST_EVENT>;

type GroupOf<T extends string> = T extends `${infer G}.${string}` ? G : never;

export const EVENT_GROUPS = {
  version: "Versions",
  approval: "Approvals",
  release: "Releases",
  tenant: "Tenant pins",
  drift: "Drift",
  audit: "Audit trail",
} as const satisfies Record<GroupOf<SubscribableEventType>, string>;

export type EventGroup = keyof typeof EVENT_GROUPS;

export const EVENT_TYPES = {
  "version.staged": "A version passed its evaluation gates and moved to STAGING.",
  "approval.decided": "A reviewer approved or rejected a version.",
  "version.rejected": "A version was rejected and will not reach production.",
  "version.promoted": "A version became the stable production version.",
  "version.deprecated": "A version was deprecated, with the date it retires.",
  "version.archived": "A version was archived.",
  "release.started": "A rollout started (canary, blue-green or shadow).",
  "release.advanced": "A rollout moved to its next traffic step.",
  "release.paused": "A rollout was paused.",
  "release.resumed": "A paused rollout was resumed.",
  "release.aborted": "A rollout was aborted; the stable version keeps all traffic.",
  "release.completed": "A rollout reached 100 % and its version is now stable.",
  "release.rolled_back": "Traffic was rolled back to an earlier version, by a person or a guardrail.",
  "release.held": "A guardrail held a rollout on a soft breach (it is paused); a person decides.",
  "tenant.pinned": "A tenant was pinned to a version.",
  "tenant.unpinned": "A tenant's pin was removed; it follows the traffic split again.",
  "drift.detected": "A tenant's inputs or predictions drifted past the alert threshold.",
  "audit.checkpoint": "A signed checkpoint of the audit trail's head: keep these copies to prove later that the trail was not rewritten.",
} as const satisfies Record<SubscribableEventType, string>;

export const ALL_EVENTS = "*";

/** In the order of lib/events' schemas, which is the settings form's order. */
export const EVENT_TYPE_LIST: readonly SubscribableEventType[] = OUTBOX_EVENT_TYPES.filter(
  (t): t is SubscribableEventType => t !== TEST_EVENT,
);

export function groupOf(type: string): string {
  const dot = type.indexOf(".");
  return dot < 0 ? type : type.slice(0, dot);
}

export function isEventGroup(g: string): g is EventGroup {
  return Object.hasOwn(EVENT_GROUPS, g);
}

export function isSubscribable(t: string): t is SubscribableEventType {
  return Object.hasOwn(EVENT_TYPES, t);
}

/** Why a filter entry is not valid, or null when it is. */
export function eventFilterProblem(entry: string): string | null {
  if (entry === ALL_EVENTS) return null;
  if (entry.endsWith(".*")) {
    const group = entry.slice(0, -2);
    return isEventGroup(group)
      ? null
      : `Unknown event group "${group}"; groups are ${Object.keys(EVENT_GROUPS)
          .map((g) => `${g}.*`)
          .join(", ")}.`;
  }
  if (entry === TEST_EVENT) return `${TEST_EVENT} is sent only by "Send test"; it cannot be subscribed to.`;
  return isSubscribable(entry) ? null : `Unknown event type "${entry}".`;
}

/**
 * The filter in its smallest form: `*` alone when present, group wildcards replace their
 * members, duplicates dropped, sorted — so an unchanged selection compares equal.
 */
export function normalizeEventFilter(entries: readonly string[]): string[] {
  const set = new Set(entries.map((e) => e.trim()).filter(Boolean));
  if (set.has(ALL_EVENTS)) return [ALL_EVENTS];
  const groups = new Set([...set].filter((e) => e.endsWith(".*")).map((e) => e.slice(0, -2)));
  return [...set].filter((e) => e.endsWith(".*") || !groups.has(groupOf(e))).sort();
}

/** Whether a webhook with this filter receives events of `type`. */
export function eventMatches(filter: readonly string[], type: string): boolean {
  if (type === TEST_EVENT) return false;
  return filter.includes(ALL_EVENTS) || filter.includes(type) || filter.includes(`${groupOf(type)}.*`);
}

/** "All events", "All release events", or the type itself: for lists and badges. */
export function describeFilterEntry(entry: string): string {
  if (entry === ALL_EVENTS) return "All events";
  if (entry.endsWith(".*")) {
    const group = entry.slice(0, -2);
    return isEventGroup(group) ? `All ${EVENT_GROUPS[group].toLowerCase()}` : entry;
  }
  return entry;
}
