/**
 * A model's replay rules as ingest applies them, read from the policy's `replay` JSON: the
 * capture share and daily cap (null: nothing is captured) and the scrub rules (applied to the
 * captured input and output, and to the prediction stored in the prediction log).
 */
import { replayPolicySchema, type ScrubRule } from "../policy";

export type ReplayRules = {
  capture: { rate: number; maxPerTenantPerDay: number } | null;
  scrub: ScrubRule[];
};

/** null when the policy asks for neither capture nor scrubbing (the common case: no work). */
export function replayRulesOf(replayJson: unknown): ReplayRules | null {
  if (replayJson === null || replayJson === undefined) return null;
  // the stored policy was validated when it was written; a policy that no longer parses (an
  // older shape) captures nothing rather than failing every batch of the model
  const parsed = replayPolicySchema.safeParse(replayJson);
  if (!parsed.success) return null;
  const { capture, scrub } = parsed.data;
  if (!capture && scrub.length === 0) return null;
  return { capture: capture && capture.rate > 0 ? capture : null, scrub };
}
