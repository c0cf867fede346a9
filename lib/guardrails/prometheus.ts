/**
 * Guardrail checks whose value comes from the team's own Prometheus (policy
 * `guardrails.prometheus`): the query is templated with the release's model and versions, run as
 * an instant query, and must return one number. Anything else — Prometheus unreachable, an
 * error, no series, several series, NaN — is a reading without a value, which makes the
 * guardrails wait: a monitoring outage must never roll a release back.
 */
import type { PrometheusCheck } from "../policy";

export type PrometheusSource = { url: string; token: string | null; timeoutMs?: number };

export type PrometheusReading = {
  name: string;
  /** the query as sent, with the template filled in */
  query: string;
  value: number | null;
  /** why there is no value */
  problem: string | null;
};

/** A value inside a PromQL double-quoted string: backslashes, quotes and newlines escaped. */
export function promqlString(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

export function renderQuery(query: string, vars: { model: string; candidate: string; stable: string | null }): string {
  return query.replace(/\{\{\s*(model|candidate|stable)\s*\}\}/g, (_, name: "model" | "candidate" | "stable") =>
    promqlString(vars[name] ?? ""),
  );
}

type QueryAnswer = {
  status?: string;
  error?: string;
  data?: { resultType?: string; result?: unknown };
};

/** The single number an instant query answered, or why there is none. */
export function valueOf(answer: QueryAnswer): { value: number | null; problem: string | null } {
  if (answer.status !== "success") return { value: null, problem: `Prometheus refused the query: ${answer.error ?? "unknown error"}` };
  const { resultType, result } = answer.data ?? {};
  let raw: unknown;
  if (resultType === "scalar") raw = (result as [number, string])[1];
  else if (resultType === "vector") {
    const list = result as { value: [number, string] }[];
    if (list.length === 0) return { value: null, problem: "the query returned no series (no data yet)" };
    if (list.length > 1) return { value: null, problem: `the query returned ${list.length} series; aggregate it to one (e.g. sum(...))` };
    raw = list[0]?.value[1];
  } else return { value: null, problem: `the query returned a ${resultType ?? "unknown"}, not one number` };
  const value = Number(raw);
  return Number.isFinite(value) ? { value, problem: null } : { value: null, problem: `the query's value is ${String(raw)}` };
}

export async function readPrometheus(
  source: PrometheusSource | null,
  checks: readonly PrometheusCheck[],
  vars: { model: string; candidate: string; stable: string | null },
  fetchImpl: typeof fetch = fetch,
): Promise<PrometheusReading[]> {
  return Promise.all(
    checks.map(async (c): Promise<PrometheusReading> => {
      const query = renderQuery(c.query, vars);
      if (!source) return { name: c.name, query, value: null, problem: "ROLLGATE_PROMETHEUS_URL is not set" };
      const url = new URL(`${source.url.replace(/\/+$/, "")}/api/v1/query`);
      url.searchParams.set("query", query);
      try {
        const res = await fetchImpl(url, {
          headers: { accept: "application/json", ...(source.token ? { authorization: `Bearer ${source.token}` } : {}) },
          signal: AbortSignal.timeout(source.timeoutMs ?? 5000),
        });
        const answer = (await res.json().catch(() => ({ status: "error", error: `HTTP ${res.status}` }))) as QueryAnswer;
        return { name: c.name, query, ...valueOf(answer) };
      } catch (e) {
        const cause = (e as { cause?: { code?: string } }).cause?.code;
        const why = (e as Error).name === "TimeoutError" ? "no answer in time" : (cause ?? (e as Error).message);
        return { name: c.name, query, value: null, problem: `Prometheus at ${url.origin} is unreachable (${why})` };
      }
    }),
  );
}
