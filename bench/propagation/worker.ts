// A client worker: holds up to a few thousand routing streams for the bench process (run.ts
// forks several, so that 10,000 connections fit under a process's open-file limit and spread
// over the cores). Two kinds of connection:
//
// - raw: a node:http GET of …/routes/stream that splits the bytes into SSE frames and reads the
//   table's epoch from each `routes` frame's data. Its receipt time is when the frame's last
//   byte was read from the socket: the transport's share, without any client library.
// - full: @rollgate/client's createRoutingClient, as an inference service runs it; its receipt
//   time is its onChange.
//
// Everything it is told and answers is in protocol.ts.
import { request, type ClientRequest, type IncomingMessage } from "node:http";
import { createRoutingClient, type RoutingClient } from "@rollgate/client";
import { now, type FromWorker, type ToWorker } from "./protocol";

const RECONNECT_MS = 1000;

type Raw = { index: number; epoch: number; req: ClientRequest | null; open: boolean };

const raws: Raw[] = [];
const fulls: { client: RoutingClient; epoch: number }[] = [];
/** epoch → per connection, when it first held that epoch */
const rawAt = new Map<number, Float64Array>();
const fullAt = new Map<number, Float64Array>();
let reconnects = 0;
let closing = false;
let target: { url: URL; token: string; model: string } | null = null;

function send(m: FromWorker): void {
  process.send!(m);
}

function record(map: Map<number, Float64Array>, size: number, epoch: number, index: number, at: number): void {
  let times = map.get(epoch);
  if (!times) map.set(epoch, (times = new Float64Array(size).fill(Number.NaN)));
  if (index < times.length && Number.isNaN(times[index]!)) times[index] = at;
}

/** Capacity of the per-epoch arrays: the most connections this worker is ever asked for. */
let rawCapacity = 0;
let fullCapacity = 0;

function openRaw(r: Raw, onFirst?: (ok: boolean) => void): void {
  const t = target!;
  let first = onFirst;
  const settle = (ok: boolean) => {
    first?.(ok);
    first = undefined;
  };
  const req = request(
    {
      host: t.url.hostname,
      port: t.url.port,
      path: `/api/v1/models/${encodeURIComponent(t.model)}/routes/stream`,
      headers: { authorization: `Bearer ${t.token}`, accept: "text/event-stream" },
      // one socket per stream, as separate pods would have
      agent: false,
    },
    (res: IncomingMessage) => {
      if (res.statusCode !== 200) {
        res.resume();
        settle(false);
        return;
      }
      r.open = true;
      let buf = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        buf += chunk;
        let end = buf.indexOf("\n\n");
        if (end < 0) return;
        const at = now();
        while (end >= 0) {
          const frame = buf.slice(0, end);
          buf = buf.slice(end + 2);
          if (frame.includes("event: routes")) {
            const data = frame.indexOf("data: ");
            const eol = frame.indexOf("\n", data);
            const epoch = (JSON.parse(frame.slice(data + 6, eol < 0 ? undefined : eol)) as { epoch: number }).epoch;
            if (epoch > r.epoch) {
              r.epoch = epoch;
              record(rawAt, rawCapacity, epoch, r.index, at);
            }
            settle(true);
          }
          end = buf.indexOf("\n\n");
        }
      });
      res.on("close", () => dropped(r));
    },
  );
  req.on("error", () => {
    settle(false);
    dropped(r);
  });
  req.end();
  r.req = req;
}

function dropped(r: Raw): void {
  const was = r.open;
  r.open = false;
  r.req = null;
  if (closing) return;
  if (was) reconnects++;
  setTimeout(() => {
    if (!closing && !r.req) openRaw(r);
  }, RECONNECT_MS).unref();
}

async function connect(m: Extract<ToWorker, { type: "connect" }>): Promise<void> {
  const started = now();
  target = { url: new URL(m.url), token: m.token, model: m.model };
  rawCapacity = Math.max(rawCapacity, m.raw);
  fullCapacity = Math.max(fullCapacity, m.full);
  let failed = 0;
  // in batches, each waiting for its streams' first table: the way a fleet scales up, not a
  // single burst of thousands of SYNs at one listen queue
  while (raws.length < m.raw) {
    const batch: Promise<boolean>[] = [];
    for (let i = 0; i < m.batch && raws.length < m.raw; i++) {
      const r: Raw = { index: raws.length, epoch: -1, req: null, open: false };
      raws.push(r);
      batch.push(new Promise((resolve) => openRaw(r, resolve)));
    }
    failed += (await Promise.all(batch)).filter((ok) => !ok).length;
  }
  while (fulls.length < m.full) {
    const index = fulls.length;
    const entry = { client: null as unknown as RoutingClient, epoch: -1 };
    entry.client = createRoutingClient({
      url: m.url,
      token: m.token,
      models: [m.model],
      onChange: (_model, table) => {
        const at = now();
        if (table.epoch > entry.epoch) {
          entry.epoch = table.epoch;
          record(fullAt, fullCapacity, table.epoch, index, at);
        }
      },
    });
    fulls.push(entry);
  }
  await Promise.all(fulls.map((f) => f.client.ready(30_000).catch(() => failed++)));
  send({ type: "connected", raw: raws.filter((r) => r.open).length, full: fulls.length, ms: now() - started, failed });
}

function behind(epoch: number): number {
  let n = 0;
  for (const r of raws) if (r.epoch < epoch) n++;
  for (const f of fulls) if (f.epoch < epoch || f.client.status().models[target!.model]?.mode !== "stream") n++;
  return n;
}

async function awaitEpoch(epoch: number, timeoutMs: number): Promise<void> {
  const deadline = now() + timeoutMs;
  // receipt times are taken at the frame; this poll only decides when to answer
  while (behind(epoch) > 0 && now() < deadline) await new Promise((r) => setTimeout(r, 10));
  const pick = (map: Map<number, Float64Array>, size: number) => {
    const times = new Float64Array(size).fill(Number.NaN);
    const got = map.get(epoch);
    if (got) times.set(got.subarray(0, size));
    return times;
  };
  send({ type: "reached", epoch, raw: pick(rawAt, raws.length), full: pick(fullAt, fulls.length), reconnects });
  reconnects = 0;
  // older epochs are never asked for again
  for (const map of [rawAt, fullAt]) for (const e of map.keys()) if (e < epoch) map.delete(e);
}

process.on("message", (m: ToWorker) => {
  const run = async () => {
    if (m.type === "clock") send({ type: "clock", sent: m.sent, at: now() });
    else if (m.type === "connect") await connect(m);
    else if (m.type === "await") await awaitEpoch(m.epoch, m.timeoutMs);
    else if (m.type === "close") {
      closing = true;
      for (const r of raws) r.req?.destroy();
      await Promise.allSettled(fulls.map((f) => f.client.close()));
      process.exit(0);
    }
  };
  run().catch((e: unknown) => send({ type: "error", message: e instanceof Error ? (e.stack ?? e.message) : String(e) }));
});
// the bench process went away: so do its connections
process.on("disconnect", () => process.exit(0));
