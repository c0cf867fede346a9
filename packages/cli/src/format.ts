/**
 * Turning server answers and local check results into what a person reads in a CI log:
 * one line per issue, paths aligned, and an exit code per failure class.
 */
import { EXIT, type ExitCode } from "./exit-codes";

export type Issue = { path: string; message: string };

/** `  runtime.container  must be pinned by digest …`, one line per issue, messages aligned. */
export function formatIssues(issues: readonly Issue[]): string[] {
  const label = (i: Issue) => (i.path === "" ? "(manifest)" : i.path);
  const width = Math.max(0, ...issues.map((i) => label(i).length));
  return issues.map((i) => `  ${label(i).padEnd(width)}  ${i.message.replace(/\s*\n\s*/g, " ")}`);
}

type ErrorBody = { error?: { code?: unknown; message?: unknown; issues?: unknown } };

function isIssue(v: unknown): v is Issue {
  return typeof v === "object" && v !== null && typeof (v as Issue).path === "string" && typeof (v as Issue).message === "string";
}

/** The exit code for an HTTP error status. */
export function exitCodeForStatus(status: number): ExitCode {
  if (status === 401 || status === 403) return EXIT.auth;
  if (status === 409 || status === 412) return EXIT.conflict;
  if (status === 422 || status === 413 || status === 400) return EXIT.validation;
  return EXIT.server;
}

export type Hints = Partial<Record<number, string>>;

const HINTS: Hints = {
  401: "Check ROLLGATE_TOKEN (or --token): the token is missing, unknown, revoked or expired.",
  403: "The token needs the scope registry:write; create one in Settings → API tokens.",
  404: "Check ROLLGATE_URL (or --url): it should be the Rollgate base URL, e.g. http://127.0.0.1:3000.",
  409: "Versions are immutable: give the changed manifest a new model_version.",
};

/**
 * Lines describing a failed response. `body` is the parsed JSON, or null when the server did
 * not answer with JSON (a proxy's HTML error page, say).
 */
export function describeFailure(
  status: number,
  body: unknown,
  requestId: string | null,
  hints: Hints = HINTS,
): { exitCode: ExitCode; lines: string[] } {
  const error = (body as ErrorBody | null)?.error;
  const message = typeof error?.message === "string" ? error.message : `The server answered HTTP ${status} without an error body.`;
  const issues = Array.isArray(error?.issues) ? error.issues.filter(isIssue) : [];
  const lines: string[] = [];
  if (issues.length > 0) {
    lines.push(`✗ ${issues.length} problem${issues.length === 1 ? "" : "s"} (HTTP ${status}):`);
    lines.push(...formatIssues(issues));
  } else {
    lines.push(`✗ ${message} (HTTP ${status})`);
  }
  const hint = hints[status];
  if (hint) lines.push(`  ${hint}`);
  if (status >= 500 && requestId) lines.push(`  request id: ${requestId}`);
  return { exitCode: exitCodeForStatus(status), lines };
}
