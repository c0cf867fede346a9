"use client";
import { useState, type FormEvent } from "react";
import { describeForceRollback } from "@/components/release/force-rollback";
import { RollbackDialog } from "@/components/release/rollback-dialog";
import { Button } from "@/components/ui/button";
import { SelectField } from "@/components/ui/field";
import { ActionError } from "@/lib/query";
import { forceRollbackAction } from "@/lib/rollout/actions";
import type { ReleaseDetail } from "@/lib/rollout/queries";
import type { Notice } from "./notice";
import { moveErrorMessage, useReleaseMove } from "./use-release-move";

/**
 * Force rollback to a chosen earlier version (human in the loop): any version that was PROD
 * before and is neither deprecated nor archived (`release.forceRollbackTargets`), with a reason,
 * confirmed in the same dialog as a rollback. The service checks the target again.
 */
export function ForceRollbackForm({
  release,
  disabled,
  onNotice,
}: {
  release: ReleaseDetail;
  disabled: boolean;
  onNotice: (n: Notice | null) => void;
}) {
  const targets = release.forceRollbackTargets;
  const force = useReleaseMove(release.model.key, forceRollbackAction);
  const [chosen, setChosen] = useState<{ version: string; epoch: number; sentence: string } | null>(null);
  const [reasonError, setReasonError] = useState<string | undefined>();
  if (targets.length === 0) return null;

  const running = release.candidate !== null && release.state !== "rolled_back";

  function open(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const version = String(new FormData(e.currentTarget).get("toVersion") ?? "");
    if (!version) return;
    onNotice(null);
    force.reset();
    setReasonError(undefined);
    setChosen({
      version,
      epoch: release.epoch,
      sentence: describeForceRollback({ stable: release.stable, candidate: release.candidate, running }, version),
    });
  }

  function confirm(reason: string) {
    if (!chosen) return;
    if (reason.trim() === "") {
      setReasonError("is required: say why traffic goes back (on-call reads it in the incident)");
      return;
    }
    setReasonError(undefined);
    force.mutate(
      { modelKey: release.model.key, expectedEpoch: chosen.epoch, reason, toVersion: chosen.version },
      {
        onSuccess: (r) => {
          setChosen(null);
          onNotice({
            tone: "success",
            title: `Forced rollback: ${r.stable} serves all traffic`,
            body: `${r.rolledBackFrom} stopped serving. An incident was opened with your reason.`,
            incidentId: r.incidentId,
          });
        },
        // a stale page: the dialog closes; the refreshed page shows what a force rollback would do now
        onError: (err) => {
          if (err instanceof ActionError && err.code === "precondition_failed") {
            setChosen(null);
            onNotice({ tone: "warning", title: "The forced rollback was not made", body: moveErrorMessage(err) });
          }
        },
      },
    );
  }

  return (
    <>
      <details className="group rounded-md border border-slate-200 px-3 py-2">
        <summary className="cursor-pointer text-sm font-medium text-slate-800">Force rollback to an earlier version</summary>
        <form onSubmit={open} className="mt-3 flex flex-wrap items-end gap-2" aria-label="Force rollback">
          <SelectField
            label="Version"
            name="toVersion"
            className="min-w-48 flex-1"
            hint="Versions that were in production and are still supported."
          >
            {targets.map((t) => (
              <option key={t.version} value={t.version}>
                {t.version} ({t.stage.toLowerCase().replace("_", " ")})
              </option>
            ))}
          </SelectField>
          <Button type="submit" variant="danger" disabled={disabled || force.isPending} className="mb-5">
            Force rollback…
          </Button>
        </form>
      </details>
      <RollbackDialog
        open={chosen !== null}
        onClose={() => setChosen(null)}
        title={`Force a rollback to ${chosen?.version ?? ""}?`}
        sentence={chosen?.sentence ?? ""}
        to={chosen?.version ?? ""}
        pending={force.isPending}
        error={force.isError ? moveErrorMessage(force.error) : null}
        reasonError={reasonError}
        onConfirm={confirm}
      />
    </>
  );
}
