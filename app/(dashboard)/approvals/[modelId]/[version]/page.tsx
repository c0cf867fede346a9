import { ReviewerRules } from "./_components/reviewer-rules";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { diffHref, modelHref, versionHref } from "@/components/registry/hrefs";
import { ManifestDiff } from "@/components/registry/manifest-diff";
import { RegisteredBy } from "@/components/registry/registered-by";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { StageBadge, stageLabel } from "@/components/ui/stage-badge";
import { requirePageUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { getApprovalReview, type ApprovalReview } from "@/lib/lifecycle/approval-queries";
import { releasePageHref } from "../../_components/approval-hrefs";
import { approvalProgress, ruledProgress } from "../../_components/approval-progress";
import { completingApprovalHint, rolloutSentence, rolloutSummary } from "../../_components/rollout-summary";
import { WaitingTime } from "../../_components/waiting-time";
import { DecisionForms } from "./_components/decision-forms";
import { DecisionsList } from "./_components/decisions-list";
import { GateResults } from "./_components/gate-results";
import { LineageList } from "./_components/lineage-list";
import { MetricsTable } from "./_components/metrics-table";
import { ReplaySummary } from "./_components/replay-summary";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ modelId: string; version: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { modelId, version } = await params;
  return { title: `Review ${modelId} ${version}` };
}

/** How the comparison version is named in headings: "PROD 2026-01-15.1". */
function baseLabel(r: ApprovalReview): string | null {
  if (!r.base) return null;
  if (r.base.kind === "prod") return `PROD ${r.base.version}`;
  if (r.base.kind === "replaced") return `${r.base.version} (previous PROD)`;
  return `parent ${r.base.version}`;
}

/** Why the version is not (or no longer) waiting for a decision, and where to go next. */
function StatusBanner({ r }: { r: ApprovalReview }) {
  const v = r.version;
  const modelLink = (
    <ButtonLink href={modelHref(r.model.key)} variant="secondary" size="sm">
      Open model page
    </ButtonLink>
  );
  const queueLink = (
    <ButtonLink href="/approvals" variant="ghost" size="sm">
      Back to approvals
    </ButtonLink>
  );
  const releaseLink = (
    <ButtonLink href={releasePageHref(r.model.key)} variant="secondary" size="sm">
      Open release page
    </ButtonLink>
  );
  const approvers = r.approvals.approvers.map((a) => a.name).join(", ");
  const approvedBy = approvers ? `Approved by ${approvers}. ` : "";
  if (v.stage === "STAGING") return null;
  // The approval started its rollout (lib/rollout): say how much traffic it has now.
  const release = r.release;
  if (v.stage === "ROLLING_OUT" && release && release.candidateVersion === v.version && release.state !== "rolled_back") {
    return (
      <Alert
        tone="success"
        title={`Approved — rolling out: ${rolloutSummary(release)}`}
        actions={
          <>
            {releaseLink}
            {modelLink}
          </>
        }
        className="mb-6"
      >
        {approvedBy}
        {rolloutSentence(release)}
      </Alert>
    );
  }
  if (v.stage === "PROD" && r.prodVersion === v.version) {
    const previous = release?.stableVersion === v.version ? release.previousStableVersion : null;
    return (
      <Alert
        tone="success"
        title="Approved — now in PROD"
        actions={
          <>
            {releaseLink}
            {modelLink}
            {queueLink}
          </>
        }
        className="mb-6"
      >
        {approvedBy}
        It is the stable version of the production release
        {previous ? `; ${previous} stays warm as PROD (previous), the rollback target.` : "; it is the model's first release."}
      </Alert>
    );
  }
  if (v.stage === "REJECTED") {
    const rejection = r.decisions.find((d) => d.decision === "rejected");
    if (!rejection && r.approvals.approvers.length > 0) {
      // approved, then its rollout was rolled back or aborted (lib/rollout: ROLLING_OUT → REJECTED)
      return (
        <Alert
          tone="warning"
          title="Approved — rollout stopped"
          actions={
            <>
              {releaseLink}
              {modelLink}
            </>
          }
          className="mb-6"
        >
          {approvedBy}
          Its rollout was rolled back or aborted, so it serves no traffic. The release page and its incidents say why; a fixed version is
          registered as a new version.
        </Alert>
      );
    }
    return (
      <Alert
        tone="warning"
        title="Rejected"
        actions={
          <>
            {modelLink}
            {queueLink}
          </>
        }
        className="mb-6"
      >
        {rejection
          ? `${rejection.reviewer.name} rejected it: “${rejection.comment}”. A fixed version is registered as a new version.`
          : "It was rejected and left the queue. A fixed version is registered as a new version."}
      </Alert>
    );
  }
  const why =
    v.stage === "DEV"
      ? "It enters STAGING, and this queue, when CI posts an evaluation that passes its model's policy."
      : "Only STAGING versions are reviewed.";
  return (
    <Alert
      tone="info"
      title={`Not waiting for a decision: it is ${stageLabel(v.stage)}`}
      actions={
        <>
          {modelLink}
          {queueLink}
        </>
      }
      className="mb-6"
    >
      {why}
    </Alert>
  );
}

function DecisionPanel({ r }: { r: ApprovalReview }) {
  const { state, approveBlocked, isRegistrant, dependent } = r.viewer;
  const { approved, required, remaining, approvers } = r.approvals;
  return (
    <Card title="Decision" id="decision">
      <p className="text-sm font-medium text-slate-900" data-testid="approval-progress">
        {r.rules.length > 0 ? ruledProgress(approved, remaining) : approvalProgress(approved, required)}
      </p>
      {approvers.length > 0 && (
        <p className="mt-1 text-sm text-slate-600">Approved so far by {approvers.map((a) => `${a.name} (${a.email})`).join(", ")}.</p>
      )}
      <ReviewerRules rules={r.rules} />
      <div className="mt-4">
        {state.kind === "open" && (
          <DecisionForms
            modelKey={r.model.key}
            version={r.version.version}
            approveBlocked={approveBlocked}
            isRegistrant={isRegistrant}
            isDependent={dependent !== null}
            completesHint={r.approvals.viewerCompletes && !approveBlocked ? completingApprovalHint(r.onApproval) : null}
          />
        )}
        {state.kind === "no-permission" && (
          <Alert tone="info" title="Only approvers and admins can decide">
            You can follow this review here; every decision also appears in the audit trail.
          </Alert>
        )}
        {state.kind === "decided" && (
          <Alert tone="info" title={`You ${state.decision} this version`}>
            <RelativeTime date={state.at} />. Each reviewer decides once
            {remaining
              ? `; ${remaining} more ${remaining === 1 ? "approval is" : "approvals are"} needed from other ${r.rules.length ? "named reviewers" : "approvers"}.`
              : "."}
          </Alert>
        )}
        {state.kind === "closed" && <p className="text-sm text-slate-600">No decision is open: it is {stageLabel(r.version.stage)}.</p>}
      </div>
      {r.pendingPolicyChange && (
        <Alert tone="warning" title="A change weakening this model's approval gate is pending" className="mt-4">
          {r.pendingPolicyChange.proposedBy} proposed: {r.pendingPolicyChange.weakens.join("; ")}. It is not applied: the count above is the
          policy in force until a second admin confirms the change on the model&apos;s Settings tab.
          {r.pendingPolicyChange.noOtherAdmin &&
            " There is no other enabled admin in this installation, so nobody can confirm it: it stays pending until one exists."}
        </Alert>
      )}
      {r.policy.ok === false && (
        <Alert tone="danger" title="The model's policy is invalid" className="mt-4">
          <ul className="list-disc pl-5">
            {r.policy.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </Alert>
      )}
    </Card>
  );
}

function DiffSection({ r }: { r: ApprovalReview }) {
  const v = r.version;
  let description: string;
  if (!r.base) {
    description = r.prodVersion
      ? "This version is PROD and replaced no earlier version."
      : v.parentVersion
        ? `First release: nothing in production to compare with, and its parent ${v.parentVersion} is not registered.`
        : "First release: nothing in production to compare with, and it names no parent.";
  } else if (r.base.kind === "parent") {
    description = `First release: nothing in production to compare with. Compared with its parent ${r.base.version}.`;
  } else if (r.base.kind === "replaced") {
    description = `Compared with ${r.base.version}, the PROD version it replaced.`;
  } else {
    description = `Compared with ${r.base.version}, the version in PROD now.`;
  }
  return (
    <section aria-labelledby="diff-heading" className="space-y-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 id="diff-heading" className="text-lg font-semibold text-slate-900">
            Manifest diff{r.base ? ` vs ${baseLabel(r)}` : ""}
          </h2>
          <p className="text-sm text-slate-600">{description}</p>
        </div>
        {r.base && (
          <Link href={diffHref(r.model.key, { from: r.base.version, to: v.version })} className="text-sm text-brand-700 hover:underline">
            Open in the diff view
          </Link>
        )}
      </div>
      {!r.diff ? (
        <EmptyState title="Nothing to compare with">Review the whole manifest on the version page instead.</EmptyState>
      ) : r.diff.changes.length === 0 ? (
        <EmptyState title="The manifests are identical">
          Every field, from the artifact to the rollout plan, is the same in both.
        </EmptyState>
      ) : (
        <ManifestDiff sections={r.diff.sections} />
      )}
    </section>
  );
}

function EvaluationSection({ r }: { r: ApprovalReview }) {
  const e = r.latestEvaluation;
  if (!e) {
    return (
      <Card title="Evaluation">
        <p className="text-sm text-slate-600">No evaluation has been recorded for this version.</p>
      </Card>
    );
  }
  const compared = r.base && r.base.kind !== "parent" ? baseLabel(r) : null;
  const staleBaseline = r.prodVersion && r.prodVersion !== r.version.version && e.baselineVersion !== r.prodVersion;
  return (
    <Card
      title="Evaluation"
      description={
        <>
          Latest of {r.version.evaluations.length} on <code className="font-mono text-[13px]">{e.dataset}</code>, posted by {e.createdBy}{" "}
          <RelativeTime date={e.createdAt} />.{" "}
          {e.passed ? "It passed every gate." : "It failed its gates: approval is blocked until a new evaluation passes."}
        </>
      }
      flush
    >
      {staleBaseline && (
        <Alert tone="warning" className="mx-5 mt-4" title="Its gates compared with another PROD version">
          The gates ran against {e.baselineVersion ?? "no PROD version"}, but PROD is now {r.prodVersion}. Evaluate it again to compare with
          the current PROD.
        </Alert>
      )}
      {r.baseEvaluation && r.baseEvaluation.dataset !== e.dataset && (
        <p className="px-5 pt-4 text-sm text-amber-800">
          {r.baseEvaluation.version} has no evaluation on this dataset; its values are from {r.baseEvaluation.dataset}.
        </p>
      )}
      {!compared && <p className="px-5 pt-4 text-sm text-slate-600">First release: no PROD evaluation to compare with.</p>}
      {compared && !r.baseEvaluation && (
        <p className="px-5 pt-4 text-sm text-slate-600">{compared} has no recorded evaluation, so there is nothing to compare with.</p>
      )}
      <div className="mt-3">
        <MetricsTable metrics={r.metrics} baseLabel={compared} />
      </div>
      <h3 className="border-t border-slate-200 px-5 pt-4 text-sm font-semibold text-slate-900">Gates</h3>
      <GateResults gates={r.gates} />
    </Card>
  );
}

export default async function ApprovalPage({ params }: Props) {
  const user = await requirePageUser("models:read");
  const { modelId, version } = await params;
  const r = await getApprovalReview(db(), modelId, version, user);
  if (!r) notFound();
  const v = r.version;
  const modelName = r.model.name || r.model.key;

  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: "Approvals", href: "/approvals" }, { label: modelName, href: modelHref(r.model.key) }, { label: v.version }]}
        title={`${modelName} ${v.version}`}
        meta={
          <>
            <StageBadge stage={v.stage} />
            {v.stage === "STAGING" && <WaitingTime since={v.stageChangedAt} asOf={r.asOf} />}
            <span className="inline-flex max-w-full min-w-0 flex-wrap items-center gap-x-1">
              Registered by <RegisteredBy label={v.registeredBy} type={v.registeredByType} /> <RelativeTime date={v.createdAt} />
            </span>
            {r.model.ownerTeam && <span>Owner {r.model.ownerTeamName ?? r.model.ownerTeam}</span>}
          </>
        }
        actions={
          <ButtonLink href={versionHref(r.model.key, v.version)} variant="secondary">
            Version page
          </ButtonLink>
        }
      />
      <StatusBanner r={r} />

      <div className="grid grid-cols-1 items-start gap-6 xl:grid-cols-[minmax(0,1fr)_26rem] 2xl:grid-cols-[minmax(0,1fr)_30rem]">
        {/* first in the DOM so narrow screens show the decision before the long diff */}
        <aside className="min-w-0 space-y-6 xl:order-2">
          <DecisionPanel r={r} />
          <Card title="Earlier decisions" flush>
            <DecisionsList decisions={r.decisions} />
          </Card>
          <Card title="Replay" id="replay">
            <ReplaySummary replay={r.replay} prodVersion={r.prodVersion !== v.version ? r.prodVersion : null} />
          </Card>
          <Card title="Lineage">
            <LineageList model={r.model.key} lineage={v.lineage} parentVersion={v.parentVersion} />
          </Card>
        </aside>
        <div className="min-w-0 space-y-6 xl:order-1">
          <Card title="Changelog" id="changelog">
            {v.changelog.trim() ? (
              <p className="text-sm whitespace-pre-line text-slate-800">{v.changelog}</p>
            ) : (
              <p className="text-sm text-slate-500">The manifest has no changelog.</p>
            )}
          </Card>
          <EvaluationSection r={r} />
          <DiffSection r={r} />
        </div>
      </div>
    </>
  );
}
