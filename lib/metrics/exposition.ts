/**
 * The body of `GET /metrics`: the in-process instruments, the figures read at scrape time (data
 * plane followers, the serving counters from the rollups) and the process basics.
 */
// No "server-only" marker: server.ts imports this module under tsx (ROLLGATE_METRICS_PUBLIC).
import packageJson from "../../package.json";
import type { Tx } from "../database/types";
import { env } from "../env";
import { peekRuntime } from "../runtime";
import { EXPOSITION_CONTENT_TYPE, gather, renderExposition, type Family } from "./registry";
import { servingFamilies, type TenantSelection } from "./serving";

const STARTED_AT = Date.now();

function processFamilies(): Family[] {
  const plane = peekRuntime("dataPlane")?.status();
  const families: Family[] = [
    {
      name: "rollgate_build_info",
      help: "Always 1; labels name the running build.",
      type: "gauge",
      series: [{ labels: { version: packageJson.version, node: process.version }, value: 1 }],
    },
    {
      name: "rollgate_process_uptime_seconds",
      help: "Seconds since this process started serving metrics.",
      type: "gauge",
      series: [{ labels: {}, value: Math.round((Date.now() - STARTED_AT) / 1000) }],
    },
    {
      name: "rollgate_process_resident_memory_bytes",
      help: "Resident memory of this process.",
      type: "gauge",
      series: [{ labels: {}, value: process.memoryUsage().rss }],
    },
  ];
  if (plane) {
    families.push(
      {
        name: "rollgate_data_plane_streams",
        help: "Routing-table streams (inference services and relays following changes) open on this process.",
        type: "gauge",
        series: [{ labels: {}, value: plane.streams }],
      },
      {
        name: "rollgate_data_plane_stale_seconds",
        help: "Seconds since the routing tables were last known current; 0 while in sync.",
        type: "gauge",
        series: [{ labels: {}, value: plane.staleSeconds ?? 0 }],
      },
    );
  }
  return families;
}

export async function metricsText(db: Tx, tenants: TenantSelection = env().metricsTenants): Promise<string> {
  const [own, serving] = await Promise.all([gather(), servingFamilies(db, tenants)]);
  return renderExposition([...processFamilies(), ...own, ...serving]);
}

export async function metricsResponse(db: Tx, requestId: string): Promise<Response> {
  return new Response(await metricsText(db), {
    headers: { "content-type": EXPOSITION_CONTENT_TYPE, "cache-control": "no-store", "x-request-id": requestId },
  });
}
