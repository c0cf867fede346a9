import Link from "next/link";
import { versionHref } from "@/components/registry/hrefs";
import { StageBadge } from "@/components/ui/stage-badge";
import type { Lineage, LineageNode } from "@/lib/registry/queries";

function Node({ model, node }: { model: string; node: LineageNode }) {
  return (
    <li className="flex items-center justify-between gap-3 py-1.5">
      <Link href={versionHref(model, node.version)} className="font-mono text-[13px] text-brand-700 hover:underline">
        {node.version}
      </Link>
      <StageBadge stage={node.stage} />
    </li>
  );
}

/** Where the version comes from (parent first) and what was built on it. */
export function LineageList({ model, lineage, parentVersion }: { model: string; lineage: Lineage; parentVersion: string | null }) {
  return (
    <div className="space-y-3 text-sm">
      <div>
        <h3 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Ancestors</h3>
        {lineage.ancestors.length > 0 ? (
          <ol aria-label="Ancestors, parent first" className="divide-y divide-slate-100">
            {lineage.ancestors.map((n) => (
              <Node key={n.version} model={model} node={n} />
            ))}
          </ol>
        ) : (
          <p className="mt-1 text-slate-600">
            {parentVersion ? `Parent ${parentVersion} is not registered in Rollgate.` : "None: this version names no parent."}
          </p>
        )}
        {lineage.truncated && <p className="mt-1 text-xs text-slate-500">Older ancestors are not shown.</p>}
      </div>
      {lineage.children.length > 0 && (
        <div>
          <h3 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Built on this version</h3>
          <ul aria-label="Versions built on this one" className="divide-y divide-slate-100">
            {lineage.children.map((n) => (
              <Node key={n.version} model={model} node={n} />
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
