import Link from "next/link";
import type { ReactNode } from "react";
import { modelHref } from "@/components/registry/hrefs";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import type { AttentionDrift, AttentionIncident, AttentionRelease, FailingWebhook, WaitingApproval } from "@/lib/attention/queries";

/** One thing to handle: what it is, why, and the page where it is handled. */
function Item({
  href,
  title,
  badge,
  children,
  testId,
  model,
}: {
  href: string;
  title: ReactNode;
  badge?: ReactNode;
  children?: ReactNode;
  testId: string;
  model?: string;
}) {
  return (
    <li data-testid={testId} data-model={model} className="px-5 py-3 hover:bg-slate-50">
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
        <Link href={href} className="font-medium text-brand-700 hover:underline">
          {title}
        </Link>
        {badge}
      </div>
      {children && <div className="mt-1 text-sm text-slate-600">{children}</div>}
    </li>
  );
}

function Section({ id, title, description, children }: { id: string; title: string; description: string; children: ReactNode }) {
  return (
    <Card id={id} title={title} description={description} flush>
      <ul className="divide-y divide-slate-100">{children}</ul>
    </Card>
  );
}

const releaseHref = (model: string) => `${modelHref(model)}/release`;

export function IncidentList({ incidents }: { incidents: AttentionIncident[] }) {
  return (
    <Section
      id="attention-incidents"
      title="Open incidents"
      description="Rollbacks nobody has closed yet: the root cause and a prevention task are still to write."
    >
      {incidents.map((i) => (
        <Item
          key={i.id}
          testId="attention-incident"
          model={i.model.key}
          href={`/incidents/${encodeURIComponent(i.id)}`}
          title={`${i.model.name}: rolled back ${i.fromVersion} → ${i.toVersion}`}
          badge={<Badge tone="danger">{i.trigger === "guardrail" ? "guardrail rollback" : "rollback"}</Badge>}
        >
          <span className="break-words">{i.reason}</span> · <RelativeTime date={i.rolledBackAt} />
        </Item>
      ))}
    </Section>
  );
}

// the reason names the verdict ("healthy — …", "holding: …"); the colour only reinforces it
const VERDICT_TEXT: Record<string, string> = { hold: "font-medium text-amber-800", rollback: "font-medium text-red-700" };

function releaseBadge(r: AttentionRelease): ReactNode {
  if (r.held) return <Badge tone="warning">{r.verdict?.outcome === "hold" ? "held by guardrails" : "paused"}</Badge>;
  if (r.watching === "canary") return <Badge tone="info">{`canary ${r.percent} %`}</Badge>;
  return <Badge tone="info">watched after promotion</Badge>;
}

export function ReleaseList({ releases }: { releases: AttentionRelease[] }) {
  return (
    <Section
      id="attention-releases"
      title="Releases in progress"
      description="Rollouts running or held, and new stable versions the guardrails still watch."
    >
      {releases.map((r) => (
        <Item
          key={r.model.key}
          testId="attention-release"
          model={r.model.key}
          href={releaseHref(r.model.key)}
          title={r.candidate ? `${r.model.name}: ${r.candidate} next to ${r.stable ?? "nothing"}` : `${r.model.name}: ${r.stable}`}
          badge={releaseBadge(r)}
        >
          {r.verdict ? (
            <span>
              Guardrails: <span className={VERDICT_TEXT[r.verdict.outcome] ?? ""}>{r.verdict.reason}</span> ·{" "}
              <RelativeTime date={r.verdict.at} />
            </span>
          ) : (
            <span>{r.sentence} No guardrail verdict on it yet.</span>
          )}
        </Item>
      ))}
    </Section>
  );
}

export function ApprovalList({ approvals }: { approvals: WaitingApproval[] }) {
  return (
    <Section
      id="attention-approvals"
      title="Waiting for your approval"
      description="Versions in STAGING you may approve or reject, without your decision yet."
    >
      {approvals.map((a) => (
        <Item
          key={`${a.model.key}/${a.version}`}
          testId="attention-approval"
          model={a.model.key}
          href={`/approvals/${encodeURIComponent(a.model.key)}/${encodeURIComponent(a.version)}`}
          title={`${a.model.name} ${a.version}`}
          badge={<Badge tone="brand">{a.required === null ? `${a.approved} approved` : `${a.approved} of ${a.required} approved`}</Badge>}
        >
          In STAGING since <RelativeTime date={a.stagedAt} />
        </Item>
      ))}
    </Section>
  );
}

export function DriftList({ drift }: { drift: AttentionDrift[] }) {
  return (
    <Section
      id="attention-drift"
      title="Drift"
      description="Tenants whose inputs or scores moved away from the baseline, as the drift watch last judged them."
    >
      {drift.map((d) => (
        <Item
          key={`${d.model.key}/${d.tenant}/${d.feature}`}
          testId="attention-drift"
          model={d.model.key}
          href={`${modelHref(d.model.key)}/drift?${new URLSearchParams({ tenant: d.tenant, feature: d.feature })}`}
          title={`${d.model.name}: ${d.tenant} · ${d.feature}`}
          badge={<Badge tone={d.level === "alert" ? "danger" : "warning"}>{`${d.level} · PSI ${d.psi.toFixed(2)}`}</Badge>}
        >
          Since <RelativeTime date={d.since} />
        </Item>
      ))}
    </Section>
  );
}

export function WebhookList({ webhooks }: { webhooks: FailingWebhook[] }) {
  return (
    <Section
      id="attention-webhooks"
      title="Failing webhooks"
      description="Endpoints whose latest delivery failed: receivers are missing events."
    >
      {webhooks.map((w) => (
        <Item
          key={w.id}
          testId="attention-webhook"
          href={`/settings/webhooks/${encodeURIComponent(w.id)}`}
          title={w.name}
          badge={<Badge tone="danger">{w.status === "dead" ? "gave up" : "failing"}</Badge>}
        >
          {w.event}: {w.statusCode !== null ? `HTTP ${w.statusCode}` : (w.error ?? "no response")} · <RelativeTime date={w.at} />
        </Item>
      ))}
    </Section>
  );
}
