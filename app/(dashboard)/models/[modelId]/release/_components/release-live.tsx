"use client";
import Link from "next/link";
import { useState, type ReactNode } from "react";
import { modelHref, versionHref } from "@/components/registry/hrefs";
import { incidentHref } from "@/components/release/hrefs";
import { ModeBadge, ReleaseStateBadge } from "@/components/release/release-badges";
import { ReleaseHistory } from "@/components/release/release-history";
import { SplitBar } from "@/components/release/split-bar";
import { StepTimeline } from "@/components/release/step-timeline";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { StageBadge } from "@/components/ui/stage-badge";
import type { ReleaseDetail } from "@/lib/rollout/queries";
import { NoticeBanner, type Notice } from "./notice";
import { PinsSection } from "./pins-section";
import { ReleaseControls } from "./release-controls";
import { useLiveRelease } from "./use-live-release";

/** The release page's body, kept live (use-live-release.ts); `tabs` are the model's section links. */
export function ReleaseLive({
  modelKey,
  canOperate,
  tabs,
  guardrails,
}: {
  modelKey: string;
  canOperate: boolean;
  tabs: ReactNode;
  guardrails?: ReactNode;
}) {
  const { data: release, streaming, error, isFetching } = useLiveRelease(modelKey);
  const [notice, setNotice] = useState<Notice | null>(null);
  // hydrated from the server render, so only a cache cleared by hand gets here
  if (!release) return <p className="text-sm text-slate-500">Loading the release…</p>;
  const name = release.model.name || release.model.key;

  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: "Models", href: "/models" }, { label: name, href: modelHref(modelKey) }, { label: "Release" }]}
        title={name}
        description="The production release: what serves which share of traffic, the rollout's steps, tenant pins and every move."
        meta={
          <>
            <ModeBadge mode={release.mode} />
            <span data-testid="release-state">
              <ReleaseStateBadge state={release.state} />
            </span>
            <span className="text-slate-500" title="Bumped by every change; the routing table's ETag">
              Epoch{" "}
              <span className="font-mono text-slate-800" data-testid="release-epoch">
                {release.epoch}
              </span>
            </span>
            {release.updatedAt && (
              <span className="text-slate-500">
                Changed <RelativeTime date={release.updatedAt} />
              </span>
            )}
            <LiveIndicator streaming={streaming} fetching={isFetching} />
          </>
        }
      />
      {tabs}
      {error && (
        <Alert tone="warning" title="Live updates stopped" className="mb-6">
          {error.message} The page shows the release as last received; reload to try again.
        </Alert>
      )}
      {notice && <NoticeBanner notice={notice} onDismiss={() => setNotice(null)} />}
      <OpenIncidents release={release} />

      {!release.exists ? (
        <EmptyState title="No release yet">
          A model&apos;s release starts when its first version is approved for production: that version takes all traffic at once, and every
          later approval starts a rollout here.
        </EmptyState>
      ) : (
        // below xl one column: actions, then what serves now, then the history (it grows long)
        <div className="grid grid-cols-1 items-start gap-6 xl:grid-cols-[minmax(0,1fr)_26rem] xl:grid-rows-[auto_1fr]">
          <aside className="min-w-0 space-y-6 xl:col-start-2 xl:row-start-1">
            <Card title="Actions" id="release-actions">
              {canOperate ? (
                <ReleaseControls release={release} onNotice={setNotice} />
              ) : (
                <p className="text-sm text-slate-600">
                  Read-only: operators, approvers and admins run releases (advance, pause, promote, roll back, pin tenants).
                </p>
              )}
            </Card>
          </aside>
          <div className="min-w-0 space-y-6 xl:col-start-1 xl:row-span-2 xl:row-start-1">
            <Card title="Traffic split" id="split">
              <SplitBar
                split={release.split}
                stable={release.stable}
                candidate={release.state === "rolled_back" ? null : release.candidate}
              />
              <Versions release={release} />
            </Card>
            {guardrails}
            <Card
              title="Steps"
              description={
                release.rolloutStartedAt ? (
                  <>
                    Rollout started <RelativeTime date={release.rolloutStartedAt} />; each step bakes {release.bakeMinutes} min before it
                    may advance.
                  </>
                ) : undefined
              }
            >
              <StepTimeline steps={release.steps} bakeMinutes={release.bakeMinutes} state={release.state} mode={release.mode} />
            </Card>
            <Card title="Tenant pins" description="A pinned tenant gets its version on every request, whatever the split." flush>
              <PinsSection release={release} canOperate={canOperate} />
            </Card>
          </div>
          <Card title="Who did what when" flush className="min-w-0 xl:col-start-2 xl:row-start-2">
            <ReleaseHistory events={release.history} />
          </Card>
        </div>
      )}
    </>
  );
}

function LiveIndicator({ streaming, fetching }: { streaming: boolean; fetching: boolean }) {
  return (
    <span
      className="inline-flex items-center gap-1.5 text-xs text-slate-500"
      data-testid="live-indicator"
      title={streaming ? "Changes arrive as they happen" : "Reconnecting; checking for changes every 2 s meanwhile"}
    >
      <span aria-hidden className={`h-2 w-2 rounded-full ${streaming ? "bg-emerald-500" : fetching ? "bg-amber-400" : "bg-slate-300"}`} />
      {streaming ? "Live" : "Reconnecting…"}
    </span>
  );
}

function Versions({ release }: { release: ReleaseDetail }) {
  const { stable, candidate, previousStable, state } = release;
  const running = candidate !== null && state !== "rolled_back";
  // the target the Rollback button goes back to (release.rollback, the one derivation), not the warm previous stable
  const target = release.rollback.possible ? release.rollback.to : null;
  const targetRef =
    target === null
      ? null
      : target === stable?.version
        ? stable
        : target === previousStable?.version
          ? previousStable
          : { version: target, stage: null };
  const row = (label: string, v: { version: string; stage: string | null } | null, extra?: ReactNode) => (
    <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
      <dt className="w-40 text-slate-500">{label}</dt>
      <dd className="flex items-center gap-2">
        {v ? (
          <>
            <Link
              href={versionHref(release.model.key, v.version)}
              className="font-mono text-[13px] font-medium whitespace-nowrap text-brand-700 hover:underline"
            >
              {v.version}
            </Link>
            {v.stage && <StageBadge stage={v.stage} />}
            {extra}
          </>
        ) : (
          <span className="text-slate-500">none</span>
        )}
      </dd>
    </div>
  );
  return (
    <dl className="mt-5 space-y-2 border-t border-slate-200 pt-4 text-sm" aria-label="Versions">
      {row(
        "Stable",
        stable,
        stable?.promotedAt ? (
          <span className="text-xs text-slate-500">
            since <RelativeTime date={stable.promotedAt} />
          </span>
        ) : null,
      )}
      {running && row("Candidate", candidate)}
      {row(
        "Rollback target",
        targetRef,
        target === null ? (
          <span className="text-xs text-slate-500">nothing to roll back to</span>
        ) : (
          <span className="text-xs text-slate-500">what Rollback goes back to now</span>
        ),
      )}
      {previousStable &&
        previousStable.version !== target &&
        row("Previous stable", previousStable, <span className="text-xs text-slate-500">kept warm</span>)}
    </dl>
  );
}

function OpenIncidents({ release }: { release: ReleaseDetail }) {
  if (release.openIncidents.length === 0) return null;
  return (
    <Alert
      tone="warning"
      title={release.openIncidents.length === 1 ? "An incident is open" : `${release.openIncidents.length} incidents are open`}
      className="mb-6"
    >
      <ul className="space-y-1">
        {release.openIncidents.map((i) => (
          <li key={i.id}>
            <Link href={incidentHref(i.id)} className="font-medium underline hover:no-underline">
              Incident {i.fromVersion} → {i.toVersion}
            </Link>{" "}
            rolled back <RelativeTime date={i.rolledBackAt} /> by {i.triggeredBy}
            {i.reason ? <>: “{i.reason}”</> : null}
          </li>
        ))}
      </ul>
    </Alert>
  );
}
