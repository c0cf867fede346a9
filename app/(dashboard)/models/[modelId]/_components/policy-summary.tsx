import type { ReactNode } from "react";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CodeBlock } from "@/components/ui/code-block";
import type { ModelPolicyView } from "@/lib/lifecycle/page-queries";
import { issueLines, summarisePolicy } from "@/lib/policy/policy-draft";
import { modelSettingsHref } from "./model-tabs";

/**
 * The model's policy in a few lines, for everyone who opens the model: what a version must
 * score to enter STAGING, who must approve it, and how a release ramps. Admins get a link to
 * the editor; everyone can read the whole policy as JSON.
 */
export function PolicySummary({ view, canEdit }: { view: ModelPolicyView; canEdit: boolean }) {
  const summary = view.policy ? summarisePolicy(view.policy) : null;
  return (
    <Card
      id="policy"
      title="Policy"
      description={
        view.isDefault ? "This model runs on the default policy." : "What a version must pass to reach STAGING, and how it reaches PROD."
      }
      actions={
        canEdit ? (
          <ButtonLink href={modelSettingsHref(view.model.key)} variant="secondary" size="sm">
            Edit policy
          </ButtonLink>
        ) : undefined
      }
      className="mb-6"
    >
      {summary ? (
        <dl className="grid grid-cols-1 gap-x-6 gap-y-4 text-sm sm:grid-cols-2 xl:grid-cols-4">
          <Item label="Eval gates">
            {summary.gates.length === 0 ? (
              <span className="text-slate-500">None: any evaluation moves a DEV version to STAGING</span>
            ) : (
              <ul className="space-y-0.5">
                {summary.gates.map((g) => (
                  <li key={g} className="font-mono text-[13px]">
                    {g}
                  </li>
                ))}
              </ul>
            )}
          </Item>
          <Item label="Approvals required">{summary.approvals}</Item>
          <Item label="Ramp steps">{summary.ramp}</Item>
          <Item label="Bake time">{summary.bake}</Item>
        </dl>
      ) : (
        <div className="text-sm text-amber-900">
          <p className="font-medium">
            The stored policy is invalid, so evaluations and approvals of this model are refused until an admin fixes it.
          </p>
          <ul className="mt-2 list-disc space-y-0.5 pl-5">
            {issueLines(view.issues).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
      )}
      <details className="mt-4">
        <summary className="cursor-pointer text-sm text-brand-700 hover:underline">Show the policy as JSON</summary>
        <CodeBlock code={view.text} title="policy.json" copyLabel="Copy policy" maxHeight="28rem" className="mt-2" />
      </details>
    </Card>
  );
}

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase">{label}</dt>
      <dd className="mt-1 text-slate-900">{children}</dd>
    </div>
  );
}
