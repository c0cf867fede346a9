/**
 * The words the approval page uses for a release the approval started or will start: the banner
 * after the required approvals ("Approved — rolling out: 5 % canary") and the hint above the
 * Approve button. Pure: the page passes the release fields it read (lib/lifecycle
 * approval-queries) and these say what they mean, so the wording has one home and unit tests.
 */
import { formatPercentTwoDecimals as pct } from "@/lib/format/numbers";

type Mode = "canary" | "blue_green" | "shadow";

/** "5 % canary", "blue-green: 100 % as the candidate", "shadow: 5 % of requests copied", "… (paused)". */
export function rolloutSummary(r: { mode: Mode; candidatePercent: number; state?: string }): string {
  const what =
    r.mode === "canary"
      ? `${pct(r.candidatePercent)} canary`
      : r.mode === "blue_green"
        ? `blue-green, ${pct(r.candidatePercent)} as the candidate`
        : `shadow, ${pct(r.candidatePercent)} of requests copied`;
  return r.state === "paused" ? `${what} (paused)` : what;
}

/** What the running rollout means for traffic, after "Approved by …". */
export function rolloutSentence(r: { mode: Mode; candidatePercent: number; state?: string; stableVersion: string | null }): string {
  const stable = r.stableVersion ?? "the stable version";
  const paused = r.state === "paused" ? " Its rollout is paused: it holds this share until an operator resumes it." : "";
  if (r.mode === "shadow") {
    return `It receives a copy of ${pct(r.candidatePercent)} of requests and answers none of them; ${stable} keeps serving all traffic. Promote it or discard it on the release page.${paused}`;
  }
  if (r.mode === "blue_green") {
    return `It serves all traffic as the candidate; ${stable} stays warm as the rollback target until the switch is completed on the release page.${paused}`;
  }
  return `It serves ${pct(r.candidatePercent)} of traffic as the candidate and ${stable} the rest. It moves up a step at a time on the release page and reaches PROD after the last step; until then ${stable} is the rollback target.${paused}`;
}

export type ApprovalOutcomeView =
  { kind: "first" } | { kind: "rollout"; mode: Mode; percent: number; stable: string } | { kind: "blocked"; candidate: string };

/** The hint above Approve when this approval completes the required count: what happens next. */
export function completingApprovalHint(outcome: ApprovalOutcomeView | null): string {
  const lead = "Your approval completes the required count:";
  if (!outcome) return `${lead} the version's release starts.`;
  switch (outcome.kind) {
    case "first":
      return `${lead} it is the model's first release, so it goes to PROD at once.`;
    case "blocked":
      return `${lead} but a rollout of ${outcome.candidate} is in progress, and it must complete or be rolled back first.`;
    case "rollout":
      if (outcome.mode === "blue_green") {
        return `${lead} it takes 100 % of traffic at once as the blue-green candidate, and ${outcome.stable} stays warm as the rollback target.`;
      }
      if (outcome.mode === "shadow") {
        return `${lead} it starts as a shadow receiving a copy of ${pct(outcome.percent)} of requests; ${outcome.stable} keeps serving.`;
      }
      return `${lead} its rollout starts as a ${pct(outcome.percent)} canary next to ${outcome.stable}, which keeps the rest of the traffic and stays the rollback target.`;
  }
}
