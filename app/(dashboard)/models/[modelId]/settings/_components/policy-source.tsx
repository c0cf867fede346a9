"use client";
import { RelativeTime } from "@/components/ui/relative-time";
import type { PolicySource } from "@/lib/lifecycle/policy-service";

const VIA: Record<string, string> = {
  ui: "saved in Rollgate",
  api: "applied through the API",
  seed: "written by the demo seed",
  system: "written by a script",
};

/**
 * Where the policy in force came from, so an admin editing here knows whether CI owns it
 * (`rollgate policy apply` from a policy.yaml in git) before overwriting it by hand.
 */
export function PolicySourceLine({ source }: { source: PolicySource }) {
  return (
    <p className="text-sm text-slate-600" data-testid="policy-source">
      <span className="font-medium text-slate-800">Revision {source.revision}</span>
      {source.at ? (
        <>
          {" · "}
          {VIA[source.via ?? ""] ?? `written (${source.via ?? "unknown"})`}
          {source.actor ? ` by ${source.actor}` : ""} · <RelativeTime date={source.at} />
          {source.via === "api" && (
            <span className="block text-slate-500">
              This model&apos;s policy is applied from code: a change saved here is overwritten by the next apply unless it also goes into
              the policy file.
            </span>
          )}
        </>
      ) : (
        " · as registered: not changed since"
      )}
    </p>
  );
}
