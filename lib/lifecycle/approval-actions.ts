"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { db } from "../db";
import { authedAction } from "../safe-action";
import { approveInputSchema, rejectInputSchema } from "./schemas";
import { approveVersion, rejectVersion } from "./service";

// The approval page's decisions. Thin adapters: the chain checks the session and the
// approvals:decide permission and parses input; the service holds every rule (four-eyes, STAGING
// only, one decision per reviewer, starting the rollout) and refuses a forged request on its own.

const target = {
  modelKey: z.string({ error: "is required" }).trim().min(1, "is required"),
  version: z.string({ error: "is required" }).trim().min(1, "is required"),
};
// The comment rules are the service's (schemas.ts): optional to approve, required to reject.
const approveActionInput = approveInputSchema.extend(target);
const rejectActionInput = rejectInputSchema.extend(target);

// A decision changes the queue, the review page, and (when it starts the version's rollout) the
// model's pages, its release page and the releases overview; the layouts cover their children.
function revalidateDecision(modelKey: string) {
  revalidatePath("/approvals", "layout");
  revalidatePath(`/models/${encodeURIComponent(modelKey)}`, "layout");
  revalidatePath("/releases", "layout");
}

export const approveVersionAction = authedAction("approvals:decide", approveActionInput, async (ctx, input) => {
  const result = await approveVersion(db(), ctx.actor, input);
  revalidateDecision(input.modelKey);
  return result;
});

export const rejectVersionAction = authedAction("approvals:decide", rejectActionInput, async (ctx, input) => {
  const result = await rejectVersion(db(), ctx.actor, input);
  revalidateDecision(input.modelKey);
  return result;
});
