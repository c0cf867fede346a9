// One prediction event as the inference service that served it would report it (README →
// Sending telemetry): latency, outcome and error class, a confidence score, cost, and per model what
// its service logs — fraud-score its input features and, for some requests, the ground truth;
// support-reply its token usage and safety flags.
import type { TelemetryEvent } from "@rollgate/client/telemetry";
import type { ErrorClass } from "../../telemetry/index";
import { featureSampler, type FeatureSpec, type FeatureValue } from "./features";
import { MODEL_PROFILES, type ModelKind, type ModelProfile, type Scenario } from "./profiles";
import { beta, chance, logNormal, medianForP95, pickIndex, type Rng } from "./random";

export type ServedRequest = {
  requestId: string;
  model: string;
  kind: ModelKind;
  version: string;
  /** which side of the release served it: a candidate behaves as the scenario says */
  role: "stable" | "candidate";
  tenant: string;
  /** epoch ms */
  ts: number;
  /** the served version's manifest features (fraud-score); absent when not known yet */
  features?: readonly FeatureSpec[];
};

const ERROR_CLASSES: ErrorClass[] = ["timeout", "upstream", "model", "schema"];

/** Share of fraud-score events whose outcome (chargeback or analyst decision) is known. */
export const LABELLED_SHARE = 0.3;
/** Fraud base rate in card traffic. */
const FRAUD_RATE = 0.015;

const REPLY_FLAGS: [string, number][] = [
  ["refusal", 0.009],
  ["invalid_output", 0.005],
  ["policy_violation", 0.0025],
];

/** EUR per token (input, output) for the support model's hosted GPU time. */
const REPLY_PRICE = { input: 0.0000008, output: 0.0000024 };

const round = (v: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
};

export type EventGenerator = {
  event(rng: Rng, req: ServedRequest): TelemetryEvent;
  /** the latency factor the scenario applies to this request (1 when none) */
  slowdown(req: Pick<ServedRequest, "kind" | "tenant" | "role">): number;
};

export function createEventGenerator(scenario: Scenario, profiles: Record<ModelKind, ModelProfile> = MODEL_PROFILES): EventGenerator {
  // one sampler per (manifest features, tenant): manifests are fetched once and kept
  const samplers = new WeakMap<readonly FeatureSpec[], Map<string, (rng: Rng) => Record<string, FeatureValue>>>();
  const featuresFor = (req: ServedRequest, specs: readonly FeatureSpec[]) => {
    let byTenant = samplers.get(specs);
    if (!byTenant) samplers.set(specs, (byTenant = new Map()));
    let s = byTenant.get(req.tenant);
    if (!s) {
      const drift = scenario.drifts.find((d) => d.kind === req.kind && d.tenant === req.tenant);
      s = featureSampler(specs, drift?.shift);
      byTenant.set(req.tenant, s);
    }
    return s;
  };

  const slowdown = (req: Pick<ServedRequest, "kind" | "tenant" | "role">) => {
    if (req.role !== "candidate") return 1;
    return scenario.slowdowns.find((s) => s.kind === req.kind && s.tenant === req.tenant)?.factor ?? 1;
  };

  function event(rng: Rng, req: ServedRequest): TelemetryEvent {
    const p = profiles[req.kind];
    const sigma = p.latency.sigma;
    let latency = logNormal(rng, medianForP95(p.latency.p95, sigma), sigma) * slowdown(req);
    const base: TelemetryEvent = {
      request_id: req.requestId,
      model: req.model,
      version: req.version,
      tenant: req.tenant,
      ts: new Date(req.ts).toISOString(),
      latency_ms: 0,
      outcome: "ok",
    };
    if (chance(rng, p.errorRate)) {
      const errorClass =
        ERROR_CLASSES[
          pickIndex(
            rng,
            ERROR_CLASSES.map((c) => p.errorMix[c]),
          )
        ]!;
      // a refused input fails fast; a timeout reports the client's deadline
      if (errorClass === "timeout") latency = p.timeoutMs * (1 + rng() * 0.02);
      else if (errorClass === "schema") latency = 0.5 + rng() * 2;
      return { ...base, latency_ms: round(latency, 2), outcome: "error", error_class: errorClass };
    }
    const ev: TelemetryEvent = { ...base, latency_ms: round(latency, 2) };
    if (req.kind === "fraud") fraudFields(rng, ev, req.features ? featuresFor(req, req.features)(rng) : undefined);
    else if (req.kind === "reply") replyFields(rng, ev);
    else rerankFields(rng, ev);
    return ev;
  }

  return { event, slowdown };
}

function fraudFields(rng: Rng, ev: TelemetryEvent, features: Record<string, FeatureValue> | undefined) {
  const fraud = chance(rng, FRAUD_RATE);
  // most transactions are clear-cut; a few sit near the review threshold
  const pFraud = fraud ? beta(rng, 6, 1.6) : beta(rng, 0.7, 14);
  const decision = pFraud >= 0.5 ? "fraud" : "legit";
  ev.score = round(Math.max(pFraud, 1 - pFraud), 4);
  ev.prediction = { label: decision, fraud_probability: round(pFraud, 4) };
  ev.cost = round(0.00003 * (0.9 + rng() * 0.2), 8);
  if (chance(rng, LABELLED_SHARE)) ev.label = fraud ? "fraud" : "legit";
  if (features) ev.features = features;
  // the request as the fraud service received it, with the personal fields a real one carries:
  // the demo policy captures a share for replay, dropping the email and hashing the customer id
  // before anything is stored. Derived from the request id, so the random stream is unchanged.
  const customer = fnv1a(ev.request_id ?? "") % 5000;
  ev.input = {
    ...features,
    customer_id: `cus_${ev.tenant}_${customer}`,
    email: `customer${customer}@${ev.tenant}.example`,
    currency: "EUR",
  };
}

/** 32-bit FNV-1a: a stable small number from a string. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function replyFields(rng: Rng, ev: TelemetryEvent) {
  const input = Math.max(40, Math.round(logNormal(rng, 620, 0.45)));
  const output = Math.max(12, Math.round(logNormal(rng, 170, 0.5)));
  ev.tokens = { input, output };
  ev.cost = round(input * REPLY_PRICE.input + output * REPLY_PRICE.output, 8);
  ev.score = round(beta(rng, 8, 2), 4);
  const flags = REPLY_FLAGS.filter(([, rate]) => chance(rng, rate)).map(([name]) => name);
  if (flags.length) ev.flags = flags;
}

function rerankFields(rng: Rng, ev: TelemetryEvent) {
  ev.score = round(beta(rng, 5, 3), 4);
  ev.cost = round(0.00008 * (0.9 + rng() * 0.2), 8);
}
