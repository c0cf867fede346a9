/**
 * Lifecycle reads for the model pages: the policy as the Settings editor and the summary show
 * it, the production release's pointers (PROD and the rollback target), and what stands in the
 * way of deprecating or archiving a version. Every function takes the Prisma client first and
 * returns plain DTOs (dates as ISO strings) that cross to client components unchanged.
 */
import type { Stage } from "../../generated/prisma/enums";
import { RELEASE_ENVIRONMENT } from "../database/environment";
import type { Tx } from "../database/types";
import type { FieldIssue } from "../errors";
import { parsePolicy, type Policy } from "../policy";
import { policyText } from "../policy";
import { policySource, PROVENANCE, type PolicySource } from "./policy-service";
import { goldVersions, servingReasons } from "./queries";
import { retirementRefusal } from "./version-view";

export type ModelPolicyView = {
  model: { key: string; name: string };
  /** the model's updatedAt: the editor sends it back so a concurrent save is detected */
  updatedAt: string;
  /** the stored policy, normalised (defaults filled in); null when the stored JSON is invalid */
  policy: Policy | null;
  /** what is wrong with the stored policy; empty when it is valid */
  issues: FieldIssue[];
  /** the editor's starting text: the normalised policy, or the stored JSON as-is when invalid */
  text: string;
  /** true when nothing has been set: the model runs on the defaults */
  isDefault: boolean;
  /** the policy's revision and where it came from (UI, API, seed) */
  source: PolicySource;
};

/** The model's policy for the summary and the editor; null for an unknown model. */
export async function modelPolicyView(db: Tx, modelKey: string): Promise<ModelPolicyView | null> {
  const model = await db.model.findUnique({
    where: { key: modelKey },
    select: { key: true, name: true, policy: true, updatedAt: true, ...PROVENANCE },
  });
  if (!model) return null;
  const parsed = parsePolicy(model.policy);
  const stored = model.policy;
  const isEmpty = stored === null || (typeof stored === "object" && !Array.isArray(stored) && Object.keys(stored).length === 0);
  return {
    model: { key: model.key, name: model.name },
    updatedAt: model.updatedAt.toISOString(),
    source: policySource(model),
    policy: parsed.ok ? parsed.policy : null,
    issues: parsed.ok ? [] : parsed.issues,
    // an invalid policy is shown as stored, so the admin fixes what is there
    text: policyText(parsed.ok ? parsed.policy : stored),
    isDefault: isEmpty,
  };
}

export type ReleasePointers = {
  /** serving production (the Release's stableVersion) */
  stableVersion: string | null;
  /** kept warm as the rollback target (the Release's previousStableVersion) */
  previousStableVersion: string | null;
  candidateVersion: string | null;
  /** the server's clock when they were read (epoch ms): "now" for the page's dates */
  asOf: number;
};

/** The production release's pointers; all null when the model has never been promoted. */
export async function releasePointers(db: Tx, modelKey: string): Promise<ReleasePointers> {
  const asOf = Date.now();
  const release = await db.release.findFirst({
    where: { model: { key: modelKey }, environment: RELEASE_ENVIRONMENT },
    select: { stableVersion: true, previousStableVersion: true, candidateVersion: true },
  });
  return {
    stableVersion: release?.stableVersion ?? null,
    previousStableVersion: release?.previousStableVersion ?? null,
    candidateVersion: release?.candidateVersion ?? null,
    asOf,
  };
}

export type RetirementOptions = {
  stage: Stage;
  /** why the version serves traffic; empty when it serves nothing */
  serving: string[];
  /** null when the server would accept a deprecation, else its refusal */
  deprecateRefusal: string | null;
  /** null when the server would accept archiving, else its refusal */
  archiveRefusal: string | null;
  /** the server's clock when this was read (epoch ms): "now" for the page's dates */
  asOf: number;
};

/** What the deprecate and archive forms may offer for one version; null for an unknown version. */
export async function retirementOptions(db: Tx, modelKey: string, version: string): Promise<RetirementOptions | null> {
  const row = await db.modelVersion.findFirst({
    where: { version, model: { key: modelKey } },
    select: { version: true, stage: true, modelId: true },
  });
  if (!row) return null;
  const asOf = Date.now();
  const serving = await servingReasons(db, row.modelId, row.version);
  const gold = await goldVersions(db, row.modelId);
  const facts = { version: row.version, stage: row.stage, serving, gold };
  return {
    stage: row.stage,
    serving,
    deprecateRefusal: retirementRefusal("deprecate", facts),
    archiveRefusal: retirementRefusal("archive", facts),
    asOf,
  };
}
