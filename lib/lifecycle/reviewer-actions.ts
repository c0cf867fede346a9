"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { db } from "../db";
import { authedAction } from "../safe-action";
import { setOwnerTeam, updateReviewers } from "./reviewers-service";

// The model's Reviewers tab. Any signed-in user reaches the chain; the service decides who may
// change what (admins, and the owner team's members for the rules) and validates the rules
// with the policy's schema, so the issues carry the same paths as a policy save.

const model = z.string({ error: "is required: the model key" }).min(1, "is required: the model key");

const updateReviewersInput = z.strictObject({
  model,
  rules: z.array(z.unknown(), { error: "must be a list of rules" }).max(10, "may have at most 10 rules"),
  updatedAt: z.string({ error: "is required: when the model was last updated, as the page read it" }),
});

function revalidateModel(key: string) {
  revalidatePath(`/models/${encodeURIComponent(key)}`, "layout");
  revalidatePath("/approvals", "layout");
}

export const updateReviewersAction = authedAction("models:read", updateReviewersInput, async (ctx, input) => {
  const saved = await updateReviewers(db(), ctx.actor, { modelKey: input.model, rules: input.rules, updatedAt: input.updatedAt });
  revalidateModel(input.model);
  return saved;
});

const setOwnerTeamInput = z.strictObject({ model, team: z.string({ error: "must be a team key, or empty for none" }).max(64) });

export const setOwnerTeamAction = authedAction("policy:edit", setOwnerTeamInput, async (ctx, input) => {
  const saved = await setOwnerTeam(db(), ctx.actor, { modelKey: input.model, team: input.team });
  revalidateModel(input.model);
  revalidatePath("/models");
  return saved;
});
