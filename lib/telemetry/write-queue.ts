/**
 * Group commit for batch writes: at most `concurrency` writes run at once; batches submitted
 * while every slot is busy wait, and the next free slot writes all of them together (up to
 * `maxGroupSize` in all, by `sizeOf`; a single batch larger than that still goes, alone). A batch submitted
 * while a slot is free is written at once, so grouping never adds a wait.
 *
 * `write(batches)` answers one count per batch. When a grouped write fails with an error that
 * `isolateOn` says belongs to the data, each batch of the group is written again on its own, so
 * only the batch at fault fails; any other error fails every batch of the group.
 */
export type WriteQueueOptions = {
  concurrency: number;
  maxGroupSize: number;
  isolateOn: (e: unknown) => boolean;
};

type Job<B> = { batch: B; resolve: (n: number) => void; reject: (e: unknown) => void };

export type WriteQueueStats = {
  /** writes started so far, and the batches they held */
  writes: number;
  batches: number;
  /** batches waiting for a slot, and writes in flight, right now */
  queued: number;
  running: number;
};

export class WriteQueue<B> {
  private readonly queue: Job<B>[] = [];
  private running = 0;
  private writes = 0;
  private batches = 0;

  constructor(
    private readonly write: (batches: B[]) => Promise<number[]>,
    private readonly opts: WriteQueueOptions & { sizeOf: (batch: B) => number },
  ) {}

  /** Writes one batch; resolves to the count `write` gave it. */
  submit(batch: B): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ batch, resolve, reject });
      this.pump();
    });
  }

  stats(): WriteQueueStats {
    return { writes: this.writes, batches: this.batches, queued: this.queue.length, running: this.running };
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
