"use client";
import { useState, useTransition } from "react";
import { useTimeZoneChoice } from "@/components/providers/preferences-provider";
import { formatDateTime } from "@/lib/time/format";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DataTable, type Column } from "@/components/ui/data-table";
import { FormError } from "@/components/ui/field";
import { RelativeTime } from "@/components/ui/relative-time";
import { revokeTokenAction } from "@/lib/auth/actions";
import type { TokenRow, TokenStatus } from "@/lib/auth/tokens-service";
import { Dialog } from "@/components/ui/dialog";

const STATUS_TONE: Record<TokenStatus, BadgeTone> = { active: "success", revoked: "danger", expired: "muted" };
const STATUS_LABEL: Record<TokenStatus, string> = { active: "Active", revoked: "Revoked", expired: "Expired" };

export function TokensTable({ tokens }: { tokens: TokenRow[] }) {
  const [error, setError] = useState<{ title: string; message: string } | null>(null);
  const tz = useTimeZoneChoice();

  const columns: Column<TokenRow>[] = [
    { id: "name", header: "Name", cell: (t) => <span className="font-medium text-slate-900">{t.name}</span> },
    {
      id: "prefix",
      header: "Prefix",
      cell: (t) => (
        <code className="font-mono text-[13px] text-slate-600" title="The first characters of the token">
          {t.prefix}…
        </code>
      ),
    },
    {
      id: "scopes",
      header: "Scopes",
      cell: (t) => (
        <div className="flex flex-wrap gap-1">
          {t.scopes.map((s) => (
            <Badge key={s} tone="neutral" className="font-mono">
              {s}
            </Badge>
          ))}
        </div>
      ),
    },
    {
      id: "createdBy",
      header: "Created by",
      cell: (t) =>
        t.createdBy ? (
          <span title={t.createdBy.email}>{t.createdBy.name}</span>
        ) : (
          <span className="text-slate-500" title="Created by `npm run token`, or by a user who no longer exists">
            script
          </span>
        ),
    },
    { id: "created", header: "Created", cell: (t) => <RelativeTime date={t.createdAt} /> },
    {
      id: "lastUsed",
      header: "Last used",
      cell: (t) => (t.lastUsedAt ? <RelativeTime date={t.lastUsedAt} /> : <span className="text-slate-500">Never</span>),
    },
    {
      id: "expires",
      header: "Expires",
      cell: (t) => (t.expiresAt ? <RelativeTime date={t.expiresAt} /> : <span className="text-slate-500">Never</span>),
    },
    {
      id: "status",
      header: "Status",
      cell: (t) => (
        <Badge
          tone={STATUS_TONE[t.status]}
          dot
          title={t.revokedAt ? `Revoked ${formatDateTime(t.revokedAt, tz)}${t.revokedBy ? ` by ${t.revokedBy}` : ""}` : undefined}
        >
          {STATUS_LABEL[t.status]}
        </Badge>
      ),
    },
    {
      id: "actions",
      header: "Actions",
      align: "right",
      cell: (t) => (t.status === "revoked" ? null : <RevokeButton token={t} onError={setError} />),
    },
  ];

  return (
    <>
      {error && (
        <div className="border-b border-slate-200 px-4 py-3">
          <FormError title={error.title} message={error.message} onDismiss={() => setError(null)} />
        </div>
      )}
      <DataTable
        caption="API tokens"
        columns={columns}
        rows={tokens}
        rowKey={(t) => t.id}
        rowClassName={(t) => (t.status === "active" ? undefined : "text-slate-500")}
        empty={
          <>
            <span className="block font-medium text-slate-700">No API tokens yet</span>
            Create one above for a CI job or an inference service, or from a shell next to the server:{" "}
            <code className="font-mono text-[13px]">npm run token -- --name ci --scopes registry:write</code>
          </>
        }
      />
    </>
  );
}

function RevokeButton({ token, onError }: { token: TokenRow; onError: (e: { title: string; message: string } | null) => void }) {
  const [open, setOpen] = useState(false);
  const [pending, startTransition] = useTransition();
  const revoke = () =>
    startTransition(async () => {
      const result = await revokeTokenAction({ id: token.id });
      setOpen(false);
      onError(result.ok ? null : { title: `Could not revoke ${token.name}`, message: result.error.message });
    });
  return (
    <>
      <Button size="sm" type="button" variant="ghost" onClick={() => setOpen(true)} aria-label={`Revoke ${token.name}`}>
        Revoke
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title={`Revoke token “${token.name}”?`}
        description="Anything using it gets 401 Unauthorized from its next request. This cannot be undone; create a new token to restore access."
      >
        <div className="flex justify-end gap-2">
          <Button type="button" onClick={() => setOpen(false)}>
            Cancel
          </Button>
          <Button type="button" variant="danger" disabled={pending} onClick={revoke}>
            {pending ? "Revoking…" : "Revoke token"}
          </Button>
        </div>
      </Dialog>
    </>
  );
}
