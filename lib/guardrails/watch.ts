/**
 * Whether the guardrails watch a release now, and what the release page says about it — the same
 * rule as the loop (evaluate.ts): a candidate ramping or paused, or a promotion inside its
 * post-promotion window. Pure and client-safe: the page re-checks `until` against its clock, so
 * the post-promotion watch ends on screen when it ends in the loop, without a move.
 */
import type { ReleaseSnapshot } from "./decide";

export type GuardrailWatch = {
  /** what is watched: a candidate, a new stable after its promotion, or nothing */
  watching: "canary" | "post_promotion" | null;
  version: string | null;
  /** when a post-promotion watch ends */
  until: string | null;
  sentence: string;
};

type WatchedRelease = Pick<ReleaseSnapshot, "state" | "candidateVersion" | "stableVersion" | "previousStableVersion" | "completedAt">;

/** The watch as of `now`; `postPromotionMinutes` is the model policy's `guardrails.postPromotionMinutes`. */
export function guardrailWatch(release: WatchedRelease | null, postPromotionMinutes: number, now: Date): GuardrailWatch {
  if (!release || (!release.stableVersion && !release.candidateVersion)) {
    return { watching: null, version: null, until: null, sentence: "Nothing is watched: no version is in production yet." };
  }
  if (release.candidateVersion && (release.state === "ramping" || release.state === "paused")) {
    return {
      watching: "canary",
      version: release.candidateVersion,
      until: null,
      sentence: `Watching the candidate ${release.candidateVersion} against the stable ${release.stableVersion ?? "version"}.`,
    };
  }
  const stable = release.stableVersion ?? "";
  if (release.state === "rolled_back") {
    return {
      watching: null,
      version: null,
      until: null,
      sentence: `Nothing is watched: the release was rolled back; ${stable} serves all traffic.`,
    };
  }
  if (!release.candidateVersion && release.completedAt && release.previousStableVersion && release.state === "idle") {
    const until = release.completedAt.getTime() + postPromotionMinutes * 60_000;
    if (now.getTime() < until) {
      return {
        watching: "post_promotion",
        version: stable,
        until: new Date(until).toISOString(),
        sentence: `Watching ${stable} after its promotion; a hard breach rolls back to ${release.previousStableVersion}.`,
      };
    }
    return {
      watching: null,
      version: null,
      until: null,
      sentence: `Nothing is watched: no rollout is running and ${stable}'s post-promotion watch has ended.`,
    };
  }
  return {
    watching: null,
    version: null,
    until: null,
    sentence: `Nothing is watched: no rollout is running; ${stable} serves all traffic.`,
  };
}

/** The watch as the page sees it at `now`: a post-promotion watch whose time is up has ended. */
export function watchingAt(w: Pick<GuardrailWatch, "watching" | "until">, now: number): boolean {
  if (w.watching === null) return false;
  return w.until === null || now < Date.parse(w.until);
}
