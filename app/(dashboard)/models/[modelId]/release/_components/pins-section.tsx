"use client";
import { useState, type FormEvent } from "react";
import { PinsTable } from "@/components/release/pins-table";
import { Button } from "@/components/ui/button";
import { FormError, SelectField, TextField } from "@/components/ui/field";
import { formMessage, issuesByField } from "@/components/ui/form-issues";
import { ActionError } from "@/lib/query";
import { pinAction, unpinAction } from "@/lib/rollout/actions";
import type { ReleaseDetail } from "@/lib/rollout/queries";
import { moveErrorMessage, useReleaseMove } from "./use-release-move";

const PIN_FIELDS = ["tenant", "version", "reason"] as const;

/** The versions a tenant can sensibly be pinned to from here; the service refuses deprecated ones. */
function pinnableVersions(r: ReleaseDetail): string[] {
  const names = [
    r.stable?.version,
    r.candidate && r.state !== "rolled_back" ? r.candidate.version : null,
    r.previousStable?.version,
    ...r.forceRollbackTargets.map((t) => t.version),
  ];
  return [...new Set(names.filter((v): v is string => !!v))];
}

/**
 * Tenant pins: the table for everyone; for operators and up, an Unpin button per row and a form
 * to pin a tenant. Pins win over the split; both moves carry the epoch the page shows.
 */
export function PinsSection({ release, canOperate }: { release: ReleaseDetail; canOperate: boolean }) {
  const modelKey = release.model.key;
  const pin = useReleaseMove(modelKey, pinAction);
  const unpin = useReleaseMove(modelKey, unpinAction);
  const [formKey, setFormKey] = useState(0);
  const versions = pinnableVersions(release);

  const pinIssues = pin.error instanceof ActionError ? issuesByField(pin.error.issues) : {};
  const pinMessage =
    pin.error instanceof ActionError && pin.error.code === "schema_error"
      ? formMessage(pin.error, PIN_FIELDS)
      : pin.isError
        ? moveErrorMessage(pin.error)
        : null;

  function onPin(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    unpin.reset();
    pin.mutate(
      {
        modelKey,
        expectedEpoch: release.epoch,
        tenant: String(data.get("tenant") ?? "").trim(),
        version: String(data.get("version") ?? ""),
        reason: String(data.get("reason") ?? ""),
      },
      { onSuccess: () => setFormKey((k) => k + 1) },
    );
  }

  return (
    <div>
      {unpin.isError && (
        <div className="px-5 pt-4">
          <FormError title="The pin was not removed" message={moveErrorMessage(unpin.error)} onDismiss={() => unpin.reset()} />
        </div>
      )}
      <PinsTable
        pins={release.pins}
        onUnpin={
          canOperate ? (tenant) => (pin.reset(), unpin.mutate({ modelKey, expectedEpoch: release.epoch, tenant, reason: "" })) : undefined
        }
        pendingTenant={unpin.isPending ? (unpin.variables as { tenant?: string } | undefined)?.tenant : null}
      />
      {canOperate && versions.length > 0 && (
        <form key={formKey} onSubmit={onPin} noValidate aria-label="Pin a tenant" className="space-y-3 border-t border-slate-200 px-5 py-4">
          <FormError title="The tenant was not pinned" message={pinMessage} onDismiss={() => pin.reset()} />
          <div className="grid grid-cols-1 gap-3 sm:grid-cols-[minmax(0,1fr)_12rem_minmax(0,1.4fr)_auto] sm:items-start">
            <TextField
              label="Tenant"
              name="tenant"
              required
              maxLength={200}
              placeholder="acme-corp"
              error={pinIssues.tenant}
              autoComplete="off"
            />
            <SelectField label="Version" name="version" error={pinIssues.version} defaultValue={release.stable?.version}>
              {versions.map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
            </SelectField>
            <TextField
              label="Reason (optional)"
              name="reason"
              maxLength={1000}
              placeholder="contract: stays on the audited version"
              error={pinIssues.reason}
            />
            <Button type="submit" variant="secondary" disabled={pin.isPending} className="sm:mt-6">
              {pin.isPending ? "Pinning…" : "Pin tenant"}
            </Button>
          </div>
        </form>
      )}
    </div>
  );
}
