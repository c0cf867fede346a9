// The data plane as server.ts composes it — database opened, migrations applied, the data plane
// answering its paths in front of everything else — minus Next.js (building the app is not the
// benchmark's business; the data plane never hands its paths to Next). Started by run.ts:
//   --db pglite            a fresh embedded database in a temp dir, seeded here
//   --db postgres --url U  the bench's PostgreSQL database, seeded by run.ts (BENCH_TOKEN)
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { applyMigrations } from "../../lib/database/migrations";
import { openDatabase, type Database } from "../../lib/database/open";
import { apiSecurityHeaders } from "../../lib/http/security-headers";
import { LISTEN_BACKLOG, startDataPlane } from "../../lib/routing/data-plane";
import { seedBench } from "./seed";

const { values } = parseArgs({ options: { db: { type: "string" }, url: { type: "string" }, port: { type: "string" } } });
const port = Number(values.port);
let dir: string | null = null;
let db: Database;
let token: string;
if (values.db === "pglite") {
  dir = mkdtempSync(path.join(tmpdir(), "rollgate-bench-"));
  db = await openDatabase({ kind: "pglite", dataDir: dir }, { purpose: "bench" });
  await applyMigrations(db.adapterFactory);
  token = (await seedBench(db.prisma)).token;
} else {
  db = await openDatabase({ kind: "postgres", url: values.url! }, { purpose: "bench" });
  token = process.env.BENCH_TOKEN!;
}
const log = { info: () => {}, warn: (m: string) => console.warn(m) };
// the security headers server.ts gives every data plane response
const dataPlane = await startDataPlane(db, { log, headers: apiSecurityHeaders({ https: false }) });
const server = createServer((req, res) => {
  if (dataPlane.handle(req, res)) return;
  res.writeHead(404);
  res.end();
});
server.keepAliveTimeout = 65_000;
server.listen({ port, host: "127.0.0.1", backlog: LISTEN_BACKLOG }, () => console.log(`READY ${JSON.stringify({ port, token })}`));
process.on("SIGTERM", () => {
  server.close();
  server.closeAllConnections();
  void dataPlane
    .stop()
    .then(() => db.close())
    .finally(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    });
});
