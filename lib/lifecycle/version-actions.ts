"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { db } from "../db";
import { authedAction } from "../safe-action";
import { archiveInputSchema, deprecateInputSchema } from "./schemas";
import { archiveVersion, deprecateVersion } from "./service";

// Deprecate and archive on a version's page. Thin adapters: the chain checks the session, the
// operator/admin role and the form's fields; retirement.ts refuses serving and gold versions
// and moves the stage with its audit event in one transaction.

const versionRef = {
  model: z.string({ error: "is required: the model key" }).min(1, "is required: the model key"),
  version: z.string({ error: "is required: the version id" }).min(1, "is required: the version id"),
};

const deprecateActionInput = deprecateInputSchema.extend(versionRef);
const archiveActionInput = archiveInputSchema.extend(versionRef);

function revalidateVersion(model: string, version: string): void {
  revalidatePath(`/models/${model}`);
  revalidatePath(`/models/${model}/versions/${version}`);
}

export const deprecateVersionAction = authedAction("versions:deprecate", deprecateActionInput, async (ctx, input) => {
  const retired = await deprecateVersion(db(), ctx.actor, {
    modelKey: input.model,
    version: input.version,
    at: input.at,
    reason: input.reason,
  });
  revalidateVersion(input.model, input.version);
  return retired;
});

export const archiveVersionAction = authedAction("versions:deprecate", archiveActionInput, async (ctx, input) => {
  const retired = await archiveVersion(db(), ctx.actor, { modelKey: input.model, version: input.version, reason: input.reason });
  revalidateVersion(input.model, input.version);
  return retired;
});
