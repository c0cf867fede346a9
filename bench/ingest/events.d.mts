export type BenchRun = { prefix: string; model: string; stable: string; candidate: string; startMs: number; spanMs: number; total: number };
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
};
export function benchEvent(i: number, run: BenchRun): BenchEvent;
