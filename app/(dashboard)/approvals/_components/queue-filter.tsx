import { FilterLinks } from "@/components/ui/filter-links";
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
    <FilterLinks
      label="Which versions"
      className="mb-4"
      links={options.map((o) => ({
        key: o.value,
        label: (
          <>
            {o.label} <span className="tabular-nums">({o.count})</span>
          </>
        ),
        href: hrefWith("/approvals", params, { for: o.value === "you" ? undefined : o.value, page: undefined }),
        current: o.value === only,
      }))}
    />
  );
}
