// COPY … FROM STDIN with the pg client alone (pg-copy-streams is not a dependency): a minimal
// "submittable" query that answers the server's CopyInResponse with the whole payload, built in
// memory. Good for benchmarks; production code has no COPY path.
import type pg from "pg";

type Connection = { query(text: string): void; sendCopyFromChunk(chunk: Buffer): void; endCopyFrom(): void };

class CopyFromBuffer {
  callback?: (err: Error | null, rows?: number) => void;
  private rows = 0;
  constructor(
    readonly text: string,
    private readonly data: Buffer,
  ) {}
  submit(connection: Connection) {
    connection.query(this.text);
  }
  handleCopyInResponse(connection: Connection) {
    const CHUNK = 1 << 16;
    for (let i = 0; i < this.data.length; i += CHUNK) connection.sendCopyFromChunk(this.data.subarray(i, i + CHUNK));
    connection.endCopyFrom();
  }
  handleCommandComplete(msg: { text: string }) {
    this.rows = Number(msg.text.split(" ")[1] ?? 0);
  }
  handleReadyForQuery() {
    this.callback?.(null, this.rows);
  }
  handleError(err: Error) {
    this.callback?.(err);
  }
  // unused message kinds of the simple query protocol
  handleRowDescription() {}
  handleDataRow() {}
  handleEmptyQuery() {}
  handlePortalSuspended() {}
  handleCopyData() {}
}

/** Runs `COPY table (columns) FROM STDIN` with `data` in COPY text format; resolves to the row count. */
export function copyFrom(client: pg.PoolClient | pg.Client, sql: string, data: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const q = new CopyFromBuffer(sql, data);
    q.callback = (err, rows) => (err ? reject(err) : resolve(rows ?? 0));
    (client as unknown as { query(q: unknown): void }).query(q);
  });
}

/** One value in COPY text format: \N for null, backslash escapes for the separators. */
export function copyValue(v: unknown): string {
  if (v === null || v === undefined) return "\\N";
  const s = typeof v === "string" ? v : typeof v === "object" ? JSON.stringify(v) : String(v);
  return s.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"));
}
