export type BenchRun = {
  prefix: string;
  model: string;
  stable: string;
  candidate: string;
  startMs: number;
  spanMs: number;
  total: number;
  features?: boolean;
};
export type BenchEvent = {
  request_id: string;
  model: string;
  version: string;
  tenant: string;
  ts: string;
  latency_ms: number;
  outcome: "ok" | "error";
  score: number;
  prediction: { label: string; score: number };
  error_class?: "timeout" | "upstream";
  cost?: number;
  tokens?: { input: number; output: number };
  flags?: string[];
  features?: { amount_eur: number; merchant_category: string };
};
export function benchEvent(i: number, run: BenchRun): BenchEvent;
