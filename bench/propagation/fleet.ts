// The client workers seen from the bench process: forked with an IPC channel, told how many
// connections to hold, asked when every connection holds an epoch. Connections are spread
// evenly, so no worker holds more than ceil(N / workers).
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import { ROOT } from "../routing/support";
import { now, type FromWorker, type ToWorker } from "./protocol";

type Worker = { proc: ChildProcess; next: (m: FromWorker) => void; queue: FromWorker[]; waiters: ((m: FromWorker) => void)[] };

export type Receipts = { raw: number[]; full: number[]; behindRaw: number; behindFull: number; reconnects: number };

export class Fleet {
  private constructor(
    private readonly workers: Worker[],
    /** per worker: its clock minus this process's, estimated by round trip (ms) */
    readonly offsets: number[],
    readonly roundTrips: number[],
  ) {}

  static async start(count: number): Promise<Fleet> {
    const workers = Array.from({ length: count }, (): Worker => {
      const proc = fork(path.join(import.meta.dirname, "worker.ts"), [], {
        cwd: ROOT,
        execArgv: ["--import", "tsx"],
        serialization: "advanced",
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      });
      const w: Worker = {
        proc,
        queue: [],
        waiters: [],
        next: (m) => {
          const waiter = w.waiters.shift();
          if (waiter) waiter(m);
          else w.queue.push(m);
        },
      };
      proc.on("message", (m: FromWorker) => w.next(m));
      return w;
    });
    const offsets: number[] = [];
    const trips: number[] = [];
    for (const w of workers) {
      // the best of a few round trips: the one least delayed by either event loop
      let best = { trip: Number.POSITIVE_INFINITY, offset: 0 };
      for (let i = 0; i < 5; i++) {
        const sent = now();
        const m = await ask(w, { type: "clock", sent });
        const back = now();
        if (m.type !== "clock") throw new Error(`worker answered ${m.type} to clock`);
        if (back - sent < best.trip) best = { trip: back - sent, offset: m.at - (sent + back) / 2 };
      }
      offsets.push(best.offset);
      trips.push(best.trip);
    }
    return new Fleet(workers, offsets, trips);
  }

  get size(): number {
    return this.workers.length;
  }

  /** Grows to `raw` raw streams and `full` library clients in all; returns the slowest worker's time and the failures. */
  async connect(
    url: string,
    token: string,
    model: string,
    raw: number,
    full: number,
    batch: number,
  ): Promise<{ ms: number; failed: number; open: number }> {
    const answers = await Promise.all(
      this.workers.map((w, i) =>
        ask(w, { type: "connect", url, token, model, raw: share(raw, this.size, i), full: share(full, this.size, i), batch }),
      ),
    );
    let ms = 0;
    let failed = 0;
    let open = 0;
    for (const a of answers) {
      if (a.type !== "connected") throw new Error(`worker answered ${a.type} to connect`);
      ms = Math.max(ms, a.ms);
      failed += a.failed;
      open += a.raw + a.full;
    }
    return { ms, failed, open };
  }

  /** Receipt times of `epoch` in this process's clock; NaN entries are connections left behind. */
  async reached(epoch: number, timeoutMs: number): Promise<Receipts> {
    const answers = await Promise.all(this.workers.map((w) => ask(w, { type: "await", epoch, timeoutMs })));
    const out: Receipts = { raw: [], full: [], behindRaw: 0, behindFull: 0, reconnects: 0 };
    answers.forEach((a, i) => {
      if (a.type !== "reached") throw new Error(`worker answered ${a.type} to await`);
      const offset = this.offsets[i]!;
      for (const t of a.raw) {
        if (Number.isNaN(t)) out.behindRaw++;
        else out.raw.push(t - offset);
      }
      for (const t of a.full) {
        if (Number.isNaN(t)) out.behindFull++;
        else out.full.push(t - offset);
      }
      out.reconnects += a.reconnects;
    });
    return out;
  }

  async close(): Promise<void> {
    await Promise.all(
      this.workers.map(async (w) => {
        if (w.proc.exitCode !== null) return;
        const exited = new Promise((r) => w.proc.once("exit", r));
        w.proc.send({ type: "close" } satisfies ToWorker);
        const timer = setTimeout(() => w.proc.kill("SIGKILL"), 10_000);
        await exited;
        clearTimeout(timer);
      }),
    );
  }
}

function share(total: number, parts: number, i: number): number {
  return Math.floor(total / parts) + (i < total % parts ? 1 : 0);
}

function ask(w: Worker, m: ToWorker): Promise<FromWorker> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`a client worker exited (${code}) while asked to ${m.type}`));
    w.proc.once("exit", onExit);
    w.waiters.push((answer) => {
      w.proc.off("exit", onExit);
      if (answer.type === "error") reject(new Error(`client worker: ${answer.message}`));
      else resolve(answer);
    });
    const queued = w.queue.shift();
    if (queued) w.next(queued);
    w.proc.send(m);
  });
}
