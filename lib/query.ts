/**
 * TanStack Query: the one QueryClient factory, the query keys of each domain, and the browser's
 * fetchers for the API routes pages read live. Client-safe: DTO types are imported as types only,
 * so no server module reaches a client bundle.
 *
 * Rules: a page prefetches in its Server Component and hydrates; a mutation
 * invalidates exactly the keys it affects; query data is never copied into component state.
 */
import { defaultShouldDehydrateQuery, QueryClient, queryOptions } from "@tanstack/react-query";
import type { ReleaseDetail } from "./rollout/queries";
import type { ActionResult } from "./safe-action";

/**
 * Data the server rendered counts as fresh for this long, so hydration does not fetch it again
 * straight away. Live pages do not rely on it: the release page is pushed every change.
 */
export const STALE_TIME_MS = 30_000;

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: STALE_TIME_MS, retry: 1 },
      dehydrate: {
        // a prefetch still running when the page streams is sent along and resolves on the client
        shouldDehydrateQuery: (query) => defaultShouldDehydrateQuery(query) || query.state.status === "pending",
      },
    },
  });
}

// ---------------------------------------------------------------------------------------------
// Keys, one factory per domain. Invalidate `releaseKeys.detail(model)` after a move of that model;
// `releaseKeys.all` covers the overview too.

export const releaseKeys = {
  all: ["releases"] as const,
  list: () => [...releaseKeys.all, "list"] as const,
  detail: (model: string) => [...releaseKeys.all, "detail", model] as const,
};

export const incidentKeys = {
  all: ["incidents"] as const,
  list: (filter: { model?: string; status?: "open" | "closed" } = {}) => [...incidentKeys.all, "list", filter] as const,
  detail: (id: string) => [...incidentKeys.all, "detail", id] as const,
};

// ---------------------------------------------------------------------------------------------
// Fetchers (browser → the REST API with the session cookie)

/** A refused API call with the API's error shape (README → API). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export async function getJson<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, { ...init, headers: { accept: "application/json", ...init?.headers }, credentials: "same-origin" });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    throw new ApiError(res.status, body?.error?.code ?? "internal", body?.error?.message ?? `The request failed (HTTP ${res.status}).`);
  }
  return (await res.json()) as T;
}

const modelPath = (model: string) => `/api/v1/models/${encodeURIComponent(model)}`;

/** `GET /api/v1/models/{m}/release`: the release page's DTO. */
export function releaseApiUrl(model: string): string {
  return `${modelPath(model)}/release`;
}

/** `GET /api/v1/models/{m}/release/stream`: Server-Sent Events, the DTO now and after every change. */
export function releaseStreamUrl(model: string): string {
  return `${modelPath(model)}/release/stream`;
}

export function releaseQuery(model: string) {
  return queryOptions({
    queryKey: releaseKeys.detail(model),
    queryFn: ({ signal }) => getJson<ReleaseDetail>(releaseApiUrl(model), { signal, cache: "no-store" }),
  });
}

// ---------------------------------------------------------------------------------------------
// Server actions as mutations: an action answers `{ok, data} | {ok: false, error}` (lib/safe-action.ts);
// a mutation needs a throw to reach `onError`.

/** A server action's refusal, with its code (`precondition_failed` for a stale page) and field issues. */
export class ActionError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(message);
    this.name = "ActionError";
  }
}

export async function unwrapAction<R>(result: Promise<ActionResult<R>>): Promise<R> {
  const r = await result;
  if (!r.ok) throw new ActionError(r.error.code, r.error.message, r.error.issues ?? []);
  return r.data;
}
