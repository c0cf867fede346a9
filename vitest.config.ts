import path from "node:path";
import { Socket } from "node:net";
import { defineConfig } from "vitest/config";

// Vitest 5's reporter calls Map.groupBy (Node 21+) when it prints failures; on this machine's
// Node 20 that crashes the report and hides the failure. The config runs in the main process,
// so defining it here restores the report. Remove once Node 22 is the floor.
const mapWithGroupBy = Map as MapConstructor & {
  groupBy?: <K, T>(items: Iterable<T>, key: (item: T, index: number) => K) => Map<K, T[]>;
};
mapWithGroupBy.groupBy ??= <K, T>(items: Iterable<T>, key: (item: T, index: number) => K) => {
  const groups = new Map<K, T[]>();
  let i = 0;
  for (const item of items) {
    const k = key(item, i++);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
};

const root = path.dirname(new URL(import.meta.url).pathname);

// Same default as tests/integration/support/pg.ts (a config file cannot import it without an
// extension under Vite's native loader, and tsc refuses the extension).
const PG_URL = process.env.ROLLGATE_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

function postgresListening(url: string, timeoutMs = 1000): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("error", () => done(false));
    socket.connect(Number(u.port || 5432), u.hostname || "127.0.0.1", () => done(true));
  });
}

// Inline projects inherit this root config (Vitest 5): the aliases below apply to both.
export default defineConfig(async () => {
  // On PostgreSQL each worker opens a pool on the suite's own database; on the in-memory
  // PGlite fallback every worker holds a whole database (≈ 240 MB), so files run one at a time.
  const pg = await postgresListening(PG_URL);
  return {
    resolve: {
      alias: [
        { find: /^@\//, replacement: `${root}/` },
        // lib modules import "server-only"; its real entry throws outside a react-server bundle
        { find: /^server-only$/, replacement: path.join(root, "tests/support/server-only.ts") },
      ],
    },
    test: {
      // every JSON answer a route handler gives in a test is checked against its contract (lib/api/handle.ts)
      env: { ROLLGATE_CHECK_RESPONSES: "1" },
      projects: [
        {
          test: {
            name: "unit",
            environment: "node",
            include: ["lib/**/*.test.ts", "components/**/*.test.{ts,tsx}", "packages/**/*.test.ts", "clients/**/*.test.ts"],
          },
        },
        {
          test: {
            name: "integration",
            environment: "node",
            include: ["tests/integration/**/*.test.ts"],
            globalSetup: ["tests/integration/support/global-setup.ts"],
            setupFiles: ["tests/integration/support/setup.ts"],
            pool: "forks",
            maxWorkers: pg ? 2 : 1,
            fileParallelism: pg,
            // argon2 hashing, first connections and (on PGlite) initdb take a while
            hookTimeout: 60_000,
            testTimeout: 30_000,
            teardownTimeout: 30_000,
          },
        },
      ],
    },
  };
});
