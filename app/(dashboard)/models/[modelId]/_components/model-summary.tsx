import Link from "next/link";
import type { ReactNode } from "react";
import type { ReleaseMode, ReleaseState } from "@/generated/prisma/enums";
import { versionHref } from "@/components/registry/hrefs";
import { RelativeTime } from "@/components/ui/relative-time";
import type { ReleasePointers } from "@/lib/lifecycle/page-queries";
import type { ModelDetail } from "@/lib/registry/queries";
import { rollbackTarget } from "@/lib/rollout/state-machine";

const MODE_LABELS: Record<string, string> = { canary: "canary", blue_green: "blue-green", shadow: "shadow" };

/**
 * What an on-call or reviewer looks for first: what serves, what a rollback would go back to,
 * what is rolling out, what is newest.
 */
export function ModelSummary({ model, pointers }: { model: ModelDetail; pointers: ReleasePointers }) {
  const release = model.release;
  const candidate = release?.candidateVersion ?? null;
  // what the Rollback button goes back to now: during a rollout the stable, after one the warm previous stable
  const target = release
    ? rollbackTarget({
        stableVersion: release.stableVersion,
        previousStableVersion: pointers.previousStableVersion,
        candidateVersion: release.candidateVersion,
        candidatePercent: release.candidatePercent,
        mode: release.mode as ReleaseMode,
        state: release.state as ReleaseState,
      })
    : null;
  const targetIsStable = target !== null && target === release?.stableVersion;
  return (
    <dl className="mb-6 grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-4">
      <Fact label="In production">
        {model.prodVersion ? (
          <VersionLink model={model.key} version={model.prodVersion} />
        ) : (
          <span className="text-slate-500">Nothing in production yet</span>
        )}
      </Fact>
      <Fact label="Rollback target">
        {target ? (
          <span>
            <VersionLink model={model.key} version={target} label={`${target} (rollback target)`} />{" "}
            <span className="text-slate-600">
              {targetIsStable ? "the stable version: a rollback stops the rollout" : "PROD (previous), kept warm"}
            </span>
          </span>
        ) : (
          <span className="text-slate-500">
            {release?.state === "rolled_back"
              ? "None now: the release was just rolled back (a forced rollback can go further back)"
              : "None yet: no earlier version was in production"}
          </span>
        )}
      </Fact>
      <Fact label="Rollout">
        {candidate ? (
          <span>
            <VersionLink model={model.key} version={candidate} />{" "}
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
            <VersionLink model={model.key} version={model.latestVersion} />
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

function VersionLink({ model, version, label }: { model: string; version: string; label?: string }) {
  return (
    <Link href={versionHref(model, version)} aria-label={label} className="font-mono text-brand-700 hover:underline">
      {version}
    </Link>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-sm">
      <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase">{label}</dt>
      <dd className="mt-1 text-sm break-words">{children}</dd>
    </div>
  );
}
