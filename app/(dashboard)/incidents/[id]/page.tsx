import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { versionHref } from "@/components/registry/hrefs";
import { releaseHref } from "@/components/release/hrefs";
import { QueryProvider } from "@/components/providers/query-provider";
import { IncidentCharts } from "@/components/release/incident-charts";
import { IncidentTimeline } from "@/components/release/incident-timeline";
import { IncidentMetrics } from "@/components/release/incident-metrics";
import { MetricsCompare } from "@/components/release/metrics-compare";
import { IncidentStatusBadge, triggerLabel } from "@/components/release/release-badges";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { DateTime } from "@/components/ui/date-time";
import { toEpochMs } from "@/lib/time/format";
import { roleCan } from "@/lib/auth/permissions";
import { requirePageUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { afterRollbackOf, beforeStats } from "@/lib/guardrails/incident-metrics";
import { releasePointers } from "@/lib/lifecycle/page-queries";
import { getIncident, type IncidentDetail } from "@/lib/rollout/incidents";
import { CauseForm, CloseForm, NoteForm } from "./_components/incident-forms";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  return { title: `Incident ${id}` };
}

/** "4 min", "1 h 12 min": how long the rollout ran before it was rolled back. */
function duration(fromIso: string, toIso: string): string {
  const minutes = Math.max(0, Math.round((toEpochMs(toIso) - toEpochMs(fromIso)) / 60_000));
  if (minutes < 1) return "under a minute";
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function Summary({ i }: { i: IncidentDetail }) {
  const fact = (label: string, value: React.ReactNode) => (
    <div className="grid grid-cols-1 gap-0.5 sm:grid-cols-[11rem_minmax(0,1fr)] sm:gap-4">
      <dt className="text-slate-500">{label}</dt>
      <dd className="min-w-0 text-slate-900">{value}</dd>
    </div>
  );
  const version = (v: string) => (
    <Link href={versionHref(i.model, v)} className="font-mono text-[13px] font-medium text-brand-700 hover:underline">
      {v}
    </Link>
  );
  return (
    <dl className="space-y-2.5 text-sm" aria-label="Summary">
      {fact(
        "Model",
        <Link href={releaseHref(i.model)} className="font-mono text-[13px] text-brand-700 hover:underline">
          {i.model}
        </Link>,
      )}
      {fact(
        "Rolled back",
        <>
          {version(i.fromVersion)} → {version(i.toVersion)}
        </>,
      )}
      {fact(
        "Triggered by",
        <>
          {triggerLabel(i.trigger)} · {i.triggeredBy}
        </>,
      )}
      {fact(
        "Reason",
        <p className="whitespace-pre-line" data-testid="incident-reason">
          {i.reason || "—"}
        </p>,
      )}
      {fact(
        "Rollout started",
        i.rolloutStartedAt ? (
          <>
            <DateTime value={i.rolloutStartedAt} /> (<RelativeTime date={i.rolloutStartedAt} />)
          </>
        ) : (
          "— (a rollback after the rollout completed)"
        ),
      )}
      {fact(
        "Rolled back at",
        <>
          <DateTime value={i.rolledBackAt} /> (<RelativeTime date={i.rolledBackAt} />)
        </>,
      )}
      {i.rolloutStartedAt && fact("Time in rollout", duration(i.rolloutStartedAt, i.rolledBackAt))}
      {fact(
        "Release epoch",
        <span className="font-mono text-[13px]">
          {i.epochBefore} → {i.epochAfter}
        </span>,
      )}
    </dl>
  );
}

export default async function IncidentPage({ params }: Props) {
  const user = await requirePageUser("models:read");
  const { id } = await params;
  const incident = await getIncident(db(), id);
  if (!incident) notFound();
  const canWork = roleCan(user.role, "release:operate");
  const open = incident.status === "open";
  const editable = canWork && open;
  const before = beforeStats(incident.metricsBefore);
  const after = before.stats ? await afterRollbackOf(db(), incident.model, incident.toVersion, incident.rolledBackAt) : null;
  const hasMetrics = incident.metricsBefore != null || incident.metricsAfter != null;
  const pointers = await releasePointers(db(), incident.model);

  return (
    <>
      <PageHeaderFor i={incident} />
      {!open && (
        <Alert tone="info" title="Closed" className="mb-6">
          Closed by {incident.closedBy ?? "someone"} {incident.closedAt && <RelativeTime date={incident.closedAt} />}. A closed incident is
          final; its record stays in the audit trail.
        </Alert>
      )}
      {open && !canWork && (
        <Alert tone="info" title="Read-only" className="mb-6">
          On-call (operators, approvers and admins) add notes, record the root cause and close incidents.
        </Alert>
      )}
      <div className="grid grid-cols-1 items-start gap-6 xl:grid-cols-[minmax(0,1fr)_28rem]">
        <aside className="min-w-0 space-y-6 xl:order-2">
          <Card title="Root cause and prevention" id="cause">
            {editable ? (
              <CauseForm incidentId={incident.id} rootCause={incident.rootCause} prevention={incident.prevention} />
            ) : (
              <dl className="space-y-3 text-sm">
                <div>
                  <dt className="font-medium text-slate-800">Root cause</dt>
                  <dd className="mt-0.5 whitespace-pre-line text-slate-700">
                    {incident.rootCause || <span className="text-slate-500">Not recorded</span>}
                  </dd>
                </div>
                <div>
                  <dt className="font-medium text-slate-800">Prevention task</dt>
                  <dd className="mt-0.5 whitespace-pre-line text-slate-700">
                    {incident.prevention || <span className="text-slate-500">Not recorded</span>}
                  </dd>
                </div>
              </dl>
            )}
          </Card>
          {editable && (
            <Card title="Close the incident" id="close">
              <CloseForm incidentId={incident.id} hasRootCause={incident.rootCause.trim() !== ""} />
            </Card>
          )}
          <Card title="Notes" id="notes" flush>
            {incident.notes.length === 0 ? (
              <p className="px-5 py-4 text-sm text-slate-500">No notes yet.</p>
            ) : (
              <ol aria-label="Notes" className="divide-y divide-slate-100">
                {incident.notes.map((n) => (
                  <li key={n.id} className="px-5 py-3 text-sm">
                    <p className="text-xs text-slate-500">
                      <span className="font-medium text-slate-700">{n.author}</span> · <RelativeTime date={n.createdAt} />
                    </p>
                    <p className="mt-1 whitespace-pre-line text-slate-800">{n.body}</p>
                  </li>
                ))}
              </ol>
            )}
            {editable && (
              <div className="border-t border-slate-200 px-5 py-4">
                <NoteForm incidentId={incident.id} />
              </div>
            )}
          </Card>
        </aside>
        <div className="min-w-0 space-y-6 xl:order-1">
          <Card title="Summary">
            <Summary i={incident} />
          </Card>
          {before.stats ? (
            <Card
              title="Metrics before and after"
              description={`Before: ${incident.fromVersion} in the minutes up to the rollback. After: ${incident.toVersion} since the rollback, live.`}
              flush
            >
              <IncidentMetrics
                before={before.stats}
                after={after}
                decision={before.decision}
                fromVersion={incident.fromVersion}
                toVersion={incident.toVersion}
              />
            </Card>
          ) : (
            hasMetrics && (
              <Card title="Metrics before and after" description="What the guardrail saw when it rolled back, and after." flush>
                <MetricsCompare before={incident.metricsBefore} after={incident.metricsAfter} />
              </Card>
            )
          )}
          <Card
            title="Around the rollback"
            description={`${incident.fromVersion} and ${incident.toVersion}, from the rollout's start (at most an hour before the rollback) until an hour after it.`}
          >
            <QueryProvider>
              <IncidentCharts
                modelKey={incident.model}
                fromVersion={incident.fromVersion}
                toVersion={incident.toVersion}
                rolloutStartedAt={incident.rolloutStartedAt}
                rolledBackAt={incident.rolledBackAt}
                roles={{ stable: pointers.stableVersion, candidate: pointers.candidateVersion }}
              />
            </QueryProvider>
          </Card>
          <Card title="Timeline" description="The model's events from the rollout's start until now, with the notes.">
            <IncidentTimeline entries={incident.timeline} />
          </Card>
        </div>
      </div>
    </>
  );
}

function PageHeaderFor({ i }: { i: IncidentDetail }) {
  return (
    <PageHeader
      breadcrumbs={[{ label: "Incidents", href: "/incidents" }, { label: `${i.model} ${i.fromVersion} → ${i.toVersion}` }]}
      title={`Incident: ${i.model} ${i.fromVersion} → ${i.toVersion}`}
      meta={
        <>
          <IncidentStatusBadge status={i.status} />
          <span>
            Opened <RelativeTime date={i.rolledBackAt} /> by {i.triggeredBy}
          </span>
        </>
      }
      actions={
        <ButtonLink href={releaseHref(i.model)} variant="secondary">
          Release page
        </ButtonLink>
      }
    />
  );
}
