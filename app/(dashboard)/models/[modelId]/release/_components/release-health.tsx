import { CandidateVsStable, type ThresholdSources } from "@/components/release/candidate-vs-stable";
import { RELEASE_ENVIRONMENT } from "@/lib/database/environment";
import { db } from "@/lib/db";
import { limitsOf } from "@/lib/guardrails/limits";
import { DEFAULT_POLICY, parsePolicy } from "@/lib/policy/policy";

/** Loads what the thresholds are drawn from (the policy, the versions' manifest limits) for the release chart. */
export async function ReleaseHealth({ modelKey }: { modelKey: string }) {
  const model = await db().model.findUnique({ where: { key: modelKey }, select: { id: true, policy: true } });
  if (!model) return null;
  const release = await db().release.findFirst({
    where: { modelId: model.id, environment: RELEASE_ENVIRONMENT },
    select: { stableVersion: true, candidateVersion: true },
  });
  const names = [release?.stableVersion, release?.candidateVersion].filter((v): v is string => !!v);
  const rows = await db().modelVersion.findMany({
    where: { modelId: model.id, version: { in: names } },
    select: { version: true, manifest: true },
  });
  const parsed = parsePolicy(model.policy);
  const manifests: ThresholdSources["manifests"] = {};
  for (const r of rows) manifests[r.version] = limitsOf(r.manifest);
  return (
    <CandidateVsStable modelKey={modelKey} sources={{ guardrails: (parsed.ok ? parsed.policy : DEFAULT_POLICY).guardrails, manifests }} />
  );
}
