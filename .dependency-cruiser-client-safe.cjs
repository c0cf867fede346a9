// The second half of `npm run lint:layers`: what a feature's index.ts reaches at run time. Type
// imports vanish when TypeScript compiles, so this pass leaves them out (the first pass,
// .dependency-cruiser.cjs, counts them, for cycles and layers).
const FEATURE_INDEX =
  "^lib/(access|attention|demo|drift|guardrails|lifecycle|notify|policy|preferences|registry|rollout|routing|telemetry)/index\\.ts$";

const FEATURE_SERVER = FEATURE_INDEX.replace("index", "server");

module.exports = {
  forbidden: [
    {
      name: "feature-index-is-client-safe",
      comment:
        "A feature's index.ts is what other features' client-safe modules (schemas, pure rules) import: it must not reach " +
        "the database, a driver, server-only code or Node's built-ins. Server code is exported from server.ts.",
      severity: "error",
      from: { path: FEATURE_INDEX },
      to: {
        reachable: true,
        path: "^node_modules/(server-only|pg|@prisma/client|@prisma/adapter-pg|@electric-sql/pglite)/|^generated/prisma/(client|internal)|^lib/(db\\.ts$|database/(open|global|migrations))|^(node:)?(crypto|fs|path|net|http|https|os|child_process|stream|zlib|tls|dns|worker_threads)$",
      },
    },
    {
      name: "feature-server-entry-loads-outside-next",
      comment:
        "A feature's server.ts is also loaded by server.ts itself and by scripts (the demo seed, benchmarks), which run " +
        "outside Next's server components, where a `server-only` import throws.",
      severity: "error",
      from: { path: FEATURE_SERVER },
      to: { reachable: true, path: "^node_modules/server-only/" },
    },
  ],
  options: {
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: false,
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^generated/prisma/(models|commonInputTypes)|^\\.next/" },
    enhancedResolveOptions: { extensions: [".ts", ".tsx", ".js", ".mjs"] },
  },
};
