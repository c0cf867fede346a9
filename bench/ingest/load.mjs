// The load side of bench/ingest, in its own process: sends `total` events in batches over a few
// keep-alive connections to the ingest server on loopback and reports, on its IPC channel, the
// wall time from the first request to the last acknowledgement and every batch's ack time.
// Bounded: exactly ceil(total / batch) requests (plus retries on 503, at most 20 per batch).
// Every request body is built before the clock starts, as the COPY baseline builds its text before
// it is timed: the two figures then both measure sending and storing, not making up the data.
import http from "node:http";
import { benchEvent } from "./events.mjs";

const run = JSON.parse(process.argv[2]);
const agent = new http.Agent({ keepAlive: true, maxSockets: run.connections });
const url = new URL("/api/v1/telemetry", run.url);

function postBatch(body) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: "POST",
        agent,
        headers: { authorization: `Bearer ${run.token}`, "content-type": "application/json", "content-length": body.length },
      },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString("utf8") }));
      },
    );
    req.on("error", reject);
    req.setTimeout(60_000, () => req.destroy(new Error("timeout")));
    req.end(body);
  });
}

const batches = Math.ceil(run.total / run.batch);
const bodies = Array.from({ length: batches }, (_, b) => {
  const events = [];
  for (let i = b * run.batch; i < Math.min(run.total, (b + 1) * run.batch); i++) events.push(benchEvent(i, run));
  return { body: Buffer.from(JSON.stringify({ events })), count: events.length };
});
let next = 0;
const ackMs = [];
const totals = { accepted: 0, duplicates: 0, rejected: 0, retries: 0, failed: 0 };

async function worker() {
  for (;;) {
    const b = next++;
    if (b >= batches) return;
    const { body, count } = bodies[b];
    for (let attempt = 0; ; attempt++) {
      const t0 = performance.now();
      const res = await postBatch(body);
      const dt = performance.now() - t0;
      if (res.status === 202) {
        ackMs.push(dt);
        const r = JSON.parse(res.body);
        totals.accepted += r.accepted;
        totals.duplicates += r.duplicates;
        totals.rejected += r.rejected.length;
        break;
      }
      if (res.status === 503 && attempt < 20) {
        totals.retries++;
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      totals.failed += count;
      process.stderr.write(`batch ${b}: HTTP ${res.status} ${res.body.slice(0, 300)}\n`);
      break;
    }
  }
}

const started = performance.now();
await Promise.all(Array.from({ length: run.connections }, worker));
const elapsedMs = performance.now() - started;
agent.destroy();
process.send({ elapsedMs, ackMs, batches, ...totals }, () => process.exit(0));
