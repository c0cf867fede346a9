import Link from "next/link";
import { cx } from "@/components/ui/cx";
import { hrefWith, type SearchParams } from "@/components/ui/table-params";
import type { QueueFilter } from "@/lib/lifecycle/approval-queries";
import type { WaitingCounts } from "@/lib/lifecycle/whose-turn";

/** "Waiting for you (2) · Waiting for others (3) · All (5)": which part of the queue is listed. */
export function QueueFilterLinks({ params, only, counts }: { params: SearchParams; only: QueueFilter; counts: WaitingCounts }) {
  const options: { value: QueueFilter; label: string; count: number }[] = [
    { value: "you", label: "Waiting for you", count: counts.forYou },
    { value: "others", label: "Waiting for others", count: counts.forOthers },
    { value: "all", label: "All", count: counts.forYou + counts.forOthers },
  ];
  return (
    <nav aria-label="Which versions" className="mb-4 flex flex-wrap gap-2 text-sm">
      {options.map((o) => {
        const current = o.value === only;
        return (
          <Link
            key={o.value}
            href={hrefWith("/approvals", params, { for: o.value === "you" ? undefined : o.value, page: undefined })}
            aria-current={current ? "page" : undefined}
            className={cx(
              "rounded-full border px-3 py-1 font-medium",
              current ? "border-brand-600 bg-brand-600 text-white" : "border-slate-300 bg-white text-slate-700 hover:bg-slate-50",
            )}
          >
            {o.label} <span className="tabular-nums">({o.count})</span>
          </Link>
        );
      })}
    </nav>
  );
}
