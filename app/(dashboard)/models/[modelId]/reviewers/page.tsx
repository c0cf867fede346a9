import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { requirePageUser } from "@/lib/auth/session";
import { roleCan } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { releasePointers } from "@/lib/lifecycle/page-queries";
import { modelReviewersView } from "@/lib/lifecycle/reviewer-queries";
import { getModel } from "@/lib/registry/queries";
import { ModelHeader } from "../_components/model-header";
import { modelSettingsHref } from "../_components/model-tabs";
import { OwnerTeamForm } from "./_components/owner-team-form";
import { ReviewersEditor } from "./_components/reviewers-editor";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ modelId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { modelId } = await params;
  return { title: `${modelId} reviewers` };
}

type Person = { email: string; name: string; canApprove: boolean };

function People({ people, empty }: { people: Person[]; empty: string }) {
  if (people.length === 0) return <p className="text-sm text-slate-600">{empty}</p>;
  return (
    <ul className="divide-y divide-slate-100 text-sm">
      {people.map((p) => (
        <li key={p.email} className="flex flex-wrap items-center justify-between gap-2 py-1.5">
          <span className="min-w-0">
            <span className="font-medium text-slate-900">{p.name}</span> <span className="text-slate-600">{p.email}</span>
          </span>
          {!p.canApprove && <Badge tone="muted">Cannot approve (role)</Badge>}
        </li>
      ))}
    </ul>
  );
}

export default async function ModelReviewersPage({ params }: Props) {
  const user = await requirePageUser("models:read");
  const { modelId } = await params;
  const [model, pointers, view] = await Promise.all([
    getModel(db(), modelId),
    releasePointers(db(), modelId),
    modelReviewersView(db(), modelId, user),
  ]);
  if (!model || !view) notFound();
  const admin = roleCan(user.role, "policy:edit");

  return (
    <>
      <ModelHeader model={model} pointers={pointers} tab="reviewers" showSettings={admin} />
      {view.pending && (
        <Alert tone="warning" title="A change loosening this model's approval gate waits for a second admin" className="mb-6">
          {view.pending.proposedBy} proposed: {view.pending.weakens.join("; ")}. The rules below stay in force until an admin confirms it
          {admin ? (
            <>
              {" "}
              on the <Link href={modelSettingsHref(view.model.key)}>Settings tab</Link>.
            </>
          ) : (
            "."
          )}
        </Alert>
      )}
      <div className="grid grid-cols-1 items-start gap-6 xl:grid-cols-[minmax(0,1fr)_24rem]">
        <Card
          title="Who approves a move to PROD"
          description={
            view.approvals
              ? view.approvals.rules.length
                ? `Every rule must be met, by distinct people it names, and at least ${view.approvals.required} ${view.approvals.required === 1 ? "approval" : "approvals"} in all. The person who registered a version never counts.`
                : `No named reviewers: ${view.approvals.required} ${view.approvals.required === 1 ? "approval" : "distinct approvals"} from any approver or admin other than the registrant.`
              : "The stored policy is invalid; an admin must fix it on the Settings tab first."
          }
        >
          {view.approvals && view.canEdit ? (
            <ReviewersEditor
              model={view.model.key}
              rules={view.approvals.rules}
              updatedAt={view.updatedAt}
              teams={view.teams}
              approvers={view.approvers}
            />
          ) : (
            <ol className="space-y-3">
              {view.approvals?.rules.map((r, i) => (
                <li key={i} className="rounded-md border border-slate-200 p-3" aria-label={`Rule ${i + 1}`}>
                  <p className="text-sm font-medium text-slate-900">
                    {r.required} of {r.reviewers.join(", ")}
                  </p>
                  <div className="mt-2">
                    <People people={r.people} empty="Nobody: no team member or account matches." />
                  </div>
                </li>
              ))}
            </ol>
          )}
          {view.approvals && !view.canEdit && (
            <p className="mt-4 text-sm text-slate-600">
              {view.owner ? `Admins and members of ${view.owner.name} can change these rules.` : "Admins can change these rules."}
            </p>
          )}
        </Card>
        <Card title="Owner team" description="Its members may change who approves this model.">
          {view.owner ? (
            <>
              <p className="mb-2 text-sm font-medium text-slate-900">
                {view.owner.name} <span className="font-mono text-xs text-slate-500">{view.owner.key}</span>
              </p>
              <People people={view.owner.members} empty="The team has no members yet." />
            </>
          ) : (
            <p className="text-sm text-slate-600">No owner team: only admins can change who approves this model.</p>
          )}
          {view.canChangeOwner && <OwnerTeamForm model={view.model.key} current={view.owner?.key ?? ""} teams={view.teams} />}
        </Card>
      </div>
    </>
  );
}
