import Link from "next/link";
import type { ReactNode } from "react";
import { RelativeTime } from "@/components/ui/relative-time";
import type { ModelDetail } from "@/lib/registry/queries";
import { versionHref } from "@/components/registry/hrefs";

const MODE_LABELS: Record<string, string> = { canary: "canary", blue_green: "blue-green", shadow: "shadow" };

/** Three facts an on-call or reviewer looks for first: what serves, what is rolling out, what is newest. */
export function ModelSummary({ model }: { model: ModelDetail }) {
  const release = model.release;
  const candidate = release?.candidateVersion ?? null;
  return (
    <dl className="mb-6 grid grid-cols-1 gap-4 sm:grid-cols-3">
      <Fact label="In production">
        {model.prodVersion ? (
          <Link href={versionHref(model.key, model.prodVersion)} className="font-mono text-brand-700 hover:underline">
            {model.prodVersion}
          </Link>
        ) : (
          <span className="text-slate-500">Nothing in production yet</span>
        )}
      </Fact>
      <Fact label="Rollout">
        {candidate ? (
          <span>
            <Link href={versionHref(model.key, candidate)} className="font-mono text-brand-700 hover:underline">
              {candidate}
            </Link>{" "}
            <span className="text-slate-600">
              at {release?.candidatePercent} % ({MODE_LABELS[release?.mode ?? ""] ?? release?.mode}
              {release?.state && release.state !== "ramping" ? `, ${release.state.replace("_", " ")}` : ""})
            </span>
          </span>
        ) : (
          <span className="text-slate-500">No rollout in progress</span>
        )}
      </Fact>
      <Fact label="Latest version">
        {model.latestVersion ? (
          <span>
            <Link href={versionHref(model.key, model.latestVersion)} className="font-mono text-brand-700 hover:underline">
              {model.latestVersion}
            </Link>
            {model.latestAt && (
              <>
                {" · "}
                <RelativeTime date={model.latestAt} className="text-slate-600" />
              </>
            )}
          </span>
        ) : (
          <span className="text-slate-500">No versions</span>
        )}
      </Fact>
    </dl>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-sm">
      <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase">{label}</dt>
      <dd className="mt-1 truncate text-sm">{children}</dd>
    </div>
  );
}
