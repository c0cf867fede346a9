// GET /api/health – liveness with a database round trip, for load balancers and uptime checks.
// It says what is down: `database.status` is "unreachable" with the error's class (connection
// refused, cannot_connect_now, timeout, …) while PostgreSQL cannot serve, and the answer is 503
// with Retry-After. `db` is the same as `database.status`, kept for existing probes.
// `dataPlane` says whether the routing tables this process serves are current ("ok") or served
// from memory while the database is unreachable ("stale", with seconds); it is absent where the
// process runs no data plane.
import { handle } from "@/lib/api/handle";
import { healthRoute } from "@/lib/api/system-contracts";
import { databaseOutageClass } from "@/lib/database/unreachable";
import { db } from "@/lib/db";
import { dataPlaneHealth } from "@/lib/routing/health";
import packageJson from "@/package.json";

export const dynamic = "force-dynamic";

// A load balancer's probe gives up after a few seconds; answer 503 before it does rather
// than hang on a database that accepts connections but never replies.
const DB_TIMEOUT_MS = 2_000;

type DatabaseHealth = { status: "ok"; latencyMs: number } | { status: "unreachable"; error: string };

async function databaseHealth(): Promise<DatabaseHealth> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const started = performance.now();
  const timeout = new Promise<DatabaseHealth>((resolve) => {
    timer = setTimeout(() => resolve({ status: "unreachable", error: "timeout" }), DB_TIMEOUT_MS);
  });
  try {
    const probe = (async (): Promise<DatabaseHealth> => {
      await db().$queryRaw`SELECT 1`;
      return { status: "ok", latencyMs: Math.round(performance.now() - started) };
    })();
    return await Promise.race([probe, timeout]);
  } catch (e) {
    // only the class leaves: a driver message can name hosts and users
    return { status: "unreachable", error: databaseOutageClass(e) ?? "error" };
  } finally {
    clearTimeout(timer);
  }
}

export const GET = handle(healthRoute, async () => {
  const headers: Record<string, string> = { "cache-control": "no-store" };
  const database = await databaseHealth();
  const dataPlane = dataPlaneHealth() ?? undefined;
  if (database.status === "ok") {
    return { body: { status: "ok" as const, database, db: "ok" as const, dataPlane, version: packageJson.version }, headers };
  }
  return {
    status: 503 as const,
    body: { status: "unavailable" as const, database, db: "unreachable" as const, dataPlane, version: packageJson.version },
    headers: { ...headers, "Retry-After": "5" },
  };
});
