import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import type { ApprovalDto } from "@/lib/registry/queries";

/** Every decision recorded on the version, oldest first: who, what, why and when. */
export function DecisionsList({ decisions }: { decisions: ApprovalDto[] }) {
  if (decisions.length === 0) return <p className="px-5 py-4 text-sm text-slate-600">No decisions yet.</p>;
  return (
    <ol aria-label="Decisions" className="divide-y divide-slate-100">
      {decisions.map((d) => (
        <li key={`${d.reviewer.id}-${d.createdAt}`} className="px-5 py-3 text-sm">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <span className="min-w-0">
              <span className="font-medium text-slate-900">{d.reviewer.name}</span>{" "}
              <span className="text-slate-500">{d.reviewer.email}</span>
            </span>
            <span className="flex items-center gap-2">
              {d.decision === "approved" ? (
                <Badge tone="success" dot>
                  approved
                </Badge>
              ) : (
                <Badge tone="danger" dot>
                  rejected
                </Badge>
              )}
              {d.invalidatedAt && (
                <Badge tone="neutral">
                  no longer counts: rolled back <RelativeTime date={d.invalidatedAt} />
                </Badge>
              )}
              <RelativeTime date={d.createdAt} className="text-xs text-slate-500" />
            </span>
          </div>
          {d.comment ? (
            <p className="mt-1 whitespace-pre-line text-slate-700">{d.comment}</p>
          ) : (
            <p className="mt-1 text-slate-500">No comment</p>
          )}
        </li>
      ))}
    </ol>
  );
}
