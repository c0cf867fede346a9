/**
 * "1 of 2 approvals — 1 more needed". `required` is null when the model's stored policy is
 * invalid: the count is shown without a target rather than a guessed one.
 */
export function approvalProgress(approved: number, required: number | null): string {
  if (required === null) return `${approved} ${approved === 1 ? "approval" : "approvals"} (policy invalid: required count unknown)`;
  const head = `${approved} of ${required} ${required === 1 ? "approval" : "approvals"}`;
  const remaining = Math.max(0, required - approved);
  return remaining === 0 ? `${head} — none more needed` : `${head} — ${remaining} more needed`;
}

/** With named-reviewer rules the rules set the target: "1 approval counted — 1 more needed". */
export function ruledProgress(approved: number, remaining: number | null): string {
  const head = `${approved} ${approved === 1 ? "approval" : "approvals"} counted`;
  if (remaining === null) return head;
  return remaining === 0 ? `${head} — every rule is met` : `${head} — at least ${remaining} more needed`;
}
