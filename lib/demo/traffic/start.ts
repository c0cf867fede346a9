// `npm run demo`: server.ts starts the demo fleet once it listens, as one of its stoppable loops.
// The fleet reaches the server over loopback HTTP like any inference service would.
import type { Db } from "../../database/types";
import type { Env } from "../../env";
import { DEFAULT_BACKFILL_HOURS } from "./backfill";
import { routeHistory } from "./history";
import { DEMO_TRAFFIC_MODELS } from "./profiles";
import { startDemoTraffic } from "./simulator";
import { DEMO_TENANTS } from "./tenants";
import { issueDemoTrafficToken } from "./token";

/** The address the server listens on, as a URL a local client can open. */
export function loopbackUrl(env: Pick<Env, "host" | "port">): string {
  const host = env.host === "0.0.0.0" || env.host === "::" ? "127.0.0.1" : env.host.includes(":") ? `[${env.host}]` : env.host;
  return `http://${host}:${env.port}`;
}

export async function startDemoTrafficLoop(
  db: Db,
  env: Env,
  log: (message: string) => void,
): Promise<{ name: string; stop: () => Promise<void> }> {
  const name = "demo traffic";
  if (!env.demoTraffic.enabled) {
    log("demo traffic: off (ROLLGATE_DEMO_TRAFFIC=off)");
    return { name, stop: async () => {} };
  }
  const { secret } = await issueDemoTrafficToken(db);
  const rate = env.demoTraffic.ratePerSecond;
  const history = await routeHistory(
    db,
    DEMO_TRAFFIC_MODELS.map((m) => m.key),
    Date.now() - DEFAULT_BACKFILL_HOURS * 3_600_000,
  );
  const traffic = startDemoTraffic({
    url: loopbackUrl(env),
    token: secret,
    ratePerSecond: rate,
    history,
    logger: { info: log, warn: log },
  });
  log(`demo traffic: ${rate} req/s for ${DEMO_TENANTS.length} tenants on ${DEMO_TRAFFIC_MODELS.length} models`);
  return { name, stop: async () => void (await traffic.stop()) };
}
