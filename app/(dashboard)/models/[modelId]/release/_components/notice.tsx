"use client";
import Link from "next/link";
import { incidentHref } from "@/components/release/hrefs";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/** What the page says after a move: done (with the incident a rollback opened), or refused. */
export type Notice = { tone: "success" | "warning" | "danger"; title: string; body?: string; incidentId?: string };

export function NoticeBanner({ notice, onDismiss }: { notice: Notice; onDismiss: () => void }) {
  return (
    <Alert
      tone={notice.tone}
      title={notice.title}
      className="mb-6"
      actions={
        <>
          {notice.incidentId && (
            <Link href={incidentHref(notice.incidentId)} className="text-sm font-medium underline hover:no-underline">
              Open the incident
            </Link>
          )}
          <Button type="button" size="sm" variant="ghost" onClick={onDismiss}>
            Dismiss
          </Button>
        </>
      }
    >
      {notice.body}
    </Alert>
  );
}
