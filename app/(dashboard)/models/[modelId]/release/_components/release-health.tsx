import { CandidateVsStable, type ThresholdSources } from "@/components/release/candidate-vs-stable";
import { RELEASE_ENVIRONMENT } from "@/lib/database/environment";
import { db } from "@/lib/db";
import { DEFAULT_POLICY, parsePolicy } from "@/lib/lifecycle/policy";

type ManifestLimits = { limits?: { p95_latency_ms?: unknown; max_error_rate?: unknown }; quality?: { metric?: unknown; min?: unknown } };

/** Loads what the thresholds are drawn from (the policy, the versions' manifest limits) for the release chart. */
export async function ReleaseHealth({ modelKey }: { modelKey: string }) {
  const model = await db().model.findUnique({ where: { key: modelKey }, select: { id: true, policy: true } });
  if (!model) return null;
  const release = await db().release.findFirst({ where: { modelId: model.id, environment: RELEASE_ENVIRONMENT }, select: { stableVersion: true, candidateVersion: true } });
  const names = [release?.stableVersion, release?.candidateVersion].filter((v): v is string => !!v);
  const rows = await db().modelVersion.findMany({ where: { modelId: model.id, version: { in: names } }, select: { version: true, manifest: true } });
  const parsed = parsePolicy(model.policy);
  const manifests: ThresholdSources["manifests"] = {};
  for (const r of rows) {
    const m = (r.manifest ?? {}) as ManifestLimits;
    const p95 = m.limits?.p95_latency_ms;
    const err = m.limits?.max_error_rate;
    manifests[r.version] = {
      limits: typeof p95 === "number" && typeof err === "number" ? { p95_latency_ms: p95, max_error_rate: err } : null,
      quality: typeof m.quality?.min === "number" ? { metric: String(m.quality.metric ?? "quality"), min: m.quality.min } : null,
    };
  }
  return <CandidateVsStable modelKey={modelKey} sources={{ guardrails: (parsed.ok ? parsed.policy : DEFAULT_POLICY).guardrails, manifests }} />;
}
