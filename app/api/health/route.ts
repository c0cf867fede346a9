// GET /api/health – liveness with a database round trip, for load balancers and uptime checks
import { apiRoute } from "@/lib/api/route";
import { db } from "@/lib/db";
import packageJson from "@/package.json";

export const dynamic = "force-dynamic";

// A load balancer's probe gives up after a few seconds; answer 503 before it does rather
// than hang on a database that accepts connections but never replies.
const DB_TIMEOUT_MS = 2_000;

async function databaseReachable(): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), DB_TIMEOUT_MS);
  });
  try {
    const probe = (async () => {
      await db().$queryRaw`SELECT 1`;
      return true;
    })();
    return await Promise.race([probe, timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

export const GET = apiRoute({ public: true }, async () => {
  const headers: Record<string, string> = { "cache-control": "no-store" };
  if (await databaseReachable()) {
    return { body: { status: "ok", db: "ok", version: packageJson.version }, headers };
  }
  return {
    status: 503,
    body: { status: "unavailable", db: "unreachable", version: packageJson.version },
    headers: { ...headers, "Retry-After": "5" },
  };
});
