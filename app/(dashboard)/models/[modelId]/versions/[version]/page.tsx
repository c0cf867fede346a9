import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { diffHref, modelHref, versionHref } from "@/components/registry/hrefs";
import { ManifestSections } from "@/components/registry/manifest-sections";
import { manifestYaml } from "@/components/registry/manifest-format";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CodeBlock } from "@/components/ui/code-block";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { StageBadge } from "@/components/ui/stage-badge";
import { ShortHash } from "@/components/ui/truncate";
import { historyForVersion } from "@/lib/audit/queries";
import { roleCan } from "@/lib/auth/permissions";
import { requirePageUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { modelPolicyView, retirementOptions } from "@/lib/lifecycle/page-queries";
import { deprecationText, isoDate } from "@/lib/lifecycle/version-view";
import { groupManifestBySection } from "@/lib/registry/diff";
import { defaultDiffBase, getModel, getVersion } from "@/lib/registry/queries";
import { Decisions } from "./_components/decisions";
import { Evaluations } from "./_components/evaluations";
import { RetireForms } from "./_components/retire-forms";
import { VersionDetails } from "./_components/version-details";
import { VersionHistory } from "./_components/version-history";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ modelId: string; version: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { modelId, version } = await params;
  return { title: `${modelId} ${version}` };
}

export default async function VersionPage({ params }: Props) {
  const user = await requirePageUser("models:read");
  const { modelId, version } = await params;
  const [v, model, base, history, policy, retirement] = await Promise.all([
    getVersion(db(), modelId, version),
    getModel(db(), modelId),
    defaultDiffBase(db(), modelId, version),
    historyForVersion(db(), modelId, version),
    modelPolicyView(db(), modelId),
    retirementOptions(db(), modelId, version),
  ]);
  if (!v || !model || !policy || !retirement) notFound();
  // the server's clock decides whether a deprecation date has passed, for every reader alike
  const now = retirement.asOf;
  const deprecation = v.deprecatesAt ? deprecationText(v.deprecatesAt, now) : null;
  const canRetire = roleCan(user.role, "versions:deprecate");

  const modelPath = modelHref(v.model.key);
  // The changelog has its own card at the top; the metadata section would repeat it.
  const sections = groupManifestBySection(v.manifest as Record<string, unknown>)
    .map((s) => (s.id === "metadata" ? { ...s, entries: s.entries.filter((e) => e.key !== "changelog") } : s))
    .filter((s) => s.entries.length > 0);

  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: "Models", href: "/models" }, { label: v.model.name || v.model.key, href: modelPath }, { label: v.version }]}
        title={v.version}
        meta={
          <>
            <StageBadge stage={v.stage} />
            {v.isProd && v.stage !== "PROD" && (
              <Badge tone="success" dot>
                Serving production
              </Badge>
            )}
            {deprecation && (
              <Badge tone={deprecation.past ? "purple" : "warning"} title={v.deprecationReason ?? undefined}>
                {deprecation.text}
              </Badge>
            )}
            <span>
              Registered by <span className="font-medium text-slate-800">{v.registeredBy}</span> <RelativeTime date={v.createdAt} />
            </span>
            <span>
              sha256 <ShortHash hash={v.contentHash} className="text-slate-800" />
            </span>
            {v.parentVersion && (
              <span>
                Parent{" "}
                <Link
                  href={versionHref(v.model.key, v.parentVersion)}
                  aria-label={`Parent ${v.parentVersion}`}
                  className="font-mono text-brand-700 hover:underline"
                >
                  {v.parentVersion}
                </Link>
              </span>
            )}
          </>
        }
        actions={
          <>
            {base && (
              <ButtonLink href={diffHref(v.model.key, { from: base, to: v.version })} variant="primary">
                {base === model.prodVersion ? "Compare with PROD" : "Compare with parent"}
              </ButtonLink>
            )}
            <ButtonLink href={diffHref(v.model.key, { to: v.version })} variant="secondary">
              Compare with another version
            </ButtonLink>
          </>
        }
      />

      <div className="grid grid-cols-1 items-start gap-6 xl:grid-cols-[minmax(0,1fr)_26rem] 2xl:grid-cols-[minmax(0,1fr)_30rem]">
        {/* first in the DOM so narrow screens show hash and history before the long manifest */}
        <aside className="min-w-0 space-y-6 xl:order-2">
          <Card title="Details" flush>
            <VersionDetails v={v} now={now} />
          </Card>
          <Card title="Decisions" flush>
            <Decisions approvals={v.approvals} required={policy.policy?.approvals.required ?? null} waiting={v.stage === "STAGING"} />
          </Card>
          {canRetire && (
            <Card
              id="retire"
              title="Deprecate or archive"
              description="Versions that serve traffic, and the last three that were PROD, are kept."
              flush
            >
              <RetireForms
                model={v.model.key}
                version={v.version}
                today={isoDate(new Date(now).toISOString())}
                deprecateRefusal={retirement.deprecateRefusal}
                archiveRefusal={retirement.archiveRefusal}
              />
            </Card>
          )}
          <Card
            title="History"
            flush
            actions={
              <Link href={`/audit?${new URLSearchParams({ model: v.model.key })}`} className="text-sm text-brand-700 hover:underline">
                Open in audit trail
              </Link>
            }
          >
            <VersionHistory events={history} />
          </Card>
        </aside>
        <div className="min-w-0 space-y-6 xl:order-1">
          {v.changelog.trim() !== "" && (
            <Card title="Changelog">
              <p className="text-sm whitespace-pre-line text-slate-800">{v.changelog}</p>
            </Card>
          )}
          <Card
            id="evaluations"
            title="Evaluations"
            description={
              v.evaluations.length === 0
                ? undefined
                : `${v.evaluations.length} ${v.evaluations.length === 1 ? "evaluation" : "evaluations"}, newest first; each gate with its value, threshold and the PROD baseline.`
            }
            flush
          >
            <Evaluations evaluations={v.evaluations} />
          </Card>
          <section aria-labelledby="manifest-heading" className="space-y-4">
            <h2 id="manifest-heading" className="text-lg font-semibold text-slate-900">
              Manifest
            </h2>
            <ManifestSections sections={sections} />
          </section>
          <Card
            id="raw-manifest"
            title="Raw manifest"
            description={v.sourceFormat === "yaml" ? "As registered (YAML)." : "Registered as JSON; shown here as YAML."}
          >
            <CodeBlock
              code={manifestYaml(v.sourceText, v.sourceFormat, v.manifest)}
              title="manifest.yaml"
              copyLabel="Copy manifest"
              maxHeight="36rem"
            />
          </Card>
        </div>
      </div>
    </>
  );
}
