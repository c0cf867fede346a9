"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { db } from "../db";
import { authedAction } from "../safe-action";
import { confirmPolicyChange, discardPolicyChange, updatePolicy } from "./policy-service";

// The model's Settings tab. Thin adapter: the chain checks the session, the admin role and the
// input's shape; policy-service.ts validates the policy itself (422 with every path), checks
// that nobody saved since the editor loaded (409), and audits the change. A change that weakens
// the approval gate is stored as pending and waits for a second admin's Confirm (the service
// refuses the proposer); Discard drops it.

const updatePolicyInput = z.strictObject({
  model: z.string({ error: "is required: the model key" }).min(1, "is required: the model key"),
  // a policy is a few kilobytes; the cap keeps a pasted mistake from becoming a stored one
  policy: z.string({ error: "must be the policy as JSON text" }).max(100_000, "must be at most 100,000 characters of JSON"),
  updatedAt: z.string({ error: "is required: when the model was last updated, as the editor read it" }),
});

function revalidateModel(model: string) {
  revalidatePath(`/models/${encodeURIComponent(model)}`, "layout");
  revalidatePath("/approvals", "layout");
}

export const updatePolicyAction = authedAction("policy:edit", updatePolicyInput, async (ctx, input) => {
  const saved = await updatePolicy(db(), ctx.actor, { modelKey: input.model, policy: input.policy, updatedAt: input.updatedAt });
  revalidatePath(`/models/${input.model}`);
  revalidatePath(`/models/${input.model}/settings`);
  if (saved.pending) revalidatePath("/approvals", "layout");
  return saved;
});

const pendingChangeInput = z.strictObject({
  model: z.string({ error: "is required: the model key" }).min(1, "is required: the model key"),
  id: z.string({ error: "is required: the pending change's id, as the page showed it" }).min(1, "is required: the pending change's id"),
});

export const confirmPolicyChangeAction = authedAction("policy:edit", pendingChangeInput, async (ctx, input) => {
  const saved = await confirmPolicyChange(db(), ctx.actor, { modelKey: input.model, id: input.id });
  revalidateModel(input.model);
  return saved;
});

export const discardPolicyChangeAction = authedAction("policy:edit", pendingChangeInput, async (ctx, input) => {
  await discardPolicyChange(db(), ctx.actor, { modelKey: input.model, id: input.id });
  revalidateModel(input.model);
  return { model: input.model, discarded: input.id };
});
