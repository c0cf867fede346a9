/**
 * Group commit for batch writes: at most `concurrency` writes run at once; batches submitted
 * while every slot is busy wait, and the next free slot writes all of them together (up to
 * `maxGroupSize` in all, by `sizeOf`; a single batch larger than that still goes, alone). A batch submitted
 * while a slot is free is written at once, so grouping never adds a wait.
 *
 * At most `maxQueuedSize` (by `sizeOf`) waits: past it `submit` refuses at once with
 * `overloaded()`, so a database that stalls makes senders back off instead of piling batches
 * up in memory.
 *
 * `write(batches)` answers one count per batch. When a grouped write fails with an error that
 * `isolateOn` says belongs to the data, each batch of the group is written again on its own, so
 * only the batch at fault fails; any other error fails every batch of the group.
 */
export type WriteQueueOptions = {
  concurrency: number;
  maxGroupSize: number;
  maxQueuedSize: number;
  overloaded: (queuedSize: number) => Error;
  isolateOn: (e: unknown) => boolean;
};

type Job<B> = { batch: B; resolve: (n: number) => void; reject: (e: unknown) => void };

export type WriteQueueStats = {
  /** writes started so far, and the batches they held */
  writes: number;
  batches: number;
  /** batches waiting for a slot, and writes in flight, right now */
  queued: number;
  queuedSize: number;
  running: number;
};

export class WriteQueue<B> {
  private readonly queue: Job<B>[] = [];
  private running = 0;
  private writes = 0;
  private batches = 0;
  private queuedSize = 0;

  constructor(
    private readonly write: (batches: B[]) => Promise<number[]>,
    private readonly opts: WriteQueueOptions & { sizeOf: (batch: B) => number },
  ) {}

  /** Writes one batch; resolves to the count `write` gave it. */
  submit(batch: B): Promise<number> {
    const size = this.opts.sizeOf(batch);
    // a batch that finds a free slot never waits, so only waiting batches count against the limit
    if (this.running >= this.opts.concurrency && this.queuedSize + size > this.opts.maxQueuedSize) {
      return Promise.reject(this.opts.overloaded(this.queuedSize));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ batch, resolve, reject });
      this.queuedSize += size;
      this.pump();
    });
  }

  stats(): WriteQueueStats {
    return { writes: this.writes, batches: this.batches, queued: this.queue.length, queuedSize: this.queuedSize, running: this.running };
  }

  private pump() {
    while (this.running < this.opts.concurrency && this.queue.length > 0) {
      const group: Job<B>[] = [this.queue.shift()!];
      let size = this.opts.sizeOf(group[0]!.batch);
      while (this.queue.length > 0 && size + this.opts.sizeOf(this.queue[0]!.batch) <= this.opts.maxGroupSize) {
        const next = this.queue.shift()!;
        size += this.opts.sizeOf(next.batch);
        group.push(next);
      }
      this.queuedSize -= size;
      this.running++;
      this.writes++;
      this.batches += group.length;
      void this.run(group).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private async run(group: Job<B>[]) {
    let counts: number[];
    try {
      counts = await this.write(group.map((j) => j.batch));
    } catch (e) {
      if (group.length === 1 || !this.opts.isolateOn(e)) {
        for (const j of group) j.reject(e);
        return;
      }
      for (const j of group) {
        try {
          j.resolve((await this.write([j.batch]))[0]!);
        } catch (alone) {
          j.reject(alone);
        }
      }
      return;
    }
    group.forEach((j, i) => j.resolve(counts[i]!));
  }
}
