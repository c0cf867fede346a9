import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import type { ApprovalDto } from "@/lib/registry/queries";

/**
 * Who decided on the version, in order, with their comment. While the version waits in
 * STAGING the count says how many approvals are still needed.
 */
export function Decisions({
  approvals,
  required,
  waiting,
}: {
  approvals: ApprovalDto[];
  /** the policy's approvals.required; null when the stored policy is invalid */
  required: number | null;
  /** the version is STAGING: decisions are still being collected */
  waiting: boolean;
}) {
  const approved = approvals.filter((a) => a.decision === "approved").length;
  return (
    <div className="text-sm">
      {waiting && required !== null && (
        <p className="border-b border-slate-100 px-5 py-3 text-slate-700">
          {approved} of {required} required {required === 1 ? "approval" : "approvals"}
          {approved < required ? `; ${required - approved} more needed before it is released to PROD.` : "."}
        </p>
      )}
      {approvals.length === 0 ? (
        <p className="px-5 py-4 text-slate-500">
          {waiting ? "No decisions yet: it is waiting in the approvals queue." : "No reviewer has decided on this version."}
        </p>
      ) : (
        <ol aria-label="Decisions" className="divide-y divide-slate-100">
          {approvals.map((a) => (
            <li key={`${a.reviewer.id}-${a.createdAt}`} className="px-5 py-3">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <span className="inline-flex min-w-0 items-center gap-2">
                  <Badge tone={a.decision === "approved" ? "success" : "danger"} dot>
                    {a.decision === "approved" ? "Approved" : "Rejected"}
                  </Badge>
                  <span className="truncate font-medium text-slate-900" title={a.reviewer.email}>
                    {a.reviewer.name || a.reviewer.email}
                  </span>
                </span>
                <RelativeTime date={a.createdAt} className="shrink-0 text-xs text-slate-500" />
              </div>
              {a.comment && <p className="mt-1 whitespace-pre-line text-slate-600">{a.comment}</p>}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
