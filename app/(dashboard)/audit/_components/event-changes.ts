import "server-only";
import { diffManifests, type Change } from "@/lib/registry/diff";

/**
 * The fields that differ between an event's before and after (null when it has neither), worked
 * out on the server: objects key by key, a list that changed whole.
 */
export function changesOf(before: unknown, after: unknown): Change[] | null {
  if (before === null && after === null) return null;
  return isObject(before) || isObject(after)
    ? diffManifests(isObject(before) ? before : undefined, isObject(after) ? after : undefined)
    : [{ path: "(value)", kind: "changed" as const, before, after }];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}
