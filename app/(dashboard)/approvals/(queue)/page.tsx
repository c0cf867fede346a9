import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { firstParam, pageInfo, parsePagination, type SearchParams } from "@/components/ui/table-params";
import { roleCan } from "@/lib/auth/permissions";
import { requirePageUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { listApprovalQueue, type QueueFilter } from "@/lib/lifecycle/approval-queries";
import { QueueFilterLinks } from "../_components/queue-filter";
import { QueueTable } from "../_components/queue-table";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Approvals" };

const PAGE_SIZES = [50, 100] as const;

export default async function ApprovalsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requirePageUser("models:read");
  const params = await searchParams;
  const { page, pageSize } = parsePagination(params, { defaultPageSize: 50, sizes: PAGE_SIZES });
  const canDecide = roleCan(user.role, "approvals:decide");
  // approvers land on what they can act on; `for=all` shows the whole queue
  const only: QueueFilter = !canDecide
    ? "all"
    : firstParam(params, "for") === "all" || firstParam(params, "for") === "others"
      ? (firstParam(params, "for") as QueueFilter)
      : "you";
  let queue = await listApprovalQueue(db(), { page, pageSize, viewer: user, only });
  // a page past the end (the queue shrank since the link was made) shows the last page
  const last = pageInfo(page, pageSize, queue.total).page;
  if (queue.rows.length === 0 && last !== page) queue = await listApprovalQueue(db(), { page: last, pageSize, viewer: user, only });
  const counts = queue.counts ?? { forYou: 0, forOthers: queue.total };
  const waitingTotal = counts.forYou + counts.forOthers;

  const description = canDecide
    ? "STAGING versions waiting for a decision, longest wait first. Open one to see what changed against PROD and how it scored, then approve or reject it."
    : "STAGING versions waiting for a decision, longest wait first. Approvers and admins decide; you can follow each review.";

  return (
    <>
      <PageHeader
        title="Approvals"
        description={description}
        meta={
          waitingTotal > 0 ? (
            <span data-testid="waiting-count">
              {canDecide
                ? `${counts.forYou} waiting for you · ${counts.forOthers} waiting for others`
                : `${waitingTotal} ${waitingTotal === 1 ? "version" : "versions"} waiting`}
            </span>
          ) : undefined
        }
      />
      {canDecide && waitingTotal > 0 && <QueueFilterLinks params={params} only={only} counts={counts} />}
      {waitingTotal === 0 ? (
        <EmptyState title="Nothing is waiting for a decision">
          A version enters this queue when CI posts an evaluation that passes its model&apos;s policy: it moves from DEV to STAGING on its
          own (<code className="font-mono text-[13px]">POST /api/v1/models/&#123;model&#125;/versions/&#123;version&#125;/evaluations</code>
          ). It leaves when the required approvers approve it (it goes to PROD) or a reviewer rejects it.
        </EmptyState>
      ) : queue.total === 0 ? (
        <EmptyState title={only === "you" ? "Nothing is waiting for you" : "Nothing is waiting for others"}>
          {only === "you"
            ? `${counts.forOthers} ${counts.forOthers === 1 ? "version waits" : "versions wait"} for other reviewers: you registered them, already decided, or are not independent of their registrant.`
            : "Every version in the queue is waiting for you."}
        </EmptyState>
      ) : (
        <div className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
          <QueueTable rows={queue.rows} asOf={queue.asOf} />
          <Pagination
            pathname="/approvals"
            searchParams={params}
            page={queue.page}
            pageSize={queue.pageSize}
            total={queue.total}
            pageSizes={PAGE_SIZES}
            itemLabel="versions waiting"
            className="border-t border-slate-200"
          />
        </div>
      )}
    </>
  );
}
