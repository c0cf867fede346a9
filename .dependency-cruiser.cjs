// The layering of lib/ (docs/architecture.md → Layers), checked by `npm run lint`.
// Platform: what every feature stands on; it imports no feature, so a feature can change
// without the kernel noticing. Features: the product's areas. Tests may import anything.
const PLATFORM =
  "^lib/(api|audit|auth|database|events|format|http|input|jobs|runtime|settings|teams|time)/|^lib/(clock|db|env|errors|safe-action)\\.ts$";

// Features in the order they may build on each other: a feature imports platform modules and
// features of earlier tiers (its own tier's other folders too: release control is lifecycle,
// rollout and guardrails; observability is telemetry and drift), never a later tier. An order
// has no cycles, so the features form no cycle either. lib/contracts.ts gathers them all.
const TIERS = [
  ["registry", "routing", "notify", "preferences"],
  ["policy"],
  ["telemetry", "drift", "replay"],
  ["lifecycle", "rollout", "guardrails"],
  ["attention", "demo", "access", "provenance"],
];
const folders = (tiers) => `^lib/(${tiers.flat().join("|")})/`;
const FEATURES = `${folders(TIERS)}|^lib/contracts\\.ts$`;
const TESTS = "\\.test\\.tsx?$|^tests/|^e2e/";

// A feature is one folder, or several that form one area (release control: lifecycle, rollout and
// guardrails; observability: telemetry and drift). Another feature imports it only through its
// index.ts (client-safe: rules, schemas, types) or server.ts (services and queries), so what a
// feature offers the others is written down in one place and the rest may change freely.
const AREAS = [
  ["lifecycle", "rollout", "guardrails"],
  ["telemetry", "drift"],
];
const areaOf = (folder) => AREAS.find((a) => a.includes(folder)) ?? [folder];
const entryRules = TIERS.flat().map((folder) => {
  const others = TIERS.flat().filter((f) => !areaOf(folder).includes(f));
  return {
    name: `feature-entry-${folder}`,
    comment: `${folder} imports another feature only through its index.ts or server.ts: docs/architecture.md → Layers.`,
    severity: "error",
    from: { path: `^lib/${folder}/`, pathNot: TESTS },
    to: { path: `^lib/(${others.join("|")})/`, pathNot: "/(index|server)\\.ts$" },
  };
});

const tierRules = TIERS.slice(0, -1).map((tier, i) => ({
  name: `feature-order-${tier[0]}`,
  comment: `${tier.join(", ")} may not import a later tier (${TIERS.slice(i + 1)
    .flat()
    .join(", ")}): docs/architecture.md → Layers.`,
  severity: "error",
  from: { path: folders([tier]), pathNot: TESTS },
  to: { path: `${folders(TIERS.slice(i + 1))}|^lib/contracts\\.ts$` },
}));

module.exports = {
  forbidden: [
    {
      name: "client-package-stands-alone",
      comment:
        "@rollgate/client is installed by inference services on its own: it imports nothing outside packages/client " +
        "but Node's built-ins.",
      severity: "error",
      from: { path: "^packages/client/" },
      to: { pathNot: "^packages/client/|^(node:)?[a-z_]+$" },
    },
    {
      name: "cli-package-reaches-only-shared-rules",
      comment:
        "@rollgate/cli bundles the registry's manifest rules, the audit chain's offline check and the evidence pack's, nothing of the server " +
        "(packages/cli/build.mjs refuses the same at build time).",
      severity: "error",
      from: { path: "^packages/cli/src/", pathNot: TESTS },
      to: {
        path: "^lib/",
        pathNot:
          "^lib/registry/(content-hash|manifest-schema|parse|issues)\\.ts$|^lib/audit/(canonical|chain|offline|signing|queries)\\.ts$|^lib/evidence/(pack|verify-pack)\\.ts$|^lib/(input|format)/",
      },
    },
    ...tierRules,
    ...entryRules,
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
    exclude: { path: "^generated/|^\\.next/" },
    enhancedResolveOptions: { extensions: [".ts", ".tsx", ".js", ".mjs"] },
  },
};
