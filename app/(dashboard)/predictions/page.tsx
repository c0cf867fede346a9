import type { Metadata } from "next";
import Link from "next/link";
import { versionHref } from "@/components/registry/hrefs";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { PageHeader } from "@/components/ui/page-header";
import type { SearchParams } from "@/components/ui/table-params";
import { requirePageUser } from "@/lib/auth/session";
import { runtime } from "@/lib/runtime";
import { formatValue } from "@/lib/telemetry/chart-data";
import { telemetryConfig } from "@/lib/telemetry/config";
import { missingPredictionMessage, sampledOutBy } from "@/lib/telemetry/lookup";
import { getPrediction } from "@/lib/telemetry/queries";
import { ChainFollowForm, EvidenceChain } from "@/components/predictions/evidence-chain";
import { predictionEvidence } from "@/lib/provenance/server";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Prediction lookup" };

const ROUTE_LABELS: Record<string, string> = {
  candidate: "candidate",
  stable: "stable",
  pin: "pin (tenant pinned)",
  shadow: "shadow",
  unknown: "neither candidate nor stable",
};

/** Request id → which model version answered it, when, for whom, how it went. */
export default async function PredictionsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePageUser("models:read");
  const params = await searchParams;
  const one = (k: string) => {
    const v = params[k];
    return (Array.isArray(v) ? v[0] : v)?.trim() ?? "";
  };
  const id = one("id");
  const database = runtime().database;
  const prediction = id ? await getPrediction(database, id) : null;
  // without a stored prediction, a reader may name what served it and follow the rest of the chain
  const at = one("at") && !Number.isNaN(Date.parse(one("at"))) ? new Date(one("at")) : undefined;
  const given = { model: one("model") || undefined, version: one("version") || undefined, at };
  const chain = id ? await predictionEvidence(database, { requestId: id, ...given }, prediction) : null;
  const retention = telemetryConfig().retentionDays;
  // a missing row may be the model's request-level sampling rather than an unknown id
  const sampled = id && !prediction ? await sampledOutBy(database, id) : [];

  return (
    <>
      <PageHeader
        title="Prediction lookup"
        description="Which model version produced a request's prediction, and whether it was the candidate or stable then."
      />
      <form method="get" action="/predictions" role="search" className="mb-6 flex max-w-2xl gap-2">
        <label htmlFor="request-id" className="sr-only">
          Request id
        </label>
        <input
          id="request-id"
          name="id"
          defaultValue={id}
          placeholder="Request id, e.g. req-7f3a…"
          className="flex-1 rounded-md border border-slate-300 px-3 py-2 font-mono text-sm"
          required
          maxLength={200}
        />
        <button
          type="submit"
          className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 dark:hover:bg-brand-500"
        >
          Look up
        </button>
      </form>
      {id && !prediction && sampled.length > 0 && (
        <p role="status" className="max-w-3xl text-sm text-slate-700" data-testid="prediction-not-kept">
          {missingPredictionMessage(id, retention, sampled)}
        </p>
      )}
      {id && !prediction && sampled.length === 0 && (
        <p role="status" className="text-sm text-slate-700" data-testid="prediction-missing">
          No prediction with request id <code className="font-mono">{id}</code> (predictions are kept for {retention} days).
        </p>
      )}
      {prediction && (
        <Card title={<span className="font-mono">{prediction.requestId}</span>} id="prediction">
          <dl className="grid grid-cols-[10rem_1fr] gap-y-2 text-sm" data-testid="prediction">
            <dt className="text-slate-500">Time</dt>
            <dd>
              <DateTime value={prediction.time} />
            </dd>
            <dt className="text-slate-500">Tenant</dt>
            <dd>{prediction.tenant}</dd>
            <dt className="text-slate-500">Model</dt>
            <dd>{prediction.model}</dd>
            <dt className="text-slate-500">Version</dt>
            <dd className="flex items-center gap-2">
              <Link href={versionHref(prediction.model, prediction.version)} className="font-mono text-brand-700 hover:underline">
                {prediction.version}
              </Link>
              {prediction.route && (
                <Badge tone={prediction.route === "candidate" || prediction.route === "shadow" ? "warning" : "neutral"}>
                  {ROUTE_LABELS[prediction.route] ?? prediction.route}
                </Badge>
              )}
            </dd>
            <dt className="text-slate-500">Latency</dt>
            <dd>{formatValue("ms", prediction.latencyMs)}</dd>
            <dt className="text-slate-500">Outcome</dt>
            <dd>{prediction.outcome}</dd>
            <dt className="text-slate-500">Error class</dt>
            <dd>{prediction.errorClass ?? "—"}</dd>
            <dt className="text-slate-500">Score</dt>
            <dd>{prediction.score === null ? "not sent" : formatValue("score", prediction.score)}</dd>
          </dl>
        </Card>
      )}
      {chain && (
        <div className="mt-6 space-y-4">
          {!prediction && <ChainFollowForm id={id} model={given.model} version={given.version} at={one("at")} />}
          <EvidenceChain chain={chain} />
        </div>
      )}
    </>
  );
}
