/**
 * Audit trail filters: one schema for the query string of `GET /api/v1/audit`, the audit
 * page's URL and the exports. Client-safe (no database access).
 *
 * - `from`/`to` take an ISO date (`2026-11-23`, a whole UTC day) or an ISO date-time with a
 *   zone (`2026-11-23T10:00:00Z`, `…+02:00`). Both ends are inclusive: a date in `to` means
 *   up to the end of that day. A time without a zone is refused rather than guessed.
 * - `action` is exact (`version.registered`) or a prefix when it ends with `.` or `*`
 *   (`version.` and `version.*` both match every `version.…` action).
 * - `actor` matches the actor's label (a user's email, a token's name) or its id.
 * - Query strings send "" for an empty form field; that counts as absent.
 */
import { z } from "zod";

export const AUDIT_FORMATS = ["json", "ndjson", "csv"] as const;
export type AuditFormat = (typeof AUDIT_FORMATS)[number];

export type AuditSort = "newest" | "oldest";

export const AUDIT_MAX_LIMIT = 500;
export const AUDIT_DEFAULT_LIMIT = 100;

export type AuditFilter = {
  /** inclusive */
  from?: Date;
  /** inclusive */
  to?: Date;
  model?: string;
  actor?: string;
  /** exact action, or a prefix ending with "." (a trailing "*" is already stripped) */
  action?: string;
};

const emptyAsUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(emptyAsUndefined, schema.optional());

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;
const BOUND_HINT = "an ISO date (2026-11-23) or date-time with a zone (2026-11-23T10:00:00Z)";

function validCalendarDate(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** Parses one bound; `end` turns a bare date into the last millisecond of that UTC day. */
export function parseTimeBound(text: string, end: boolean): Date | string {
  const s = text.trim();
  const date = DATE_RE.exec(s);
  if (date) {
    const [y, m, d] = [Number(date[1]), Number(date[2]), Number(date[3])];
    if (!validCalendarDate(y, m, d)) return `${s} is not a calendar date`;
    const start = Date.UTC(y, m - 1, d);
    return new Date(end ? start + 86_400_000 - 1 : start);
  }
  const dt = DATETIME_RE.exec(s);
  if (dt) {
    const [y, m, d, hh, mm, ss] = [dt[1], dt[2], dt[3], dt[4], dt[5], dt[6] ?? "0"].map(Number) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    if (!validCalendarDate(y, m, d)) return `${s.slice(0, 10)} is not a calendar date`;
    if (hh > 23 || mm > 59 || ss > 59) return `${s} is not a valid time of day`;
    const zone = dt[8]!.toUpperCase();
    const offset = zone === "Z" ? "Z" : zone.includes(":") ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
    if (offset !== "Z" && (Number(offset.slice(1, 3)) > 23 || Number(offset.slice(4, 6)) > 59)) {
      return `${zone} is not a valid UTC offset`;
    }
    // the column keeps milliseconds, so finer digits are cut rather than rounded up
    const fraction = (dt[7] ?? ".0").slice(0, 4);
    const iso = `${dt[1]}-${dt[2]}-${dt[3]}T${dt[4]}:${dt[5]}:${String(ss).padStart(2, "0")}${fraction}${offset}`;
    const t = Date.parse(iso);
    if (Number.isNaN(t)) return `must be ${BOUND_HINT}`;
    return new Date(t);
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(s)) {
    return "needs a time zone, e.g. 2026-11-23T10:00:00Z or …+02:00";
  }
  return `must be ${BOUND_HINT}`;
}

const timeBound = (end: boolean) =>
  optional(
    z.string({ error: `must be ${BOUND_HINT}` }).transform((s, ctx) => {
      const out = parseTimeBound(s, end);
      if (typeof out === "string") {
        ctx.addIssue({ code: "custom", message: out });
        return z.NEVER;
      }
      return out;
    }),
  );

const ACTION_RE = /^[A-Za-z0-9_:-]+(\.[A-Za-z0-9_:-]+)*\.?\*?$/;

const filterShape = {
  from: timeBound(false),
  to: timeBound(true),
  model: optional(z.string().trim().max(200, "must be at most 200 characters")),
  actor: optional(z.string().trim().max(320, "must be at most 320 characters")),
  action: optional(
    z
      .string()
      .trim()
      .max(100, "must be at most 100 characters")
      .regex(ACTION_RE, "must be an action such as version.registered, or a prefix such as version. or version.*")
      .transform((a) => (a.endsWith("*") ? a.slice(0, -1) : a))
      .refine((a) => a.length > 0, "must name an action or a prefix; leave it empty to match every action"),
  ),
};

function checkRange(v: { from?: Date; to?: Date }, ctx: z.RefinementCtx) {
  if (v.from && v.to && v.from > v.to) {
    ctx.addIssue({ code: "custom", path: ["to"], message: "must not be before from" });
  }
}

const positiveInt = (max: number) =>
  optional(
    z.coerce
      .number({ error: "must be a whole number" })
      .int("must be a whole number")
      .min(1, "must be at least 1")
      .max(max, `must be at most ${max}`),
  );

/** Filters only (what every reader of the trail accepts). */
export const auditFilterSchema = z.object(filterShape).superRefine(checkRange);

/** `GET /api/v1/audit`: filters, output format and keyset paging (newest first). */
export const auditApiQuerySchema = z
  .object({
    ...filterShape,
    format: z.preprocess(emptyAsUndefined, z.enum(AUDIT_FORMATS, { error: `must be one of ${AUDIT_FORMATS.join(", ")}` }).default("json")),
    /** the `nextCursor` of the previous page: the seq of its last (oldest) event */
    cursor: optional(
      // one check: zod runs every check even after one fails, and BigInt("abc") throws
      z
        .string()
        .refine((c) => /^\d{1,19}$/.test(c) && BigInt(c) <= 9_223_372_036_854_775_807n, "must be the nextCursor value of a previous page"),
    ),
    limit: positiveInt(AUDIT_MAX_LIMIT),
    /** with format=json: the whole filtered trail as one JSON array attachment, not a page */
    download: optional(z.enum(["1", "0", "true", "false"], { error: "must be true or false" }).transform((v) => v === "1" || v === "true")),
  })
  .superRefine(checkRange);

export type AuditApiQuery = z.output<typeof auditApiQuerySchema>;

/** The filter part of a parsed query, without undefined keys. */
export function pickAuditFilter(q: AuditFilter): AuditFilter {
  const out: AuditFilter = {};
  if (q.from) out.from = q.from;
  if (q.to) out.to = q.to;
  if (q.model) out.model = q.model;
  if (q.actor) out.actor = q.actor;
  if (q.action) out.action = q.action;
  return out;
}

/** A prefix filter ends with "."; anything else is an exact action. */
export function isActionPrefix(action: string): boolean {
  return action.endsWith(".");
}

/** URLSearchParams → a plain object for the schemas (the last of repeated keys wins). */
export function searchParamsObject(params: URLSearchParams | Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  if (params instanceof URLSearchParams) {
    for (const [k, v] of params) out[k] = v;
    return out;
  }
  for (const [k, v] of Object.entries(params)) {
    const value = Array.isArray(v) ? v[v.length - 1] : v;
    if (value !== undefined) out[k] = value;
  }
  return out;
}
