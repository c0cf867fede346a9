import type { Metadata } from "next";
import { Alert } from "@/components/ui/alert";
import { buttonClasses, ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { firstParam, parsePagination, parseSort, type SearchParams } from "@/components/ui/table-params";
import { toCheckpointDto } from "@/lib/audit/checkpoint";
import { auditFilterOptions, listAuditEvents } from "@/lib/audit/queries";
import { auditFilterSchema, pickAuditFilter, searchParamsObject } from "@/lib/audit/schemas";
import { checkpointSignatureProblem } from "@/lib/audit/signing";
import { auditSigningKey } from "@/lib/audit/signing-key";
import { subjectNames } from "@/lib/audit/subject-names";
import { roleCan } from "@/lib/auth/permissions";
import { requirePageUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { zodIssues } from "@/lib/errors";
import { AuditFilters, type AuditFilterValues } from "./_components/audit-filters";
import { AuditTable } from "./_components/audit-table";
import { changesOf } from "./_components/event-changes";
import { CheckpointStatus } from "./_components/checkpoint-status";
import { SignCheckpointButton } from "./_components/sign-checkpoint-button";
import { VerifyChainButton } from "./_components/verify-chain-button";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Audit" };

const FILTER_KEYS = ["model", "actor", "action", "from", "to"] as const;
const PAGE_SIZES = [20, 50, 100] as const;

export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requirePageUser("audit:read");
  const params = await searchParams;

  const values: AuditFilterValues = {};
  for (const key of FILTER_KEYS) {
    const v = firstParam(params, key)?.trim();
    if (v) values[key] = key === "action" && v.endsWith("*") ? v.slice(0, -1) : v;
  }
  const parsed = auditFilterSchema.safeParse(searchParamsObject(values));
  const errors: Record<string, string> = {};
  if (!parsed.success) for (const issue of zodIssues(parsed.error)) errors[issue.path] ??= issue.message;

  const sort = parseSort(params, ["at"], { sort: "at", dir: "desc" });
  const { page, pageSize } = parsePagination(params, { defaultPageSize: 50, sizes: PAGE_SIZES });
  const keep: Record<string, string> = {};
  for (const key of ["sort", "dir", "pageSize"]) {
    const v = firstParam(params, key);
    if (v) keep[key] = v;
  }

  const filter = parsed.success ? pickAuditFilter(parsed.data) : null;
  const order = sort.dir === "asc" ? "oldest" : "newest";
  const auditKey = auditSigningKey();
  const [choices, first, latestCheckpoint, head] = await Promise.all([
    auditFilterOptions(db()),
    filter ? listAuditEvents(db(), filter, { page, pageSize, sort: order }) : Promise.resolve(null),
    db().auditCheckpoint.findFirst({ orderBy: { id: "desc" } }),
    db().auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } }),
  ]);
  const checkpoint = latestCheckpoint ? toCheckpointDto(latestCheckpoint) : null;
  // a page number past the end (a shared link to a shrunk result) shows the last page
  const lastPage = first ? Math.max(1, Math.ceil(first.total / pageSize)) : 1;
  const result =
    first && filter && first.rows.length === 0 && page > lastPage
      ? await listAuditEvents(db(), filter, { page: lastPage, pageSize, sort: order })
      : first;

  const names = result
    ? await subjectNames(
        db(),
        result.rows.map((e) => e.subject),
      )
    : {};

  const exportQuery = new URLSearchParams(Object.entries(values).filter((e): e is [string, string] => !!e[1]));
  const exportHref = (format: "csv" | "ndjson") => {
    const q = new URLSearchParams(exportQuery);
    q.set("format", format);
    return `/api/v1/audit?${q}`;
  };
  const filtered = Object.keys(values).length > 0;

  return (
    <>
      <PageHeader
        title="Audit trail"
        description="Every registration, promotion, token and user change, in order. Each event is hash-chained to the one before it, the database refuses to change or delete events, and the chain's head is signed regularly with a key kept outside the database."
        actions={
          <>
            {/* plain links: the browser downloads the attachment; the API accepts the session */}
            <a href={exportHref("csv")} className={buttonClasses({ variant: "secondary" })} aria-disabled={!parsed.success || undefined}>
              Export CSV
            </a>
            <a href={exportHref("ndjson")} className={buttonClasses({ variant: "secondary" })} aria-disabled={!parsed.success || undefined}>
              Export NDJSON
            </a>
          </>
        }
      />
      <div className="mb-4 space-y-2">
        <CheckpointStatus
          latest={checkpoint}
          signatureProblem={checkpoint && auditKey ? checkpointSignatureProblem(checkpoint, auditKey) : null}
          keyId={auditKey?.keyId}
          head={head ? head.seq.toString() : null}
        />
        <div className="flex flex-wrap items-center gap-3">
          <VerifyChainButton />
          {auditKey && roleCan(user.role, "settings:read") ? <SignCheckpointButton /> : null}
        </div>
      </div>
      <div className="mb-4">
        <AuditFilters values={values} choices={choices} keep={keep} errors={errors} />
      </div>

      {!result ? (
        <Alert tone="danger" title="These filters cannot be applied">
          <ul className="list-disc pl-5">
            {Object.entries(errors).map(([field, message]) => (
              <li key={field}>
                <span className="font-medium">{field}</span> {message}
              </li>
            ))}
          </ul>
        </Alert>
      ) : result.total === 0 ? (
        filtered ? (
          <EmptyState
            title="No events match these filters"
            action={
              <ButtonLink href="/audit" variant="primary">
                Clear filters
              </ButtonLink>
            }
          >
            Widen the time range, or pick another model, actor or action.
          </EmptyState>
        ) : (
          <EmptyState title="No audit events yet">
            Events appear here as soon as something changes: a version is registered, an API token is created or revoked, a user or role is
            changed, or a sign-in fails.
          </EmptyState>
        )
      ) : (
        <div className="overflow-hidden rounded-lg border border-slate-200 bg-white">
          <AuditTable
            rows={result.rows.map((event) => ({ event, changes: changesOf(event.before, event.after) }))}
            names={names}
            sort={sort}
            searchParams={params}
          />
          <Pagination
            pathname="/audit"
            searchParams={params}
            page={page}
            pageSize={pageSize}
            total={result.total}
            pageSizes={PAGE_SIZES}
            itemLabel="events"
            className="border-t border-slate-200"
          />
        </div>
      )}
    </>
  );
}
