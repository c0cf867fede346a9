import { diffHref, modelHref } from "@/components/registry/hrefs";
import { ButtonLink } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { PageHeader, type Breadcrumb } from "@/components/ui/page-header";
import type { ReleasePointers } from "@/lib/lifecycle/page-queries";
import type { ModelDetail } from "@/lib/registry/queries";
import { ModelSummary } from "./model-summary";
import { ModelTabs, type ModelTab } from "./model-tabs";

const TAB_LABELS: Record<ModelTab, string> = {
  versions: "Versions",
  release: "Release",
  metrics: "Metrics",
  tenants: "Tenants",
  drift: "Drift",
  reviewers: "Reviewers",
  settings: "Settings",
};

/** The top of every model tab: name, key, owner, what serves and the rollback target, then the tabs. */
export function ModelHeader({
  model,
  pointers,
  tab,
  showSettings,
}: {
  model: ModelDetail;
  pointers: ReleasePointers;
  tab: ModelTab;
  showSettings: boolean;
}) {
  const name = model.name || model.key;
  const breadcrumbs: Breadcrumb[] =
    tab === "versions"
      ? [{ label: "Models", href: "/models" }, { label: name }]
      : [{ label: "Models", href: "/models" }, { label: name, href: modelHref(model.key) }, { label: TAB_LABELS[tab] }];
  return (
    <>
      <PageHeader
        breadcrumbs={breadcrumbs}
        title={name}
        description={model.description || undefined}
        meta={
          <>
            <span className="inline-flex items-center gap-1.5">
              <span className="text-slate-500">Key</span>
              <code className="font-mono text-[13px] text-slate-800">{model.key}</code>
              <CopyButton text={model.key} label="Copy model key" />
            </span>
            <span>
              <span className="text-slate-500">Owner</span>{" "}
              {model.ownerTeam ? (
                <span className="font-medium text-slate-800">{model.ownerTeamName ?? model.ownerTeam}</span>
              ) : (
                "No owner set"
              )}
            </span>
          </>
        }
        actions={
          model.versionCount > 1 ? (
            <ButtonLink href={diffHref(model.key)} variant="secondary">
              Compare versions
            </ButtonLink>
          ) : undefined
        }
      />
      <ModelSummary model={model} pointers={pointers} />
      <ModelTabs model={model.key} active={tab} showSettings={showSettings} />
    </>
  );
}
