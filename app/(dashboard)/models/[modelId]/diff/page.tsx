import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { diffHref, modelHref, versionHref } from "@/components/registry/hrefs";
import { ManifestDiff } from "@/components/registry/manifest-diff";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { StageBadge } from "@/components/ui/stage-badge";
import { firstParam, type SearchParams } from "@/components/ui/table-params";
import { requirePageUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { defaultDiffBase, getDiff, getModel, listVersions, type ManifestDiff as Diff, type VersionRow } from "@/lib/registry/queries";
import { DiffPicker } from "./_components/diff-picker";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ modelId: string }>; searchParams: Promise<SearchParams> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { modelId } = await params;
  return { title: `Compare ${modelId}` };
}

/** Every version of the model for the pickers, newest first (the list API pages at 100). */
async function allVersions(key: string): Promise<VersionRow[]> {
  const rows: VersionRow[] = [];
  for (let page = 1; ; page++) {
    const list = await listVersions(db(), key, { sort: "createdAt", dir: "desc", page, pageSize: 100 });
    rows.push(...list.rows);
    if (list.rows.length === 0 || rows.length >= list.total) return rows;
  }
}

export default async function DiffPage({ params, searchParams }: Props) {
  await requirePageUser("models:read");
  const [{ modelId }, query] = await Promise.all([params, searchParams]);
  const model = await getModel(db(), modelId);
  if (!model) notFound();

  const modelPath = modelHref(model.key);
  const pathname = diffHref(model.key);
  const versions = await allVersions(model.key);

  // Defaults: "to" is the latest version; "from" is what that version would be reviewed
  // against (PROD, else its parent), else its neighbour in registration order (older first).
  const to = firstParam(query, "to")?.trim() || model.latestVersion || "";
  const at = versions.findIndex((v) => v.version === to);
  const neighbour = at >= 0 ? (versions[at + 1] ?? versions[at - 1]) : versions.find((v) => v.version !== to);
  const from = firstParam(query, "from")?.trim() || (to ? await defaultDiffBase(db(), model.key, to) : null) || neighbour?.version || "";

  const header = (
    <PageHeader
      breadcrumbs={[
        { label: "Models", href: "/models" },
        { label: model.name || model.key, href: modelPath },
        { label: "Compare versions" },
      ]}
      title="Compare versions"
      description={
        <>
          Structural manifest diff of <span className="font-medium text-slate-800">{model.name || model.key}</span>, grouped by section. The
          same data as <code className="font-mono text-[13px]">GET /api/v1/models/{model.key}/diff?from=…&amp;to=…</code>
        </>
      }
    />
  );

  if (versions.length < 2 || !from || !to) {
    return (
      <>
        {header}
        <EmptyState
          title="Nothing to compare yet"
          action={
            <ButtonLink href={modelPath} variant="primary">
              Back to {model.name || model.key}
            </ButtonLink>
          }
        >
          This model has {versions.length === 1 ? "only one version" : "no versions"}. Register another version and compare it here.
        </EmptyState>
      </>
    );
  }

  let diff: Diff | null = null;
  let problem: string | null = null;
  try {
    diff = await getDiff(db(), model.key, from, to);
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
    problem = err.message;
  }
  const stageOf = (id: string) => versions.find((v) => v.version === id)?.stage;
  const versionLink = (id: string) => {
    const stage = stageOf(id);
    return (
      <span className="inline-flex items-center gap-2">
        <Link href={versionHref(model.key, id)} className="font-mono text-brand-700 hover:underline">
          {id}
        </Link>
        {stage && <StageBadge stage={stage} />}
      </span>
    );
  };

  return (
    <>
      {header}
      <DiffPicker pathname={pathname} versions={versions} from={from} to={to} />
      {problem || !diff ? (
        <Alert tone="danger" title="These versions cannot be compared">
          {problem} Pick two versions from the lists above.
        </Alert>
      ) : (
        <>
          <p className="mb-4 flex flex-wrap items-center gap-x-3 gap-y-2 text-sm text-slate-600">
            <span>From</span> {versionLink(diff.from)} <span aria-hidden>→</span> <span>to</span> {versionLink(diff.to)}
          </p>
          {diff.changes.length === 0 ? (
            <EmptyState title="These versions have identical manifests">
              {diff.from === diff.to
                ? `You picked ${diff.from} on both sides; choose another version to compare with.`
                : "Every field, from the artifact to the rollout plan, is the same in both."}
            </EmptyState>
          ) : (
            <ManifestDiff sections={diff.sections} />
          )}
        </>
      )}
    </>
  );
}
