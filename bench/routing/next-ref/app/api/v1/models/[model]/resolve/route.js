// GET …/resolve in a Next.js route handler: the same answer bytes as the data plane.
import { readFileSync } from "node:fs";

export const dynamic = "force-dynamic";

let body;

export function GET() {
  body ??= readFileSync(process.env.BENCH_RESOLVE_BODY);
  return new Response(body, { headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-cache" } });
}
