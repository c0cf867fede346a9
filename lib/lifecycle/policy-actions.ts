"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { db } from "../db";
import { authedAction } from "../safe-action";
import { updatePolicy } from "./policy-service";

// The model's Settings tab. Thin adapter: the chain checks the session, the admin role and the
// input's shape; policy-service.ts validates the policy itself (422 with every path), checks
// that nobody saved since the editor loaded (409), and audits the change.

const updatePolicyInput = z.strictObject({
  model: z.string({ error: "is required: the model key" }).min(1, "is required: the model key"),
  // a policy is a few kilobytes; the cap keeps a pasted mistake from becoming a stored one
  policy: z.string({ error: "must be the policy as JSON text" }).max(100_000, "must be at most 100,000 characters of JSON"),
  updatedAt: z.string({ error: "is required: when the model was last updated, as the editor read it" }),
});

export const updatePolicyAction = authedAction("policy:edit", updatePolicyInput, async (ctx, input) => {
  const saved = await updatePolicy(db(), ctx.actor, { modelKey: input.model, policy: input.policy, updatedAt: input.updatedAt });
  revalidatePath(`/models/${input.model}`);
  revalidatePath(`/models/${input.model}/settings`);
  return saved;
});
