// The layering of lib/ (docs/architecture.md → Layers), checked by `npm run lint`.
// Platform: what every feature stands on; it imports no feature, so a feature can change
// without the kernel noticing. Features: the product's areas. Tests may import anything.
const PLATFORM = "^lib/(api|audit|auth|database|events|format|http|input|jobs|runtime|settings|time)/|^lib/(clock|db|env|errors)\\.ts$";
const FEATURES =
  "^lib/(access|attention|demo|drift|guardrails|lifecycle|notify|preferences|registry|rollout|routing|telemetry)/|^lib/contracts\\.ts$";
const TESTS = "\\.test\\.tsx?$|^tests/|^e2e/";

module.exports = {
  forbidden: [
    {
      name: "platform-imports-no-feature",
      comment: "lib's platform layer (database, HTTP, validation, audit, jobs, runtime…) must not import a feature.",
      severity: "error",
      from: { path: PLATFORM, pathNot: TESTS },
      to: { path: FEATURES },
    },
    {
      name: "components-never-touch-the-database",
      comment:
        "components/ render what pages and queries give them; reading the database is a query's job in lib/. " +
        "lib/database/unreachable.ts only classifies an error value (the outage page uses it) and opens nothing.",
      severity: "error",
      from: { path: "^components/" },
      to: {
        path: "^lib/(database/|db\\.ts$)|^node_modules/(pg|@prisma/client|@prisma/adapter-pg|@electric-sql/pglite)/",
        pathNot: "^lib/database/unreachable\\.ts$",
      },
    },
    {
      name: "no-circular",
      comment: "A cycle makes two modules one; split what they share into a third.",
      severity: "error",
      from: { pathNot: TESTS },
      to: { circular: true, viaOnly: { dependencyTypesNot: ["type-only"] } },
    },
  ],
  options: {
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^generated/|^\\.next/|^node_modules/" },
    enhancedResolveOptions: { extensions: [".ts", ".tsx", ".js", ".mjs"] },
  },
};
