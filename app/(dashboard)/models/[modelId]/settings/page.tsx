import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Card } from "@/components/ui/card";
import { requirePageUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { modelPolicyView, releasePointers } from "@/lib/lifecycle/page-queries";
import { DEFAULT_POLICY } from "@/lib/policy/policy";
import { policyText } from "@/lib/policy/policy-draft";
import { pendingPolicyChange } from "@/lib/lifecycle/policy-service";
import { getModel } from "@/lib/registry/queries";
import { ModelHeader } from "../_components/model-header";
import { PendingPolicyChange } from "./_components/pending-policy-change";
import { PolicyEditor } from "./_components/policy-editor";
import { PolicyReference } from "./_components/policy-reference";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ modelId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { modelId } = await params;
  return { title: `${modelId} settings` };
}

export default async function ModelSettingsPage({ params }: Props) {
  const user = await requirePageUser("policy:edit");
  const { modelId } = await params;
  const [model, pointers, policy, pending] = await Promise.all([
    getModel(db(), modelId),
    releasePointers(db(), modelId),
    modelPolicyView(db(), modelId),
    pendingPolicyChange(db(), modelId),
  ]);
  if (!model || !policy) notFound();

  return (
    <>
      <ModelHeader model={model} pointers={pointers} tab="settings" showSettings />
      {pending && <PendingPolicyChange model={model.key} change={pending} viewerId={user.id} />}
      <div className="grid grid-cols-1 items-start gap-6 xl:grid-cols-[minmax(0,1fr)_24rem]">
        <Card
          title="Policy"
          description="Policy as code: the eval gates a version must pass to enter STAGING, the approvals it needs for PROD, and the rollout and guardrail defaults. Every save is audited."
        >
          <PolicyEditor
            model={model.key}
            initialText={policy.text}
            updatedAt={policy.updatedAt}
            source={policy.source}
            defaultText={policyText(DEFAULT_POLICY)}
            storedIssues={policy.issues}
            isDefault={policy.isDefault}
          />
        </Card>
        <PolicyReference />
      </div>
    </>
  );
}
