"use client";
import type { FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DialogActions } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/field";
import { Modal } from "./modal";
import { ReasonField } from "./reason-field";

/**
 * The rollback confirmation: says what will happen in the service's own words (the rollback
 * preview, e.g. "Traffic goes back to 2026-01-15.2; 2026-02-01.1 stops serving"), warns about
 * tenants pinned to the version being rolled back, and asks for a reason (it opens the incident).
 * Presentational: the caller runs the action and passes back `pending` and the errors.
 */
export function RollbackDialog({
  open,
  onClose,
  title,
  sentence,
  afterSentence,
  to,
  pinnedTenants = [],
  pending,
  disabled = false,
  error,
  reasonError,
  onConfirm,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  /** what the rollback does, one or two sentences */
  sentence: string;
  /** what happens to the version taken out of service (a candidate goes back to review, it is not rejected) */
  afterSentence?: string;
  /** the version traffic goes back to (names the confirm button) */
  to: string;
  pinnedTenants?: string[];
  pending: boolean;
  /** nothing can be rolled back now (the sentence says why) */
  disabled?: boolean;
  error: string | null;
  reasonError?: string;
  onConfirm: (reason: string) => void;
}) {
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    onConfirm(String(new FormData(e.currentTarget).get("reason") ?? ""));
  }
  return (
    <Modal open={open} onClose={() => !pending && onClose()} title={title}>
      <form onSubmit={submit} noValidate className="space-y-4">
        <Alert tone="warning" title={disabled ? "Nothing to roll back" : "What happens"}>
          <p data-testid="rollback-sentence">{sentence}</p>
          {afterSentence && (
            <p className="mt-1" data-testid="rollback-after">
              {afterSentence}
            </p>
          )}
          {pinnedTenants.length > 0 && (
            <p className="mt-1">Unpin those tenants afterwards if they must leave the rolled-back version too.</p>
          )}
        </Alert>
        <FormError title="The rollback was not made" message={error} />
        <ReasonField
          label="Reason"
          name="reason"
          required
          maxLength={1000}
          autoFocus
          placeholder="e.g. error rate 4x stable since 14:02"
          hint="Required. It opens the incident and stays in the audit trail."
          error={reasonError}
        />
        <DialogActions>
          <Button type="button" variant="secondary" onClick={onClose} disabled={pending}>
            Cancel
          </Button>
          <Button type="submit" variant="danger" disabled={pending || disabled}>
            {pending ? "Rolling back…" : `Roll back to ${to}`}
          </Button>
        </DialogActions>
      </form>
    </Modal>
  );
}
