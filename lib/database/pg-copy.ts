/**
 * `COPY … FROM STDIN` on a node-postgres client, with the payload already in memory (the ingest's
 * staging of a batch, bench/ingest's COPY baseline). node-postgres runs any object with a
 * `submit` method as a query; this one answers the server's CopyInResponse with the whole buffer.
 * PostgreSQL parses COPY text several times faster than the same rows as a JSON parameter.
 *
 * On an error the server answers ErrorResponse and the client calls `handleError` once (it has
 * already let go of the query when ReadyForQuery follows), so the promise settles exactly once.
 */
import type pg from "pg";

type Connection = { query(text: string): void; sendCopyFromChunk(chunk: Buffer): void; endCopyFrom(): void };

const CHUNK = 1 << 16;

class CopyFromBuffer {
  private rows = 0;
  constructor(
    private readonly text: string,
    private readonly data: Buffer,
    private readonly settle: (err: Error | null, rows: number) => void,
  ) {}
  submit(connection: Connection) {
    connection.query(this.text);
  }
  handleCopyInResponse(connection: Connection) {
    for (let i = 0; i < this.data.length; i += CHUNK) connection.sendCopyFromChunk(this.data.subarray(i, i + CHUNK));
    connection.endCopyFrom();
  }
  handleCommandComplete(msg: { text: string }) {
    this.rows = Number(msg.text.split(" ")[1] ?? 0);
  }
  handleReadyForQuery() {
    this.settle(null, this.rows);
  }
  handleError(err: Error) {
    this.settle(err, 0);
  }
  // message kinds a COPY FROM does not produce
  handleRowDescription() {}
  handleDataRow() {}
  handleEmptyQuery() {}
  handlePortalSuspended() {}
  handleCopyData() {}
}

/** Runs `sql` (a `COPY … FROM STDIN`) with `data` in COPY text format; resolves to the row count. */
export function copyFrom(client: pg.PoolClient | pg.Client, sql: string, data: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const q = new CopyFromBuffer(sql, data, (err, rows) => {
      if (settled) return;
      settled = true;
      if (err) reject(err);
      else resolve(rows);
    });
    (client as unknown as { query(q: unknown): void }).query(q);
  });
}

const SPECIAL = /[\\\t\n\r]/;
const SPECIAL_ALL = /[\\\t\n\r]/g;
const escapeChar = (c: string) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r");

/** A text value in COPY text format: backslash escapes for the separators and the escape itself. */
export function copyText(s: string): string {
  return SPECIAL.test(s) ? s.replace(SPECIAL_ALL, escapeChar) : s;
}

/** One value in COPY text format: \N for null, numbers as JS prints them, objects as JSON. */
export function copyValue(v: unknown): string {
  if (v === null || v === undefined) return "\\N";
  if (typeof v === "number") return String(v);
  return copyText(typeof v === "string" ? v : JSON.stringify(v));
}
