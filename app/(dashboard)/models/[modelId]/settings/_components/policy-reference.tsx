import type { ReactNode } from "react";
import { Card } from "@/components/ui/card";

/** What each section of the policy means, next to the editor, with the units the schema uses. */
export function PolicyReference() {
  return (
    <Card title="What the policy says" description="Unknown keys are refused, so a misspelt setting never goes unnoticed.">
      <dl className="space-y-3 text-sm">
        <Entry name="evalGates">
          Absolute thresholds on the evaluation&apos;s metrics, e.g. <Code>{`{"metric": "f1", "op": ">=", "value": 0.9}`}</Code>. A metric
          missing from an evaluation fails its gate.
        </Entry>
        <Entry name="maxRegression">
          How much worse than the PROD version a metric may be, in its own units:{" "}
          <Code>{`{"metric": "f1", "direction": "higher_is_better", "maxDrop": 0.01}`}</Code>. Skipped while nothing is in PROD.
        </Entry>
        <Entry name="replay">
          <Code>minAgreement</Code> (0–1): the share of replayed cases that must give PROD&apos;s decision when a replay is attached;{" "}
          <Code>required: true</Code> also fails an evaluation without one. <Code>capture</Code>, e.g.{" "}
          <Code>{`{"rate": 0.05, "maxPerTenantPerDay": 1000}`}</Code>: the share of each tenant&apos;s production requests kept with their{" "}
          <Code>input</Code> and served output, at most so many per tenant and UTC day. <Code>scrub</Code>: named rules applied before
          anything is stored, e.g. <Code>{`{"name": "drop-email", "field": "email", "action": "drop"}`}</Code> or{" "}
          <Code>{`"action": "hash"`}</Code> (a keyed hash, the same for the same value); a bare field matches at any depth, a dotted path
          from the root. <Code>retentionDays</Code> (default 30) for captured requests, <Code>setRetentionDays</Code> (365) for frozen sets.
        </Entry>
        <Entry name="approvals">
          <Code>required</Code>: how many distinct approvers promote a STAGING version to PROD. The registrant can never approve their own
          version, admins included; that is not a setting. <Code>independenceDays</Code> (default 30): an approval by someone the registrant
          created or gave their role to within this many days does not count. Lowering either waits for a second admin to confirm it.
        </Entry>
        <Entry name="rollout">
          <Code>steps</Code>: percentages of traffic on the candidate, increasing and ending at 100; <Code>bakeMinutes</Code>: how long each
          step must stay healthy.
        </Entry>
        <Entry name="guardrails">
          What rolls a candidate back (hard) or holds it (soft): latency factor and error-rate increase against stable, the manifest&apos;s
          limits and quality floor, and the minimum sample before anything is judged. <Code>windowMinutes</Code>: the most recent minutes of
          the current step that are judged; <Code>cost.maxPer1k</Code>: the highest cost per 1,000 requests; <Code>flags</Code>: per safety
          flag, e.g. <Code>{'{"invalid_output": {"maxRate": 0.005}}'}</Code>, the highest share of requests that may carry it (hard unless{" "}
          <Code>severity</Code> says soft); <Code>prometheus</Code>: checks read from your Prometheus, e.g.{" "}
          <Code>{'[{"name": "gpu_oom", "query": "sum(oom_total{version=\\"{{candidate}}\\"})", "max": 0}]'}</Code>; while Prometheus cannot
          answer, the guardrails wait.
        </Entry>
        <Entry name="drift">
          <Code>psiWarn</Code> / <Code>psiAlert</Code> (PSI, default 0.1 / 0.25) and <Code>jsAlert</Code> (Jensen–Shannon distance, 0.1)
          colour the Drift tab and raise <Code>drift.detected</Code>; <Code>minSample</Code> events per tenant and feature before a cell is
          judged; <Code>windowHours</Code>: the window the drift watch judges.
        </Entry>
        <Entry name="predictions">
          <Code>sampleRate</Code> (default 1): the share of requests whose request-level prediction row is kept for the lookup, e.g.{" "}
          <Code>0.1</Code> at high traffic. The charts, guardrails and drift still count every request. Which ids are kept follows from the
          id (its SHA-256), so the lookup can say when an id was left out.
        </Entry>
        <Entry name="budgets">
          The limits a manifest may declare: <Code>p95LatencyMs</Code> and <Code>maxErrorRate</Code> (a fraction, 0.05 = 5 %).
        </Entry>
      </dl>
    </Card>
  );
}

function Entry({ name, children }: { name: string; children: ReactNode }) {
  return (
    <div>
      <dt className="font-mono text-[13px] font-semibold text-slate-900">{name}</dt>
      <dd className="mt-0.5 text-slate-600">{children}</dd>
    </div>
  );
}

function Code({ children }: { children: ReactNode }) {
  return <code className="rounded bg-slate-100 px-1 font-mono text-[12px] text-slate-800">{children}</code>;
}
