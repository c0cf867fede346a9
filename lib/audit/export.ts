import type { Tx } from "../database/types";
import { auditWhere, toAuditEventDto, type AuditEventDto } from "./queries";
import type { AuditFilter } from "./schemas";

// Exports stream the filtered trail in chain order (oldest first), a batch per read, so a
// log of any length leaves in constant memory, and a copy carries seq, prevHash and hash for
// an auditor to re-check the chain outside Rollgate. The set is fixed when the export starts:
// events appended while it streams are not included.

export type ExportFormat = "csv" | "ndjson" | "json";

export type AuditExport = {
  stream: ReadableStream<Uint8Array>;
  contentType: string;
  filename: string;
};

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  ndjson: "application/x-ndjson; charset=utf-8",
  json: "application/json; charset=utf-8",
};

export const CSV_COLUMNS = [
  "seq",
  "at",
  "actor_type",
  "actor_id",
  "actor_label",
  "action",
  "subject_type",
  "subject_id",
  "model",
  "reason",
  "request_id",
  "before",
  "after",
  "prev_hash",
  "hash",
] as const;

/**
 * One CSV field per RFC 4180: quoted when it holds a comma, a double quote, CR or LF (or
 * starts or ends with a space, which some readers trim), with quotes doubled. An empty string
 * is written as "" so it stays distinct from an absent value (an empty field).
 *
 * A value that a spreadsheet would run as a formula (it starts with = + - @, a tab or a CR) is
 * prefixed with a single quote, as OWASP's CSV-injection advice says: the audit trail holds
 * text anyone with a token can write (a reason, a changelog, a token's name), and opening the
 * export must not run it. The CSV is for reading; the exact stored values, which the hashes
 * cover, are in the JSON and NDJSON exports.
 */
export function csvField(value: string | null | undefined): string {
  if (value === null || value === undefined) return "";
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  if (text === "" || /[",\r\n]/.test(text) || /^\s|\s$/.test(text)) return `"${text.replace(/"/g, '""')}"`;
  return text;
}

/** One record, CRLF-terminated as RFC 4180 says. */
export function csvRecord(fields: readonly (string | null | undefined)[]): string {
  return `${fields.map(csvField).join(",")}\r\n`;
}

const jsonText = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));

export function auditCsvRecord(e: AuditEventDto): string {
  return csvRecord([
    e.seq,
    e.at,
    e.actor.type,
    e.actor.id,
    e.actor.label,
    e.action,
    e.subject.type,
    e.subject.id,
    e.modelKey,
    e.reason,
    e.requestId,
    jsonText(e.before),
    jsonText(e.after),
    e.prevHash,
    e.hash,
  ]);
}

/** e.g. rollgate-audit-2026-11-23.csv (the UTC date of the export). */
export function exportFilename(format: ExportFormat, now: Date = new Date()): string {
  return `rollgate-audit-${now.toISOString().slice(0, 10)}.${format}`;
}

const DEFAULT_BATCH = 1_000;

/**
 * Starts an export. The first batch is read before this resolves, so an unreachable database
 * fails the request (503) instead of producing a truncated 200 download.
 */
export async function exportAuditEvents(
  db: Tx,
  filter: AuditFilter,
  format: ExportFormat,
  opts: { now?: Date; batchSize?: number } = {},
): Promise<AuditExport> {
  const batchSize = opts.batchSize ?? DEFAULT_BATCH;
  const where = auditWhere(filter);
  const head = await db.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } });
  const upTo = head?.seq ?? 0n;
  let after = 0n;
  let exhausted = false;
  let cancelled = false;

  const readBatch = async (): Promise<AuditEventDto[]> => {
    if (exhausted) return [];
    const rows = await db.auditEvent.findMany({
      where: { AND: [where, { seq: { gt: after, lte: upTo } }] },
      orderBy: { seq: "asc" },
      take: batchSize,
    });
    const last = rows[rows.length - 1];
    if (last) after = last.seq;
    if (rows.length < batchSize) exhausted = true;
    return rows.map(toAuditEventDto);
  };

  let pending: AuditEventDto[] | null = await readBatch();
  let written = 0;
  const encoder = new TextEncoder();

  const encode = (rows: AuditEventDto[]): string => {
    let out = "";
    for (const e of rows) {
      if (format === "csv") out += auditCsvRecord(e);
      else if (format === "ndjson") out += `${JSON.stringify(e)}\n`;
      else out += `${written === 0 ? "\n" : ",\n"}${JSON.stringify(e)}`;
      written++;
    }
    return out;
  };

  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      if (format === "csv") controller.enqueue(encoder.encode(csvRecord(CSV_COLUMNS)));
      if (format === "json") controller.enqueue(encoder.encode("["));
    },
    async pull(controller) {
      try {
        const rows = pending ?? (await readBatch());
        pending = null;
        if (rows.length > 0) controller.enqueue(encoder.encode(encode(rows)));
        if (exhausted) {
          if (format === "json") controller.enqueue(encoder.encode(written === 0 ? "]\n" : "\n]\n"));
          controller.close();
        }
      } catch (e) {
        if (cancelled) return;
        // the status line has gone out already; aborting the body is how the client learns
        console.error("audit export failed mid-stream", e);
        controller.error(e);
      }
    },
    cancel() {
      cancelled = true;
      exhausted = true;
    },
  });

  return { stream, contentType: CONTENT_TYPES[format], filename: exportFilename(format, opts.now) };
}
