"use client";
import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";
import { approveVersionAction, rejectVersionAction } from "@/lib/lifecycle/approval-actions";
import { TextAreaField as CommentField } from "@/components/ui/field";
import { ConfirmApproveButton } from "./confirm-approve-button";

/**
 * Approve (comment optional) and reject (comment required) for a reviewer who may decide.
 *
 * `approveBlocked` disables Approve with the reason shown (four-eyes, an account the registrant
 * created or promoted within the independence window, a failed latest
 * evaluation, an invalid policy). That is a courtesy: the service checks every rule again and a
 * request that gets past the page is refused with the same words, shown here. While either
 * request is in flight both buttons are disabled; the service records one decision per reviewer
 * whatever arrives.
 */
export function DecisionForms({
  modelKey,
  version,
  approveBlocked,
  isRegistrant,
  isDependent = false,
  completesHint,
}: {
  modelKey: string;
  version: string;
  approveBlocked: string | null;
  isRegistrant: boolean;
  /** the registrant created this reviewer's account or granted their role recently (separation of duties) */
  isDependent?: boolean;
  /** set when this approval would complete the required count: what happens then (its release starts) */
  completesHint: string | null;
}) {
  const router = useRouter();
  const approve = useActionForm(["comment"]);
  const reject = useActionForm(["comment"]);
  const pending = approve.pending || reject.pending;

  function onApprove(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const comment = String(new FormData(e.currentTarget).get("comment") ?? "");
    reject.setError(null);
    approve.run(
      () => approveVersionAction({ modelKey, version, comment }),
      () => router.refresh(),
    );
  }

  function onReject(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const comment = String(new FormData(e.currentTarget).get("comment") ?? "");
    approve.setError(null);
    reject.run(
      () => rejectVersionAction({ modelKey, version, comment }),
      () => router.refresh(),
    );
  }

  return (
    <div className="space-y-5">
      {approveBlocked && (
        <Alert tone="warning" title={approveBlocked}>
          {isRegistrant
            ? "Another approver must review it. You can still reject it to withdraw it from review."
            : isDependent
              ? "An approver independent of the registrant must review it. You can still reject it."
              : "Approve stays disabled until this is resolved; you can still reject it."}
        </Alert>
      )}
      <form onSubmit={onApprove} noValidate aria-label="Approve this version" className="space-y-3">
        <FormError title="The approval was not recorded" message={approve.error} onDismiss={() => approve.setError(null)} />
        <CommentField
          label="Approval comment (optional)"
          name="comment"
          maxLength={4000}
          disabled={!!approveBlocked}
          hint={
            approveBlocked
              ? "Approve is not available to you for this version (see above)."
              : (completesHint ?? "Your approval counts towards the required number; the version stays in STAGING until that is reached.")
          }
          error={approve.fields.comment}
        />
        <ConfirmApproveButton version={version} effect={completesHint} disabled={pending || !!approveBlocked} pending={approve.pending} />
      </form>
      <form onSubmit={onReject} noValidate aria-label="Reject this version" className="space-y-3 border-t border-slate-200 pt-5">
        <FormError title="The rejection was not recorded" message={reject.error} onDismiss={() => reject.setError(null)} />
        <CommentField
          label="Reason for rejecting"
          name="comment"
          maxLength={4000}
          hint="Required: say what must change. The version moves to Rejected and leaves the queue."
          error={reject.fields.comment}
        />
        <Button type="submit" variant="danger" disabled={pending}>
          {reject.pending ? "Rejecting…" : "Reject"}
        </Button>
      </form>
    </div>
  );
}
