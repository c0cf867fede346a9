"use client";
import { useState } from "react";
import { ConfirmMoveDialog } from "@/components/release/confirm-move-dialog";
import { RollbackDialog } from "@/components/release/rollback-dialog";
import { formatPercent } from "@/lib/format/numbers";
import { Button } from "@/components/ui/button";
import { ActionError } from "@/lib/query";
import { abortAction, advanceAction, pauseAction, promoteNowAction, resumeAction, rollbackAction } from "@/lib/rollout/actions";
import type { ReleaseDetail } from "@/lib/rollout/queries";
import { ForceRollbackForm } from "./force-rollback-form";
import type { Notice } from "./notice";
import { moveErrorMessage, useReleaseMove } from "./use-release-move";

/** A promote or abort being confirmed, with the epoch the page showed when the dialog opened. */
type Confirming = { move: "promote" | "abort"; epoch: number } | null;

/**
 * The operator's buttons (release:operate): each shown only when the state machine allows the
 * move now (`release.moves`); the server checks the role and the move again whatever is sent.
 * Every move carries the epoch the page shows, so a click on a stale page is refused (412) and
 * the page refreshes instead of acting on a state nobody saw.
 */
export function ReleaseControls({ release, onNotice }: { release: ReleaseDetail; onNotice: (n: Notice | null) => void }) {
  const modelKey = release.model.key;
  const { moves, candidate } = release;
  const advance = useReleaseMove(modelKey, advanceAction);
  const pause = useReleaseMove(modelKey, pauseAction);
  const resume = useReleaseMove(modelKey, resumeAction);
  const promote = useReleaseMove(modelKey, promoteNowAction);
  const abort = useReleaseMove(modelKey, abortAction);
  const rollback = useReleaseMove(modelKey, rollbackAction);
  const [confirming, setConfirming] = useState<Confirming>(null);
  // the rollback as it was when the dialog opened: confirming acts on what was read, at that epoch
  const [rollbackSeen, setRollbackSeen] = useState<{ epoch: number; rollback: ReleaseDetail["rollback"] } | null>(null);
  const [reasonError, setReasonError] = useState<string | undefined>();
  const busy = [advance, pause, resume, promote, abort, rollback].some((m) => m.isPending);

  const refused = (e: unknown) => onNotice({ tone: "danger", title: "The release was not changed", body: moveErrorMessage(e) });
  const base = { modelKey, expectedEpoch: release.epoch };
  const name = candidate?.version ?? "the candidate";
  const last = release.stepIndex >= release.steps.length - 1;
  const nextPercent = release.steps[release.stepIndex + 1]?.percent;

  function onAdvance() {
    onNotice(null);
    advance.mutate(base, {
      onSuccess: (r) =>
        onNotice(
          r.outcome === "completed"
            ? {
                tone: "success",
                title: `Rollout completed: ${r.stable} is the stable version`,
                body: r.previousStable ? `${r.previousStable} stays warm as the rollback target.` : undefined,
              }
            : { tone: "success", title: `Advanced: ${r.candidate?.version ?? name} serves ${formatPercent(r.candidate?.percent ?? 0)}` },
        ),
      onError: refused,
    });
  }

  function onPause() {
    onNotice(null);
    pause.mutate(base, {
      onSuccess: () => onNotice({ tone: "success", title: `Paused at ${formatPercent(candidate?.percent ?? 0)}` }),
      onError: refused,
    });
  }

  function onResume() {
    onNotice(null);
    resume.mutate(base, {
      onSuccess: () => onNotice({ tone: "success", title: "Resumed: the bake clock of this step restarted" }),
      onError: refused,
    });
  }

  /** A confirmation read at an older epoch is not re-used: the dialog closes and the page says why. */
  function closeIfMoved(e: unknown) {
    if (e instanceof ActionError && e.code === "precondition_failed") {
      setConfirming(null);
      refused(e);
    }
  }

  function openConfirm(move: "promote" | "abort") {
    onNotice(null);
    (move === "promote" ? promote : abort).reset();
    setConfirming({ move, epoch: release.epoch });
  }

  function openRollback() {
    onNotice(null);
    rollback.reset();
    setReasonError(undefined);
    setRollbackSeen({ epoch: release.epoch, rollback: release.rollback });
  }

  type Seen = NonNullable<typeof rollbackSeen>;

  function onRollback(reason: string, seen: Seen) {
    setRollbackSeen(seen);
    if (reason.trim() === "") {
      setReasonError("is required: say why traffic goes back (on-call reads it in the incident)");
      return;
    }
    setReasonError(undefined);
    rollback.mutate(
      { modelKey, expectedEpoch: seen.epoch, reason },
      {
        onSuccess: (r) => {
          setRollbackSeen(null);
          onNotice({
            tone: "success",
            title: `Rolled back: ${r.stable} serves all traffic`,
            body: `${r.rolledBackFrom} stopped serving${
              r.stages.some((s) => s.version === r.rolledBackFrom && s.to === "STAGING")
                ? " and is back in STAGING: a new approval rolls it out again"
                : ""
            }. An incident was opened with your reason.`,
            incidentId: r.incidentId,
          });
        },
      },
    );
  }

  // After a refusal because the release moved, the dialog shows the refreshed release's rollback,
  // to be read and confirmed again at the new epoch.
  const moved =
    rollback.error instanceof ActionError && (rollback.error.code === "precondition_failed" || rollback.error.code === "conflict");
  const shown: Seen | null = rollbackSeen && moved ? { epoch: release.epoch, rollback: release.rollback } : rollbackSeen;
  const dialogRollback = shown?.rollback;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap gap-2">
        {moves.advance && (
          <Button type="button" variant="primary" onClick={onAdvance} disabled={busy}>
            {advance.isPending
              ? "Advancing…"
              : last || nextPercent === undefined
                ? "Complete rollout"
                : `Advance to ${formatPercent(nextPercent)}`}
          </Button>
        )}
        {moves.pause && (
          <Button type="button" onClick={onPause} disabled={busy}>
            {pause.isPending ? "Pausing…" : "Pause"}
          </Button>
        )}
        {moves.resume && (
          <Button type="button" onClick={onResume} disabled={busy}>
            {resume.isPending ? "Resuming…" : "Resume"}
          </Button>
        )}
        {moves.promoteNow && (
          <Button type="button" onClick={() => openConfirm("promote")} disabled={busy}>
            Promote now
          </Button>
        )}
        {moves.abort && (
          <Button type="button" onClick={() => openConfirm("abort")} disabled={busy}>
            Abort
          </Button>
        )}
        <Button type="button" variant="danger" onClick={openRollback} disabled={busy || !moves.rollback} aria-describedby="rollback-what">
          Rollback
        </Button>
      </div>
      <p id="rollback-what" className="text-sm text-slate-600">
        {moves.rollback ? <>Rollback: {release.rollback.sentence}</> : release.rollback.sentence}
      </p>
      {!Object.values(moves).some(Boolean) && (
        <p className="text-sm text-slate-500">No rollout is running: approving a version starts the next one.</p>
      )}

      <ForceRollbackForm release={release} disabled={busy} onNotice={onNotice} />

      <RollbackDialog
        open={rollbackSeen !== null}
        onClose={() => setRollbackSeen(null)}
        title={`Roll back ${release.model.name || modelKey}?`}
        sentence={dialogRollback?.sentence ?? ""}
        afterSentence={dialogRollback?.possible ? dialogRollback.fromAfter.sentence : undefined}
        to={dialogRollback?.possible ? dialogRollback.to : "the stable version"}
        pinnedTenants={dialogRollback?.pinnedTenants}
        pending={rollback.isPending}
        disabled={!dialogRollback?.possible}
        error={rollback.isError ? moveErrorMessage(rollback.error) : null}
        reasonError={reasonError}
        onConfirm={(reason) => shown && onRollback(reason, shown)}
      />
      <ConfirmMoveDialog
        open={confirming?.move === "promote"}
        onClose={() => setConfirming(null)}
        title={`Promote ${name} now?`}
        sentence={`${name} takes all traffic at once and becomes the stable version, skipping the remaining steps; ${release.stable?.version ?? "the current stable"} stays warm as the rollback target.`}
        confirmLabel="Promote now"
        pending={promote.isPending}
        error={promote.isError ? moveErrorMessage(promote.error) : null}
        onConfirm={(reason) =>
          promote.mutate(
            { modelKey, expectedEpoch: confirming?.epoch, reason },
            {
              onSuccess: (r) => {
                setConfirming(null);
                onNotice({ tone: "success", title: `Promoted: ${r.stable} is the stable version` });
              },
              onError: closeIfMoved,
            },
          )
        }
      />
      <ConfirmMoveDialog
        open={confirming?.move === "abort"}
        onClose={() => setConfirming(null)}
        title={`Abort the rollout of ${name}?`}
        sentence={`${name} stops serving and is rejected; ${release.stable?.version ?? "the stable version"} serves all traffic. No incident is opened (use Rollback for a bad version).`}
        confirmLabel="Abort rollout"
        danger
        pending={abort.isPending}
        error={abort.isError ? moveErrorMessage(abort.error) : null}
        onConfirm={(reason) =>
          abort.mutate(
            { modelKey, expectedEpoch: confirming?.epoch, reason },
            {
              onSuccess: () => {
                setConfirming(null);
                onNotice({ tone: "success", title: `Aborted: ${name} no longer serves` });
              },
              onError: closeIfMoved,
            },
          )
        }
      />
    </div>
  );
}
