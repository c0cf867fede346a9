// The benchmark's events, generated deterministically from their index so the load process and
// the COPY comparison produce the very same rows. Plain JS: the load process runs it without tsx.

const TENANTS = 50;
const MERCHANTS = [
  "grocery",
  "grocery",
  "grocery",
  "grocery",
  "grocery",
  "grocery",
  "grocery",
  "grocery",
  "travel",
  "travel",
  "travel",
  "electronics",
  "electronics",
  "gambling",
  "pharmacy",
  "pharmacy",
  "pharmacy",
  "pharmacy",
  "fuel",
  "grocery",
];

/** A 32-bit hash of (i, salt): cheap, deterministic, well spread. */
function h(i, salt) {
  let x = (i ^ Math.imul(salt, 0x9e3779b1)) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b) >>> 0;
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
  return ((x ^ (x >>> 16)) >>> 0) / 4294967296;
}

/**
 * Event i of a run: 50 tenants of unequal size, 90 % on the stable version and 10 % on the
 * candidate, log-normal latencies (median ≈ 45 ms), 2 % errors, a score on every event, cost and
 * tokens on a third, a flag on 0.5 %, a small prediction object; timestamps spread evenly over
 * [startMs, startMs + spanMs). With `run.features` (the default) every event also carries the
 * drift features of the fixture manifest: amount_eur (log-normal, ≈ 1 % above the last bin
 * edge) and merchant_category (5 % categories the manifest does not list).
 */
export function benchEvent(i, run) {
  const u = h(i, 1);
  const tenant = `tenant-${String(Math.floor(TENANTS * u * u)).padStart(2, "0")}`;
  const candidate = h(i, 2) < 0.1;
  const z = Math.sqrt(-2 * Math.log(h(i, 3) + 1e-12)) * Math.cos(2 * Math.PI * h(i, 4));
  const latency = Math.round(45 * Math.exp(0.55 * z + (candidate ? 0.1 : 0)) * 100) / 100;
  const error = h(i, 5) < 0.02;
  const score = Math.round(h(i, 6) * 1000) / 1000;
  const e = {
    request_id: `${run.prefix}-${i}`,
    model: run.model,
    version: candidate ? run.candidate : run.stable,
    tenant,
    ts: new Date(run.startMs + Math.floor((i / run.total) * run.spanMs)).toISOString(),
    latency_ms: latency,
    outcome: error ? "error" : "ok",
    score,
    prediction: { label: score > 0.62 ? "review" : "pass", score },
  };
  if (error) e.error_class = h(i, 7) < 0.5 ? "timeout" : "upstream";
  if (i % 3 === 0) {
    e.cost = 0.0004;
    e.tokens = { input: 120 + (i % 40), output: 30 + (i % 11) };
  }
  if (i % 200 === 0) e.flags = ["refusal"];
  if (run.features) {
    const za = Math.sqrt(-2 * Math.log(h(i, 8) + 1e-12)) * Math.cos(2 * Math.PI * h(i, 9));
    e.features = {
      amount_eur: Math.round(Math.exp(3.2 + 1.4 * za) * 100) / 100,
      merchant_category: MERCHANTS[Math.floor(h(i, 10) * MERCHANTS.length)],
    };
  }
  return e;
}
