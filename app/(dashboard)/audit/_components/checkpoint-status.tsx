import { RelativeTime } from "@/components/ui/relative-time";
import { cx } from "@/components/ui/cx";
import type { CheckpointDto } from "@/lib/audit/checkpoint";

export type CheckpointStatusProps = {
  latest: CheckpointDto | null;
  /** null: the signature holds under the configured key; otherwise why not */
  signatureProblem: string | null;
  keyId: string | undefined;
  head: string | null;
};

/**
 * The newest signed checkpoint: which event it vouches for, when, and whether its signature
 * holds under this server's key. "Verify chain" then holds every event to the checkpoints.
 */
export function CheckpointStatus({ latest, signatureProblem, keyId, head }: CheckpointStatusProps) {
  if (!keyId) return null;
  if (!latest) {
    return (
      <p className="text-sm text-slate-600" data-testid="checkpoint-status">
        No signed checkpoint yet{head ? "" : ": the trail is empty"}. Checkpoints are signed at start-up and as events are added.
      </p>
    );
  }
  const behind = head ? BigInt(head) - BigInt(latest.position) : 0n;
  return (
    <p className="text-sm text-slate-700" data-testid="checkpoint-status">
      Latest signed checkpoint: event #{latest.position} ({latest.eventCount} events), signed <RelativeTime date={latest.signedAt} /> with
      key <span className="font-mono">{latest.keyId}</span> —{" "}
      <span className={cx("font-medium", signatureProblem ? "text-red-700" : "text-emerald-700")}>
        {signatureProblem ? `signature not valid: ${signatureProblem}` : "signature valid"}
      </span>
      {behind > 0n ? (
        <span className="text-slate-500">
          ; {behind.toString()} newer {behind === 1n ? "event" : "events"} not yet covered
        </span>
      ) : null}
      .
    </p>
  );
}
