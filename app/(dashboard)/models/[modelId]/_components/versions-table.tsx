import Link from "next/link";
import { versionHref } from "@/components/registry/hrefs";
import { RegisteredBy } from "@/components/registry/registered-by";
import { DataTable, type Column } from "@/components/ui/data-table";
import { RelativeTime } from "@/components/ui/relative-time";
import { StageBadge } from "@/components/ui/stage-badge";
import type { SearchParams, SortState } from "@/components/ui/table-params";
import { deprecationText } from "@/lib/lifecycle/version-view";
import type { VersionRow } from "@/lib/registry/queries";

export function VersionsTable({
  model,
  rows,
  sort,
  pathname,
  searchParams,
  now,
}: {
  model: string;
  rows: VersionRow[];
  sort: SortState;
  pathname: string;
  searchParams: SearchParams;
  /** the server's clock (epoch ms): whether a deprecation date has passed */
  now: number;
}) {
  const columns: Column<VersionRow>[] = [
    {
      id: "version",
      header: "Version",
      sortKey: "version",
      firstDir: "desc",
      cell: (v) => (
        <Link
          href={versionHref(model, v.version)}
          className="font-mono whitespace-nowrap text-[13px] font-medium text-brand-700 hover:underline"
        >
          {v.version}
        </Link>
      ),
    },
    {
      id: "stage",
      header: "Stage",
      sortKey: "stage",
      className: "whitespace-nowrap",
      // StageBadge reads PROD_PREVIOUS as "PROD (previous)": the warm rollback target
      cell: (v) => {
        const deprecation = v.deprecatesAt ? deprecationText(v.deprecatesAt, now) : null;
        return (
          <span className="inline-flex flex-col items-start gap-0.5">
            <StageBadge stage={v.stage} />
            {deprecation && <span className="text-xs text-slate-500">{deprecation.text}</span>}
          </span>
        );
      },
    },
    {
      id: "registeredBy",
      header: "Registered by",
      className: "max-w-56",
      cell: (v) => <RegisteredBy label={v.registeredBy} type={v.registeredByType} />,
    },
    {
      id: "createdAt",
      header: "When",
      sortKey: "createdAt",
      firstDir: "desc",
      className: "whitespace-nowrap",
      cell: (v) => <RelativeTime date={v.createdAt} />,
    },
    {
      id: "changelog",
      header: "Changelog",
      className: "max-w-[28rem] min-w-64",
      cell: (v) =>
        v.changelogLine ? (
          <span className="block truncate" title={v.changelogLine}>
            {v.changelogLine}
          </span>
        ) : (
          <span className="text-slate-500">No changelog</span>
        ),
    },
    {
      id: "parent",
      header: "Parent",
      cell: (v) =>
        v.parentVersion ? (
          <Link
            href={versionHref(model, v.parentVersion)}
            aria-label={`Parent ${v.parentVersion}`}
            className="font-mono whitespace-nowrap text-[13px] text-slate-600 hover:text-brand-700 hover:underline"
          >
            {v.parentVersion}
          </Link>
        ) : (
          <span className="text-slate-500">—</span>
        ),
    },
  ];
  return (
    <DataTable
      caption={`Versions of ${model}`}
      columns={columns}
      rows={rows}
      rowKey={(v) => v.version}
      sort={sort}
      pathname={pathname}
      searchParams={searchParams}
    />
  );
}
