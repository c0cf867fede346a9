/**
 * Which edits weaken the approval gate. Such a change is not applied when saved: it waits for a
 * second admin to confirm it (policy-service.ts), so one admin cannot lower the bar and then
 * clear it alone. Raising requirements, and every other section, applies at once.
 *
 * Pure and client-safe: the Settings editor says before saving that the change will wait.
 */
import { approvalsPolicySchema, DEFAULT_POLICY, type Policy } from "./policy";
import { ruleText } from "./reviewers";

type Approvals = Policy["approvals"];

/**
 * The approvals section of a stored policy. A stored policy that is invalid elsewhere still has
 * its approval rules read from its own section; if that section is unreadable too, the
 * defaults are what would apply, so a weakening is judged against them.
 */
export function storedApprovals(stored: unknown): Approvals {
  const raw =
    typeof stored === "object" && stored !== null && !Array.isArray(stored) ? (stored as { approvals?: unknown }).approvals : undefined;
  const parsed = approvalsPolicySchema.safeParse(raw ?? {});
  return parsed.success ? parsed.data : DEFAULT_POLICY.approvals;
}

/** What `after` weakens compared with the stored policy, in words; empty when nothing. */
export function approvalWeakenings(stored: unknown, after: Policy): string[] {
  const before = storedApprovals(stored);
  const out: string[] = [];
  if (after.approvals.required < before.required) {
    out.push(`approvals.required lowered from ${before.required} to ${after.approvals.required}`);
  }
  if (after.approvals.independenceDays < before.independenceDays) {
    out.push(`approvals.independenceDays shortened from ${before.independenceDays} to ${after.approvals.independenceDays}`);
  }
  // Each rule in force must still be there, or replaced by one at least as strict: naming a subset
  // of its reviewers and requiring at least as many. Adding a rule or narrowing one applies at once.
  for (const rule of before.rules) {
    const kept = after.approvals.rules.some((r) => r.required >= rule.required && r.reviewers.every((ref) => rule.reviewers.includes(ref)));
    if (!kept) out.push(`approvals rule "${ruleText(rule)}" removed or loosened`);
  }
  return out;
}
