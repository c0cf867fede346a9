"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";

/**
 * Admins: sign a checkpoint of the chain's head now (POST /api/v1/audit/checkpoints), e.g.
 * right before an export is handed to an auditor.
 */
export function SignCheckpointButton() {
  const [state, setState] = useState<{ kind: "idle" | "running" } | { kind: "done" | "failed"; message: string }>({ kind: "idle" });

  async function sign() {
    setState({ kind: "running" });
    try {
      const res = await fetch("/api/v1/audit/checkpoints", { method: "POST", headers: { accept: "application/json" } });
      const body = (await res.json().catch(() => null)) as { position?: string; error?: { message?: string } } | null;
      if (!res.ok) {
        setState({ kind: "failed", message: body?.error?.message || `The server answered ${res.status}.` });
        return;
      }
      setState({ kind: "done", message: `Signed a checkpoint at event #${body?.position ?? "?"}.` });
    } catch {
      setState({ kind: "failed", message: "The server could not be reached." });
    }
  }

  return (
    <span className="inline-flex items-center gap-2">
      <Button type="button" variant="secondary" onClick={() => void sign()} disabled={state.kind === "running"}>
        {state.kind === "running" ? "Signing…" : "Sign checkpoint now"}
      </Button>
      <span role="status" className={state.kind === "failed" ? "text-sm font-medium text-red-700" : "text-sm text-slate-600"}>
        {"message" in state ? state.message : ""}
      </span>
    </span>
  );
}
