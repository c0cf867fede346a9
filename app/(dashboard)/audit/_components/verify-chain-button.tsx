"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";

type Verification = {
  ok: boolean;
  events: number;
  firstBadSeq?: string;
  problem?: string;
  checkpoints?: { checked: number; latest: { position: string; signedAt: string } | null };
};
type State = { kind: "idle" } | { kind: "running" } | { kind: "done"; result: Verification } | { kind: "failed"; message: string };

function checkpointText(r: Verification): string {
  const c = r.checkpoints;
  if (!c) return "";
  if (!c.latest) return "; no signed checkpoint yet";
  return `, matching ${c.checked} signed ${c.checked === 1 ? "checkpoint" : "checkpoints"} (latest at event #${c.latest.position}, ${c.latest.signedAt})`;
}

/**
 * Recomputes the whole hash chain on the server and holds it to the signed checkpoints
 * (GET /api/v1/audit/verify, which accepts the session) and says what it found in a status region, so the outcome is announced.
 */
export function VerifyChainButton() {
  const [state, setState] = useState<State>({ kind: "idle" });

  async function verify() {
    setState({ kind: "running" });
    try {
      const res = await fetch("/api/v1/audit/verify", { cache: "no-store", headers: { accept: "application/json" } });
      const body = (await res.json().catch(() => null)) as (Verification & { error?: undefined }) | { error?: { message?: string } } | null;
      if (!res.ok || !body || ("error" in body && body.error)) {
        const message = body && "error" in body && body.error?.message;
        setState({ kind: "failed", message: message || `The server answered ${res.status}.` });
        return;
      }
      setState({ kind: "done", result: body as Verification });
    } catch {
      setState({ kind: "failed", message: "The server could not be reached." });
    }
  }

  const message =
    state.kind === "running"
      ? "Verifying the chain…"
      : state.kind === "failed"
        ? `Could not verify the chain: ${state.message}`
        : state.kind === "done"
          ? state.result.ok
            ? `Chain intact: ${state.result.events} ${state.result.events === 1 ? "event" : "events"} verified${checkpointText(state.result)}`
            : state.result.firstBadSeq
              ? `Chain broken at event #${state.result.firstBadSeq}: ${state.result.problem ?? "it does not match the chain"}`
              : `Verification failed: ${state.result.problem ?? "a checkpoint does not hold"}`
          : "";
  const tone = state.kind === "done" ? (state.result.ok ? "ok" : "bad") : state.kind === "failed" ? "bad" : "neutral";

  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button type="button" variant="secondary" onClick={() => void verify()} disabled={state.kind === "running"}>
        {state.kind === "running" ? "Verifying…" : "Verify chain"}
      </Button>
      <p
        role="status"
        data-testid="verify-chain-status"
        className={cx(
          "text-sm empty:hidden",
          tone === "ok" && "font-medium text-emerald-700",
          tone === "bad" && "font-medium text-red-700",
          tone === "neutral" && "text-slate-600",
        )}
      >
        {message}
      </p>
    </div>
  );
}
