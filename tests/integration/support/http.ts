// Calls a Next.js route handler the way Next does: a real Request, and params as a Promise.

type RouteHandler<P> = (req: Request, ctx: { params: Promise<P> }) => Promise<Response>;

export type CallOptions<P> = {
  method?: string;
  /** path and query, e.g. `/api/v1/models/x/versions?page=2` */
  path: string;
  params?: P;
  headers?: Record<string, string>;
  /** a string is sent as-is (YAML, raw text, broken JSON); anything else as JSON */
  body?: unknown;
  /** content type for a string body; default text/plain */
  contentType?: string;
  /** API token secret, sent as `Authorization: Bearer <token>` */
  token?: string;
  /** the Origin header on a write; default this site's, null for none */
  origin?: string | null;
};

// the origin the tests' NEXTAUTH_URL names (lib/env.ts's default)
const ORIGIN = "http://127.0.0.1:3000";

export type CallResult = {
  status: number;
  headers: Headers;
  text(): Promise<string>;
  json<T = unknown>(): Promise<T>;
};

export async function callRoute<P = Record<string, string>>(handler: RouteHandler<P>, opts: CallOptions<P>): Promise<CallResult> {
  const headers = new Headers(opts.headers);
  let body: string | undefined;
  if (opts.body !== undefined) {
    if (typeof opts.body === "string") {
      body = opts.body;
      if (!headers.has("content-type")) headers.set("content-type", opts.contentType ?? "text/plain");
    } else {
      body = JSON.stringify(opts.body);
      if (!headers.has("content-type")) headers.set("content-type", "application/json");
    }
    headers.set("content-length", String(Buffer.byteLength(body)));
  }
  if (opts.token) headers.set("authorization", `Bearer ${opts.token}`);
  const method = opts.method ?? (body === undefined ? "GET" : "POST");
  // a browser names the page's origin on every write; pass `origin: null` to leave it out
  if (opts.origin !== null && !headers.has("origin") && !["GET", "HEAD"].includes(method)) {
    headers.set("origin", opts.origin ?? ORIGIN);
  }
  const req = new Request(new URL(opts.path, ORIGIN), { method, headers, body });
  const res = await handler(req, { params: Promise.resolve((opts.params ?? {}) as P) });
  let cached: Promise<string> | undefined;
  const text = () => (cached ??= res.text());
  return {
    status: res.status,
    headers: res.headers,
    text,
    json: async <T>() => JSON.parse(await text()) as T,
  };
}
