// GET …/routes in a Next.js route handler: the same bytes and ETag as the data plane, read
// once from the file the bench names (BENCH_ROUTES_BODY).
import { readFileSync } from "node:fs";

export const dynamic = "force-dynamic";

let body;
let etag;

export function GET(request) {
  if (!body) {
    body = readFileSync(process.env.BENCH_ROUTES_BODY);
    etag = process.env.BENCH_ROUTES_ETAG;
  }
  if (request.headers.get("if-none-match") === etag) {
    return new Response(null, { status: 304, headers: { etag, "cache-control": "no-cache" } });
  }
  return new Response(body, { headers: { "content-type": "application/json; charset=utf-8", etag, "cache-control": "no-cache" } });
}
