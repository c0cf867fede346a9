"use server";
import { revalidatePath } from "next/cache";
import { db } from "../db";
import { authedAction } from "../safe-action";
import { addIncidentNote, closeIncident, updateIncident } from "./incidents";
import {
  forceRollbackActionInput,
  incidentCloseInput,
  incidentNoteInput,
  incidentUpdateInput,
  moveActionInput,
  pinActionInput,
  rollbackActionInput,
  unpinActionInput,
} from "./schemas";
import { abortRollout, advanceRollout, pauseRollout, pinTenant, promoteNow, resumeRollout, rollback, unpinTenant } from "./service";

// The release page's buttons and the incident page's forms. Thin adapters: the chain checks the
// session and release:operate and parses input; the services hold every rule. The page sends the
// epoch it showed (expectedEpoch), so a click on a stale page is told the release moved (412)
// instead of acting on a state nobody saw.

function revalidateRelease(modelKey: string) {
  const model = `/models/${encodeURIComponent(modelKey)}`;
  revalidatePath(`${model}/release`);
  revalidatePath(model, "layout");
  revalidatePath("/releases");
  revalidatePath("/incidents", "layout");
}

const move = (modelKey: string, expectedEpoch: number | undefined, reason: string | undefined) => ({
  modelKey,
  ifMatchEpoch: expectedEpoch ?? null,
  reason: reason ?? null,
});

export const advanceAction = authedAction("release:operate", moveActionInput, async (ctx, input) => {
  const result = await advanceRollout(db(), ctx.actor, move(input.modelKey, input.expectedEpoch, input.reason));
  revalidateRelease(input.modelKey);
  return result;
});

export const pauseAction = authedAction("release:operate", moveActionInput, async (ctx, input) => {
  const result = await pauseRollout(db(), ctx.actor, move(input.modelKey, input.expectedEpoch, input.reason));
  revalidateRelease(input.modelKey);
  return result;
});

export const resumeAction = authedAction("release:operate", moveActionInput, async (ctx, input) => {
  const result = await resumeRollout(db(), ctx.actor, move(input.modelKey, input.expectedEpoch, input.reason));
  revalidateRelease(input.modelKey);
  return result;
});

export const promoteNowAction = authedAction("release:operate", moveActionInput, async (ctx, input) => {
  const result = await promoteNow(db(), ctx.actor, move(input.modelKey, input.expectedEpoch, input.reason));
  revalidateRelease(input.modelKey);
  return result;
});

export const abortAction = authedAction("release:operate", moveActionInput, async (ctx, input) => {
  const result = await abortRollout(db(), ctx.actor, move(input.modelKey, input.expectedEpoch, input.reason));
  revalidateRelease(input.modelKey);
  return result;
});

export const rollbackAction = authedAction("release:operate", rollbackActionInput, async (ctx, input) => {
  const result = await rollback(db(), ctx.actor, { ...move(input.modelKey, input.expectedEpoch, input.reason), reason: input.reason });
  revalidateRelease(input.modelKey);
  return result;
});

export const forceRollbackAction = authedAction("release:operate", forceRollbackActionInput, async (ctx, input) => {
  const result = await rollback(db(), ctx.actor, {
    ...move(input.modelKey, input.expectedEpoch, input.reason),
    reason: input.reason,
    toVersion: input.toVersion,
  });
  revalidateRelease(input.modelKey);
  return result;
});

export const pinAction = authedAction("release:operate", pinActionInput, async (ctx, input) => {
  const result = await pinTenant(db(), ctx.actor, {
    modelKey: input.modelKey,
    tenant: input.tenant,
    version: input.version,
    reason: input.reason,
    ifMatchEpoch: input.expectedEpoch ?? null,
  });
  revalidateRelease(input.modelKey);
  return result;
});

export const unpinAction = authedAction("release:operate", unpinActionInput, async (ctx, input) => {
  const result = await unpinTenant(db(), ctx.actor, {
    modelKey: input.modelKey,
    tenant: input.tenant,
    reason: input.reason,
    ifMatchEpoch: input.expectedEpoch ?? null,
  });
  revalidateRelease(input.modelKey);
  return result;
});

export const addIncidentNoteAction = authedAction("release:operate", incidentNoteInput, async (ctx, input) => {
  const note = await addIncidentNote(db(), ctx.actor, input);
  revalidatePath("/incidents", "layout");
  return note;
});

export const updateIncidentAction = authedAction("release:operate", incidentUpdateInput, async (ctx, input) => {
  const incident = await updateIncident(db(), ctx.actor, input);
  revalidatePath("/incidents", "layout");
  return incident;
});

export const closeIncidentAction = authedAction("release:operate", incidentCloseInput, async (ctx, input) => {
  const incident = await closeIncident(db(), ctx.actor, input);
  revalidatePath("/incidents", "layout");
  return incident;
});
