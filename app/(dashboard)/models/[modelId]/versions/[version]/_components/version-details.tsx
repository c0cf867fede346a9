import Link from "next/link";
import type { ReactNode } from "react";
import { CopyButton } from "@/components/ui/copy-button";
import { RelativeTime } from "@/components/ui/relative-time";
import { StageBadge } from "@/components/ui/stage-badge";
import { deprecationText } from "@/lib/lifecycle/version-view";
import type { VersionDetail } from "@/lib/registry/queries";
import { versionHref } from "@/components/registry/hrefs";
import { RegisteredBy } from "@/components/registry/registered-by";

/** The facts about a version that are not in its manifest: hash, stage history, lineage. */
export function VersionDetails({ v, now }: { v: VersionDetail; now: number }) {
  const model = v.model.key;
  return (
    <dl className="divide-y divide-slate-100 text-sm">
      <Row label="Content hash">
        <div className="flex min-w-0 items-center gap-2">
          <code className="min-w-0 truncate font-mono text-[13px] text-slate-800" title={v.contentHash}>
            {v.contentHash}
          </code>
          <CopyButton text={v.contentHash} label="Copy content hash" />
        </div>
        <p className="mt-0.5 text-xs text-slate-500">sha256 of the canonical manifest</p>
      </Row>
      <Row label="Stage">
        <span className="inline-flex flex-wrap items-center gap-2">
          <StageBadge stage={v.stage} />
          <span className="text-slate-500">
            since <RelativeTime date={v.stageChangedAt} />
          </span>
        </span>
      </Row>
      <Row label="Registered">
        <RegisteredBy label={v.registeredBy} type={v.registeredByType} />
        <div className="text-slate-500">
          <RelativeTime date={v.createdAt} />
        </div>
      </Row>
      {v.promotedAt && (
        <Row label="First in production">
          <RelativeTime date={v.promotedAt} />
        </Row>
      )}
      {v.deprecatesAt && (
        <Row label="Deprecated">
          {deprecationText(v.deprecatesAt, now).text} (<RelativeTime date={v.deprecatesAt} />)
          {v.deprecationReason && <p className="text-slate-500">{v.deprecationReason}</p>}
        </Row>
      )}
      <Row label="Parent">
        {v.parentVersion ? (
          <Link href={versionHref(model, v.parentVersion)} className="font-mono text-[13px] text-brand-700 hover:underline">
            {v.parentVersion}
          </Link>
        ) : (
          <span className="text-slate-500">None (a first version)</span>
        )}
      </Row>
      {v.lineage.ancestors.length > 1 && (
        <Row label="Lineage">
          <ol className="flex flex-wrap items-center gap-x-1.5 gap-y-1 font-mono text-xs">
            {[...v.lineage.ancestors].reverse().map((a) => (
              <li key={a.version} className="flex items-center gap-1.5">
                <Link href={versionHref(model, a.version)} className="text-brand-700 hover:underline">
                  {a.version}
                </Link>
                <span aria-hidden className="text-slate-500">
                  →
                </span>
              </li>
            ))}
            <li className="font-semibold text-slate-800">{v.version}</li>
          </ol>
          {v.lineage.truncated && <p className="mt-0.5 text-xs text-slate-500">Older ancestors not shown.</p>}
        </Row>
      )}
      {v.lineage.children.length > 0 && (
        <Row label="Children">
          <ul className="flex flex-wrap gap-x-3 gap-y-1">
            {v.lineage.children.map((c) => (
              <li key={c.version}>
                <Link href={versionHref(model, c.version)} className="font-mono text-[13px] text-brand-700 hover:underline">
                  {c.version}
                </Link>
              </li>
            ))}
          </ul>
        </Row>
      )}
      <Row label="Schema version">
        <code className="font-mono text-[13px]">{v.schemaVersion}</code>
      </Row>
    </dl>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[8.5rem_minmax(0,1fr)] gap-3 px-5 py-2.5">
      <dt className="text-slate-500">{label}</dt>
      <dd className="min-w-0 text-slate-900">{children}</dd>
    </div>
  );
}
