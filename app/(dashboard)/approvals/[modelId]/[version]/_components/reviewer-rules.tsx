import { Badge } from "@/components/ui/badge";
import type { ReviewRule } from "@/lib/lifecycle/approval-queries";

type Person = { name: string; email: string };

const names = (people: Person[]) => people.map((p) => p.name || p.email).join(", ");

/**
 * The model's named-reviewer rules: each with who met it, who can still, and whether it names the
 * viewer. Every rule must be met before the version can move on.
 */
export function ReviewerRules({ rules }: { rules: ReviewRule[] }) {
  if (rules.length === 0) return null;
  return (
    <div className="mt-3">
      <h3 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Named reviewers — every rule must be met</h3>
      <ol className="mt-2 space-y-2" aria-label="Approval rules">
        {rules.map((r) => {
          const still = r.required - r.approvedBy.length;
          return (
            <li
              key={r.index}
              className="rounded-md border border-slate-200 px-3 py-2 text-sm"
              data-testid={`approval-rule-${r.index}`}
              aria-label={`Rule ${r.index + 1}: ${r.met ? "met" : "waiting"}`}
            >
              <div className="flex flex-wrap items-center justify-between gap-2">
                <span className="font-medium text-slate-900">
                  {r.required} of{" "}
                  {r.reviewers.map((ref, i) => (
                    <span key={ref.ref}>
                      {i > 0 && ", "}
                      <span title={ref.ref}>{ref.kind === "team" ? `team ${ref.label}` : ref.label}</span>
                    </span>
                  ))}
                </span>
                {r.met ? (
                  <Badge tone="success" dot>
                    Met
                  </Badge>
                ) : (
                  <Badge tone="warning" dot>
                    {still} more needed
                  </Badge>
                )}
              </div>
              {r.approvedBy.length > 0 && <p className="mt-1 text-slate-600">Approved by {names(r.approvedBy)}.</p>}
              {!r.met && (
                <p className="mt-1 text-slate-600">
                  {r.canStill.length > 0 ? (
                    <>Can still approve: {names(r.canStill)}.</>
                  ) : (
                    <span className="text-red-700">
                      Nobody it names can approve now (no enabled approver or admin besides the registrant): an admin must add one.
                    </span>
                  )}
                </p>
              )}
              {r.namesViewer && <p className="mt-1 text-xs text-slate-500">This rule names you.</p>}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
