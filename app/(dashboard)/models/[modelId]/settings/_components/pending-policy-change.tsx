"use client";
import { Alert } from "@/components/ui/alert";
import { DateTime } from "@/components/ui/date-time";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";
import { confirmPolicyChangeAction, discardPolicyChangeAction } from "@/lib/lifecycle/policy-actions";
import { policyText } from "@/lib/policy/policy-draft";
import type { PendingPolicyChangeView } from "@/lib/lifecycle/policy-service";

/**
 * A policy change that weakens the approval gate, waiting for a second admin. Confirm is not
 * offered to its proposer (the service refuses it anyway, with the same words); any admin may
 * discard it.
 */
export function PendingPolicyChange({ model, change, viewerId }: { model: string; change: PendingPolicyChangeView; viewerId: string }) {
  // a full reload: the editor below shows the policy in force, which a confirmation changes
  const reload = () => window.location.reload();
  const confirm = useActionForm([]);
  const discard = useActionForm([]);
  const busy = confirm.pending || discard.pending;
  const own = change.proposedById === viewerId;
  return (
    <Alert tone="warning" title="A policy change is waiting for a second admin" className="mb-6">
      <p>
        {change.proposedBy} proposed, at <DateTime value={change.proposedAt} precision="minute" />, a change that weakens the approval gate:{" "}
        {change.weakens.join("; ")}. It is not applied until another admin confirms it; the policy in the editor below is the one in force.
      </p>
      {change.noOtherAdmin && (
        <p className="mt-2 font-medium">
          There is no other enabled admin in this installation, so nobody can confirm it: it stays pending until one exists.
        </p>
      )}
      {own && <p className="mt-2">You proposed it, so you cannot confirm it yourself. You can discard it.</p>}
      <details className="mt-2">
        <summary className="cursor-pointer">Proposed policy</summary>
        <pre className="mt-2 max-h-80 overflow-auto rounded bg-white p-2 font-mono text-[12px] text-slate-900">
          {policyText(change.policy)}
        </pre>
      </details>
      <FormError title="Not confirmed" message={confirm.error} onDismiss={() => confirm.setError(null)} />
      <FormError title="Not discarded" message={discard.error} onDismiss={() => discard.setError(null)} />
      <div className="mt-3 flex flex-wrap gap-3">
        <Button
          type="button"
          variant="primary"
          size="sm"
          disabled={busy || own}
          onClick={() => confirm.run(() => confirmPolicyChangeAction({ model, id: change.id }), reload)}
        >
          {confirm.pending ? "Confirming…" : "Confirm and apply"}
        </Button>
        <Button
          type="button"
          variant="ghost"
          size="sm"
          disabled={busy}
          onClick={() => discard.run(() => discardPolicyChangeAction({ model, id: change.id }), reload)}
        >
          {discard.pending ? "Discarding…" : "Discard"}
        </Button>
      </div>
    </Alert>
  );
}
