"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { db } from "../db";
import { authedAction } from "../safe-action";
import { evaluateModelNow } from "./queries";

// "Evaluate now" on the release page: admins only (the same people who set the guardrail policy).
const input = z.strictObject({ modelKey: z.string({ error: "modelKey is required" }).min(1, "modelKey is required").max(200) });

export const evaluateNowAction = authedAction("policy:edit", input, async (_ctx, { modelKey }) => {
  const e = await evaluateModelNow(db(), modelKey);
  revalidatePath(`/models/${encodeURIComponent(modelKey)}/release`);
  return { outcome: e.outcome, reason: e.reason, moved: e.moved, skipped: e.skipped, epoch: e.epoch };
});
