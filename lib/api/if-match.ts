import { ValidationError } from "../errors";

/**
 * The number in an `If-Match` header: `"12"` (as an ETag is sent), `W/"12"` or `12`. Null when
 * the header is absent or `*` (whatever it is now); 422 naming the header, with `expected` as
 * the message, when it is not a number.
 */
export function ifMatchNumber(header: string | null, expected: string): number | null {
  if (header === null) return null;
  const v = header.trim();
  if (v === "" || v === "*") return null;
  const m = /^(?:W\/)?"?(\d{1,15})"?$/.exec(v);
  if (!m || m[1] === undefined) throw new ValidationError([{ path: "If-Match", message: expected }]);
  return Number(m[1]);
}
