import Link from "next/link";
import type { ReactNode } from "react";
import { diffHref, versionHref } from "@/components/registry/hrefs";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { TextField } from "@/components/ui/field";
import { replayFacts, type AuditRef, type Link as ChainLink, type PredictionEvidence } from "@/lib/provenance";
import { formatCount, formatPercent } from "@/lib/format/numbers";

/** The evidence chain behind one prediction: each step present with its facts, or missing with why. */
export function EvidenceChain({ chain }: { chain: PredictionEvidence }) {
  const served = chain.served.status === "present" ? chain.served : null;
  return (
    <Card
      title="Evidence chain"
      id="evidence"
      description="From the request to the people and evidence that put its version in production, each step with its audit event."
    >
      <ol className="space-y-4 text-sm" data-testid="evidence-chain">
        <Step title="Served by" link={chain.served} testId="evidence-served">
          {(s) => (
            <>
              <p>
                <Link href={versionHref(s.model, s.version)} className="font-mono text-brand-700 hover:underline">
                  {s.model} {s.version}
                </Link>{" "}
                at <DateTime value={s.at} />
                {s.tenant && <> for tenant {s.tenant}</>}
              </p>
              <p className="text-slate-600">{s.why}</p>
            </>
          )}
        </Step>
        <Step title="The release then" link={chain.release} testId="evidence-release">
          {(r) => (
            <>
              <p>
                {r.state}, epoch {r.epoch}: stable <span className="font-mono">{r.stableVersion ?? "none"}</span>
                {r.candidateVersion && (
                  <>
                    , candidate <span className="font-mono">{r.candidateVersion}</span> at {r.candidatePercent} % (step {r.stepIndex + 1} of{" "}
                    {r.steps.length})
                  </>
                )}
              </p>
              <Audit refs={[r.audit]} />
            </>
          )}
        </Step>
        <Step title="Rollout" link={chain.rollout} testId="evidence-rollout">
          {(r) => (
            <>
              <p>
                started by {r.startedBy} at <DateTime value={r.startedAt} />
              </p>
              <Audit refs={[r.audit]} />
            </>
          )}
        </Step>
        <Step title="Approved by" link={chain.approvals} testId="evidence-approvals">
          {(a) => (
            <ul className="space-y-2">
              {a.approvals.map((x) => (
                <li key={`${x.reviewer.email}-${x.at}`}>
                  <p>
                    <span className="font-medium" data-testid="evidence-reviewer">
                      {x.reviewer.name}
                    </span>{" "}
                    <span className="text-slate-500">({x.reviewer.email})</span>{" "}
                    <Badge tone={x.decision === "approved" ? "success" : "danger"}>{x.decision}</Badge> at <DateTime value={x.at} />
                    {x.invalidatedAt && (
                      <>
                        {" "}
                        — withdrawn at <DateTime value={x.invalidatedAt} />
                      </>
                    )}
                  </p>
                  {x.comment && <p className="text-slate-600">“{x.comment}”</p>}
                  {x.audit && <Audit refs={[x.audit]} />}
                </li>
              ))}
            </ul>
          )}
        </Step>
        <Step title="Evaluations" link={chain.evaluations} testId="evidence-evaluations">
          {(e) => (
            <ul className="space-y-2">
              {e.evaluations.map((x) => (
                <li key={`${x.dataset}-${x.at}`}>
                  <p>
                    <span className="font-mono">{x.dataset}</span>{" "}
                    <Badge tone={x.passed ? "success" : "danger"}>{x.passed ? "passed" : "failed"}</Badge> by {x.by} at{" "}
                    <DateTime value={x.at} />
                    {x.baselineVersion && <> against {x.baselineVersion}</>}
                    {x.replay != null && !replayFacts(x.replay) && <> · with replay results</>}
                  </p>
                  <ReplayLine replay={x.replay} />
                  {x.audit && <Audit refs={[x.audit]} />}
                </li>
              ))}
            </ul>
          )}
        </Step>
        <Step title="Manifest" link={chain.manifest} testId="evidence-manifest">
          {(m) => (
            <>
              <p>
                registered by {m.registeredBy} at <DateTime value={m.registeredAt} /> · content hash{" "}
                <span className="font-mono">{m.contentHash.slice(0, 16)}…</span>
              </p>
              <p>
                {m.parentVersion && served ? (
                  <Link
                    href={diffHref(served.model, { from: m.parentVersion, to: served.version })}
                    className="text-brand-700 hover:underline"
                  >
                    {m.changes?.length ?? 0} change{m.changes?.length === 1 ? "" : "s"} from {m.parentVersion}
                  </Link>
                ) : (
                  "the first version: no parent to compare with"
                )}
              </p>
              {m.audit && <Audit refs={[m.audit]} />}
            </>
          )}
        </Step>
      </ol>
    </Card>
  );
}

function Step<T>({ title, link, testId, children }: { title: string; link: ChainLink<T>; testId: string; children: (v: T) => ReactNode }) {
  return (
    <li className="grid gap-1 sm:grid-cols-[10rem_1fr]" data-testid={testId}>
      <span className="text-slate-500">{title}</span>
      <div>
        {link.status === "present" ? (
          children(link as T)
        ) : (
          <p className="text-amber-800" data-testid="evidence-missing">
            Missing: {link.why}
          </p>
        )}
      </div>
    </li>
  );
}

function Audit({ refs }: { refs: AuditRef[] }) {
  return (
    <p className="text-xs text-slate-500">
      {refs.map((r) => (
        <span key={r.seq} className="mr-3">
          audit #{r.seq} {r.action} · hash <span className="font-mono">{r.hash.slice(0, 12)}</span>
        </span>
      ))}
    </p>
  );
}

/** When the request id was not kept: name the model, version and time to follow the chain from there. */
export function ChainFollowForm({ id, model, version, at }: { id: string; model?: string; version?: string; at?: string }) {
  return (
    <form method="get" action="/predictions" className="flex flex-wrap items-end gap-3" aria-label="Follow the chain without the request">
      <input type="hidden" name="id" value={id} />
      <TextField label="Model" name="model" defaultValue={model} required maxLength={200} />
      <TextField label="Version" name="version" defaultValue={version} required maxLength={200} className="font-mono" />
      <TextField
        label="Served at (UTC, ISO 8601)"
        name="at"
        defaultValue={at}
        required
        placeholder="2026-12-05T10:00:00Z"
        className="font-mono"
      />
      <Button type="submit">Follow the chain</Button>
    </form>
  );
}

/** The replay attached to an evaluation: agreement on how many cases, over which frozen set. */
function ReplayLine({ replay }: { replay: unknown }) {
  const facts = replayFacts(replay);
  if (!facts) return null;
  return (
    <p className="text-slate-600" data-testid="evidence-replay">
      Replay: {formatPercent(facts.agreement * 100)} agreement on {formatCount(facts.cases)} cases
      {facts.set && (
        <>
          {" "}
          of frozen set <span className="font-mono">{facts.set.id}</span> (sha256:
          <span className="font-mono" title={facts.set.hash}>
            {facts.set.hash.slice(0, 12)}
          </span>
          )
        </>
      )}
    </p>
  );
}
