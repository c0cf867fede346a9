/**
 * What a drift read needs to know about a model: its versions' features, the stable version,
 * the thresholds of its policy, and which version's bins the read uses (the reference).
 *
 * The reference version is the one asked for, else the stable production version when its
 * manifest declares features, else the newest version that declares any. Histograms of other
 * versions are added to the reference's only for features they bin identically (bins.ts
 * sameBins); a version that rebinned a feature is left out of that feature's cells.
 */
// No "server-only" marker: the drift watch (server.ts, under tsx) reads through this module.
import { RELEASE_ENVIRONMENT } from "../database/environment";
import { modelByKeyOrThrow } from "../database/models";
import type { Database } from "../database/open";
import { NotFoundError } from "../errors";
import { DEFAULT_POLICY, parsePolicy, type DriftPolicy } from "../policy";
import { featuresOf, sameBins, type FeatureSpec } from "./bins";

export type DriftContext = {
  model: { id: string; key: string; name: string };
  /** feature specs per version, in registration order */
  versions: { version: string; specs: FeatureSpec[] }[];
  stableVersion: string | null;
  referenceVersion: string | null;
  /** the reference version's features, in manifest order */
  features: FeatureSpec[];
  thresholds: DriftPolicy;
  /** the stored policy does not parse: defaults are shown, and the page says so */
  policyInvalid: boolean;
};

export async function loadDriftContext(database: Database, modelKey: string, version?: string | null): Promise<DriftContext> {
  const prisma = database.prisma;
  const model = await modelByKeyOrThrow(prisma, modelKey, { id: true, key: true, name: true, policy: true });
  const [rows, release] = await Promise.all([
    prisma.modelVersion.findMany({
      where: { modelId: model.id },
      select: { version: true, manifest: true },
      orderBy: { createdAt: "asc" },
    }),
    prisma.release.findFirst({ where: { modelId: model.id, environment: RELEASE_ENVIRONMENT }, select: { stableVersion: true } }),
  ]);
  const versions = rows.map((r) => ({ version: r.version, specs: featuresOf(r.manifest) }));
  if (version && !versions.some((v) => v.version === version)) {
    throw new NotFoundError(`Model "${modelKey}" has no version ${version}.`);
  }
  const stableVersion = release?.stableVersion ?? null;
  const withFeatures = versions.filter((v) => v.specs.length > 0);
  const referenceVersion =
    version ??
    (withFeatures.some((v) => v.version === stableVersion) ? stableVersion : (withFeatures[withFeatures.length - 1]?.version ?? null));
  const features = versions.find((v) => v.version === referenceVersion)?.specs ?? [];
  const parsed = parsePolicy(model.policy);
  return {
    model: { id: model.id, key: model.key, name: model.name },
    versions,
    stableVersion,
    referenceVersion,
    features,
    thresholds: parsed.ok ? parsed.policy.drift : DEFAULT_POLICY.drift,
    policyInvalid: !parsed.ok,
  };
}

/** Whether `version`'s counts for `spec.name` can be added to the reference's. */
export function binsMatch(ctx: DriftContext, version: string, spec: FeatureSpec): boolean {
  const other = ctx.versions.find((v) => v.version === version)?.specs.find((s) => s.name === spec.name);
  return other !== undefined && sameBins(other, spec);
}
