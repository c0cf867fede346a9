import { randomUUID } from "node:crypto";
import { AppError, translateDatabaseError } from "../errors";

export function newRequestId(incoming: string | null): string {
  return incoming && /^[\w.:-]{1,128}$/.test(incoming) ? incoming : randomUUID();
}

export function json(body: unknown, init: { status?: number; headers?: Record<string, string>; requestId: string }): Response {
  return new Response(
    JSON.stringify(body, (_k, v) => (typeof v === "bigint" ? v.toString() : v)),
    {
      status: init.status ?? 200,
      headers: { "content-type": "application/json; charset=utf-8", "x-request-id": init.requestId, ...init.headers },
    },
  );
}

/** The one translation from thrown errors to the API's error shape. Only 4xx/503 messages leave. */
export function errorResponse(e: unknown, requestId: string): Response {
  const known = translateDatabaseError(e);
  if (known) {
    return json(
      { error: { code: known.code, message: known.message, ...(known.issues ? { issues: known.issues } : {}) } },
      { status: known.status, headers: known.headers, requestId },
    );
  }
  console.error(`[${requestId}] unhandled error`, e);
  return json(
    { error: { code: "internal", message: `Something went wrong on our side. Quote request id ${requestId} when reporting it.` } },
    { status: 500, requestId },
  );
}

export { AppError };
