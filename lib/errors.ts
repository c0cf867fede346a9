// Typed errors carry their HTTP status and a message safe to show a user; they are
// translated in one place (lib/api/respond.ts for routes, lib/safe-action.ts for actions).
import { isDatabaseUnreachable } from "./database/unreachable";
import { formatPath } from "./input/path";

export type FieldIssue = { path: string; message: string };

export type ErrorCode =
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "schema_error"
  | "precondition_failed"
  | "payload_too_large"
  | "unsupported_media_type"
  | "rate_limited"
  | "unavailable"
  | "internal";

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly issues?: FieldIssue[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = "Sign in or send a valid API token (Authorization: Bearer <token>).") {
    super(401, "unauthorized", message);
  }
}
export class ForbiddenError extends AppError {
  constructor(message = "You do not have permission to do this.") {
    super(403, "forbidden", message);
  }
}
export class NotFoundError extends AppError {
  constructor(message = "Not found.") {
    super(404, "not_found", message);
  }
}
export class ConflictError extends AppError {
  constructor(message: string) {
    super(409, "conflict", message);
  }
}
/** A state-machine move that the current state does not allow. */
export class InvalidTransitionError extends AppError {
  constructor(message: string) {
    super(409, "conflict", message);
  }
}
export class ValidationError extends AppError {
  constructor(issues: FieldIssue[], message?: string) {
    super(
      422,
      "schema_error",
      message ??
        `${issues.length} field${issues.length === 1 ? " is" : "s are"} not valid: ${issues
          .slice(0, 3)
          .map((i) => (i.path ? `${i.path}: ${i.message}` : i.message))
          .join("; ")}${issues.length > 3 ? "; …" : ""}`,
      issues,
    );
  }
}
export class PreconditionFailedError extends AppError {
  constructor(message: string) {
    super(412, "precondition_failed", message);
  }
}
export class UnsupportedMediaTypeError extends AppError {
  constructor(message: string) {
    super(415, "unsupported_media_type", message);
  }
}
export class PayloadTooLargeError extends AppError {
  constructor(message: string) {
    super(413, "payload_too_large", message);
  }
}
export class RateLimitedError extends AppError {
  constructor(message: string, retryAfterSeconds: number) {
    super(429, "rate_limited", message, undefined, { "Retry-After": String(Math.max(1, Math.ceil(retryAfterSeconds))) });
  }
}
export class UnavailableError extends AppError {
  constructor(message = "The database is unreachable; try again shortly.", retryAfterSeconds = 5) {
    super(503, "unavailable", message, undefined, { "Retry-After": String(retryAfterSeconds) });
  }
}

/** zod issues → field issues with paths like `a.b[0]`. */
export function zodIssues(error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> }): FieldIssue[] {
  return error.issues.map((i) => ({ path: formatPath(i.path), message: i.message }));
}

/**
 * Maps known database failures to AppErrors; returns undefined for anything unexpected. A
 * database that is down, shutting down (57P01, 57P03), refusing, resetting or timing out
 * connections is 503 with Retry-After, never 500 (lib/database/unreachable.ts lists the cases).
 */
export function translateDatabaseError(e: unknown): AppError | undefined {
  if (e instanceof AppError) return e;
  const err = e as { code?: string; name?: string; message?: string; cause?: unknown; meta?: Record<string, unknown> };
  if (!err || typeof err !== "object") return undefined;
  if (err.code === "P2025") return new NotFoundError();
  if (err.code === "P2002") return new ConflictError("That already exists.");
  if (isDatabaseUnreachable(e)) return new UnavailableError();
  // a transaction that ran out of time (P2028, e.g. waiting on a lock) was rolled back; no
  // free connection within the pool's wait (P2024): both are "busy, try again", not a bug
  if (err.code === "P2028" || err.code === "P2024") {
    return new UnavailableError("The database did not answer in time; nothing was changed. Try again shortly.");
  }
  // Text the database cannot store (a NUL, an unpaired surrogate) is refused by every input
  // check; should one slip through, it is still the client's bad input, not a server fault.
  if (
    err.code === "22021" ||
    err.code === "22P05" ||
    /invalid byte sequence for encoding|unsupported Unicode escape sequence/i.test(err.message ?? "")
  ) {
    return new ValidationError([
      { path: "", message: "A value holds a character the database cannot store (U+0000 or an unpaired surrogate)." },
    ]);
  }
  if (err.cause) return translateDatabaseError(err.cause);
  return undefined;
}
