"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { deleteWebhookAction, rotateWebhookSecretAction, sendTestWebhookAction } from "@/lib/notify/actions";
import { Dialog } from "@/components/ui/dialog";
import { NewSecretPanel } from "../../_components/new-secret-panel";

type Notice = { kind: "error"; title: string; message: string } | { kind: "ok"; message: string } | null;

// The test delivery is sent by the server's loop within a moment; the log is re-read once
// shortly after, so the result appears without a manual reload.
const REFRESH_AFTER_TEST_MS = 2500;

/** Send test, rotate the secret, delete: the buttons at the top of a webhook's page. */
export function WebhookActions({ id, name, active }: { id: string; name: string; active: boolean }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [notice, setNotice] = useState<Notice>(null);
  const [dialog, setDialog] = useState<"rotate" | "delete" | null>(null);
  const [secret, setSecret] = useState<string | null>(null);

  const sendTest = () =>
    startTransition(async () => {
      const result = await sendTestWebhookAction({ id });
      if (!result.ok) return setNotice({ kind: "error", title: "The test was not sent", message: result.error.message });
      setNotice({
        kind: "ok",
        message: `A webhook.test event is on its way${active ? "" : " (test deliveries go to paused webhooks too)"}; its result appears in the delivery log below.`,
      });
      router.refresh();
      setTimeout(() => router.refresh(), REFRESH_AFTER_TEST_MS);
    });

  const rotate = () =>
    startTransition(async () => {
      const result = await rotateWebhookSecretAction({ id });
      setDialog(null);
      if (!result.ok) return setNotice({ kind: "error", title: "The secret was not rotated", message: result.error.message });
      setNotice(null);
      setSecret(result.data.secret);
    });

  const remove = () =>
    startTransition(async () => {
      const result = await deleteWebhookAction({ id });
      if (!result.ok) {
        setDialog(null);
        return setNotice({ kind: "error", title: `Could not delete ${name}`, message: result.error.message });
      }
      router.push("/settings/webhooks");
    });

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center justify-end gap-2">
        <Button type="button" onClick={sendTest} disabled={pending}>
          Send test
        </Button>
        <Button type="button" onClick={() => setDialog("rotate")} disabled={pending}>
          Rotate secret
        </Button>
        <Button type="button" variant="danger" onClick={() => setDialog("delete")} disabled={pending}>
          Delete
        </Button>
      </div>
      {notice?.kind === "error" && <FormError title={notice.title} message={notice.message} onDismiss={() => setNotice(null)} />}
      {notice?.kind === "ok" && (
        <p role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2.5 text-sm text-emerald-900">
          {notice.message}
        </p>
      )}
      {secret && <NewSecretPanel title={`New signing secret for “${name}”`} secret={secret} onDone={() => setSecret(null)} />}

      <Dialog
        open={dialog === "rotate"}
        onClose={() => setDialog(null)}
        title={`Rotate the secret of “${name}”?`}
        description="Every delivery from now on, retries included, is signed with the new secret; the receiver refuses them until it has it. Pause the webhook first if it cannot switch at once."
      >
        <div className="flex justify-end gap-2">
          <Button type="button" onClick={() => setDialog(null)}>
            Cancel
          </Button>
          <Button type="button" variant="primary" disabled={pending} onClick={rotate}>
            {pending ? "Rotating…" : "Rotate secret"}
          </Button>
        </div>
      </Dialog>
      <Dialog
        open={dialog === "delete"}
        onClose={() => setDialog(null)}
        title={`Delete webhook “${name}”?`}
        description="It stops receiving events at once, and its delivery log is deleted with it. The audit trail keeps a record. To stop it for a while, pause it instead."
      >
        <div className="flex justify-end gap-2">
          <Button type="button" onClick={() => setDialog(null)}>
            Cancel
          </Button>
          <Button type="button" variant="danger" disabled={pending} onClick={remove}>
            {pending ? "Deleting…" : "Delete webhook"}
          </Button>
        </div>
      </Dialog>
    </div>
  );
}
