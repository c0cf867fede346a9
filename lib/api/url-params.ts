/**
 * Path and query values a request may not carry: decoded, they must be text PostgreSQL can
 * store (no NUL, no unpaired surrogate). `%00` in a model key or a filter would otherwise reach
 * a query and fail there as a 500; it is refused up front, naming the parameter. apiRoute checks
 * every route's params and query with it, and server.ts checks page URLs.
 */
import type { FieldIssue } from "../errors";
import { textProblem } from "../input/storable-text";

type Params = Record<string, unknown> | null | undefined;

/** Issues for route params (named as the route names them) and query parameters (by name). */
export function unsafeParameterIssues(params: Params, query: URLSearchParams): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const [name, value] of Object.entries(params ?? {})) {
    for (const v of Array.isArray(value) ? value : [value]) {
      const problem = typeof v === "string" ? textProblem(v) : null;
      if (problem) {
        out.push({ path: name, message: `the path parameter ${name} ${problem}` });
        break;
      }
    }
  }
  for (const [name, value] of query) {
    const nameProblem = textProblem(name);
    if (nameProblem) {
      out.push({ path: "query", message: `a query parameter name ${nameProblem}` });
      continue;
    }
    const problem = textProblem(value);
    if (problem) out.push({ path: name, message: `the query parameter ${name} ${problem}` });
  }
  return out;
}

/**
 * For a raw request target (`/models/a%00b?tab=x`): a sentence naming the first part that
 * decodes to unstorable text, or null. A path whose escapes do not decode is left to the router.
 */
export function unsafeUrlProblem(target: string): string | null {
  const q = target.indexOf("?");
  const path = q < 0 ? target : target.slice(0, q);
  let decoded: string | null = null;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    decoded = null;
  }
  const pathProblem = decoded === null ? null : textProblem(decoded);
  if (pathProblem) return `The URL path ${pathProblem}.`;
  if (q < 0) return null;
  const issues = unsafeParameterIssues(null, new URLSearchParams(target.slice(q + 1)));
  const first = issues[0];
  return first ? `${first.message[0]?.toUpperCase()}${first.message.slice(1)}.` : null;
}
