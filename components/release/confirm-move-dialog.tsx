"use client";
import type { FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { DialogActions } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/field";
import { Modal } from "./modal";
import { ReasonField } from "./reason-field";

/**
 * Confirms a release move that cannot be undone by another click (promote now, abort): says what
 * it does and takes an optional reason for the audit trail. Presentational.
 */
export function ConfirmMoveDialog({
  open,
  onClose,
  title,
  sentence,
  confirmLabel,
  danger = false,
  pending,
  error,
  onConfirm,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  sentence: string;
  confirmLabel: string;
  danger?: boolean;
  pending: boolean;
  error: string | null;
  onConfirm: (reason: string) => void;
}) {
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    onConfirm(String(new FormData(e.currentTarget).get("reason") ?? ""));
  }
  return (
    <Modal open={open} onClose={() => !pending && onClose()} title={title} description={sentence}>
      <form onSubmit={submit} noValidate className="space-y-4">
        <FormError title="The release was not changed" message={error} />
        <ReasonField label="Reason (optional)" name="reason" maxLength={1000} rows={2} hint="Kept in the audit trail." />
        <DialogActions>
          <Button type="button" variant="secondary" onClick={onClose} disabled={pending}>
            Cancel
          </Button>
          <Button type="submit" variant={danger ? "danger" : "primary"} disabled={pending}>
            {pending ? "Working…" : confirmLabel}
          </Button>
        </DialogActions>
      </form>
    </Modal>
  );
}
