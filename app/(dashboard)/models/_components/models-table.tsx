import Link from "next/link";
import { modelHref, versionHref } from "@/components/registry/hrefs";
import { Badge } from "@/components/ui/badge";
import { DataTable, type Column } from "@/components/ui/data-table";
import { RelativeTime } from "@/components/ui/relative-time";
import { StageBadge, type StageName } from "@/components/ui/stage-badge";
import type { SearchParams, SortState } from "@/components/ui/table-params";
import type { ModelBadges } from "@/lib/attention/queries";
import { AttentionBadges } from "./attention-badges";

export type ModelRow = {
  key: string;
  name: string;
  ownerTeam: string;
  ownerTeamName: string | null;
  description: string;
  prodVersion: string | null;
  latestVersion: string | null;
  latestAt: string | null;
  /** null when unknown (the lookup is per visible row) */
  latestStage: StageName | null;
  versionCount: number;
  /** what needs attention on this model (the home page's items); null when nothing */
  attention: ModelBadges | null;
};

const columns: Column<ModelRow>[] = [
  {
    id: "name",
    header: "Model",
    sortKey: "name",
    className: "max-w-md",
    cell: (m) => (
      <div className="min-w-0">
        <Link href={modelHref(m.key)} className="font-medium text-brand-700 hover:underline">
          {m.name || m.key}
        </Link>
        <div className="truncate font-mono text-xs text-slate-500" title={m.description || m.key}>
          {m.key}
        </div>
        {m.attention && <AttentionBadges model={m.key} badges={m.attention} />}
      </div>
    ),
  },
  {
    id: "owner",
    header: "Owner team",
    sortKey: "owner",
    cell: (m) => (m.ownerTeam ? (m.ownerTeamName ?? m.ownerTeam) : <span className="text-slate-500">No owner set</span>),
  },
  {
    id: "prod",
    header: "In production",
    sortKey: "prod",
    cell: (m) =>
      m.prodVersion ? (
        <Link
          href={versionHref(m.key, m.prodVersion)}
          className="inline-flex items-center gap-2 font-mono text-[13px] whitespace-nowrap text-brand-700 hover:underline"
        >
          {m.prodVersion}
          <Badge tone="success" dot>
            PROD
          </Badge>
        </Link>
      ) : (
        <span className="text-slate-500">Nothing in production yet</span>
      ),
  },
  {
    id: "latest",
    header: "Latest version",
    sortKey: "latest",
    firstDir: "desc",
    cell: (m) =>
      m.latestVersion ? (
        <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
          <Link
            href={versionHref(m.key, m.latestVersion)}
            className="font-mono text-[13px] whitespace-nowrap text-brand-700 hover:underline"
          >
            {m.latestVersion}
          </Link>
          {m.latestStage && <StageBadge stage={m.latestStage} />}
          {m.latestAt && <RelativeTime date={m.latestAt} className="text-xs text-slate-500" />}
        </div>
      ) : (
        <span className="text-slate-500">No versions</span>
      ),
  },
  {
    id: "versions",
    header: "Versions",
    sortKey: "versions",
    firstDir: "desc",
    align: "right",
    cell: (m) => m.versionCount,
  },
];

export function ModelsTable({ models, sort, searchParams }: { models: ModelRow[]; sort: SortState; searchParams: SearchParams }) {
  return (
    <DataTable
      caption="Models"
      columns={columns}
      rows={models}
      rowKey={(m) => m.key}
      sort={sort}
      pathname="/models"
      searchParams={searchParams}
    />
  );
}
