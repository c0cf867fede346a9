/**
 * What server.ts does for metrics in front of Next.js: count every request by route group, and
 * answer `GET /metrics` without a token when ROLLGATE_METRICS_PUBLIC is set (a scraper on a
 * private network). The route handler (app/metrics) answers it otherwise, with a token.
 */
// No "server-only" marker: server.ts imports this module under tsx.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Tx } from "../database/types";
import type { MetricsTenants } from "../env";
import { metricsText } from "./exposition";
import { httpDuration, httpRequests, routeGroup, statusClass } from "./instruments";
import { EXPOSITION_CONTENT_TYPE } from "./registry";

export function countRequest(req: IncomingMessage, res: ServerResponse): void {
  const started = performance.now();
  const group = routeGroup(req.url ?? "/");
  res.once("close", () => {
    httpRequests.inc({ group, code: statusClass(res.statusCode) });
    if (group !== "data_plane.stream") httpDuration.observe({ group }, (performance.now() - started) / 1000);
  });
}

/** A request handler for open metrics: true when it answered the request. */
export function publicMetrics(
  db: () => Tx,
  opts: { enabled: boolean; tenants: MetricsTenants; log: (line: string) => void },
): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    if (!opts.enabled || req.method !== "GET" || (req.url ?? "").split("?")[0] !== "/metrics") return false;
    metricsText(db(), opts.tenants).then(
      (text) => {
        res.writeHead(200, { "content-type": EXPOSITION_CONTENT_TYPE, "cache-control": "no-store" });
        res.end(text);
      },
      (e: unknown) => {
        opts.log(`metrics: scrape failed: ${(e as Error).message}`);
        res.writeHead(503, { "content-type": "text/plain; charset=utf-8" });
        res.end("metrics unavailable: the database did not answer\n");
      },
    );
    return true;
  };
}
