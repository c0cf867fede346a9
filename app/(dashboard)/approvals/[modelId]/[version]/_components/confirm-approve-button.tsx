"use client";
import { useState, type MouseEvent } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogActions } from "@/components/ui/dialog";

/** What recording an approval that does not complete the count does. */
export const COUNTING_APPROVAL =
  "Your approval is recorded and counts towards the required number; nothing starts yet: the version stays in STAGING until that is reached.";

/**
 * The Approve button of the decision form, with a confirmation: an approval that completes the
 * count starts a production rollout at once (a canary's first step, or 100 % for blue-green), so
 * the click first opens a dialog stating that effect in one sentence — mode, first step, which
 * version stays warm (`effect`, the same words as the hint above the button). Its confirm button
 * submits the surrounding form, so the form's own submit handler records the approval.
 */
export function ConfirmApproveButton({
  version,
  effect,
  disabled,
  pending,
}: {
  version: string;
  effect: string | null;
  disabled: boolean;
  pending: boolean;
}) {
  const [open, setOpen] = useState(false);
  // submits the surrounding form (its handler reads the comment and records the approval), then closes
  function confirm(e: MouseEvent<HTMLButtonElement>) {
    e.currentTarget.form?.requestSubmit();
    setOpen(false);
  }
  return (
    <>
      <Button type="button" variant="primary" disabled={disabled} onClick={() => setOpen(true)}>
        {pending ? "Approving…" : "Approve"}
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title={`Approve ${version}?`}
        description={<p data-testid="approve-effect">{effect ?? COUNTING_APPROVAL}</p>}
      >
        <DialogActions>
          <Button type="button" variant="secondary" onClick={() => setOpen(false)}>
            Cancel
          </Button>
          {/* the Approve button is the page's courtesy gate; the service checks every rule again */}
          <Button type="button" variant="primary" onClick={confirm}>
            Confirm approval
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
