// Bundles the CLI into one file with no runtime dependencies: the manifest parser and schema
// are the server's own (lib/registry), so `rollgate validate` and the registry cannot disagree.
// The build refuses any input outside the allow-list, so server code (database, Next.js,
// server-only modules) can never slip into what people install.
import { readFileSync, writeFileSync, existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
const dist = path.join(here, "dist");

const ALLOWED = [
  /^packages\/cli\/src\/[^/]+\.ts$/,
  /^lib\/registry\/(content-hash|manifest-schema|parse|issues)\.ts$/,
  /^lib\/audit\/(canonical|chain|offline|signing)\.ts$/,
  /^lib\/evidence\/(pack|verify-pack)\.ts$/,
  /^lib\/input\/[^/]+\.ts$/,
  /^lib\/format\/[^/]+\.ts$/,
  /^node_modules\/(yaml|zod)\//,
];

mkdirSync(dist, { recursive: true });
const common = {
  absWorkingDir: repo,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // yaml's CommonJS build requires Node built-ins; an ES module has no `require` of its own
  banner: {
    js: [
      "// @rollgate/cli: bundled; third-party notices in THIRD-PARTY-LICENSES.txt",
      'import { createRequire as __rollgateRequire } from "node:module";',
      "const require = __rollgateRequire(import.meta.url);",
    ].join("\n"),
  },
  legalComments: "none",
  metafile: true,
  logLevel: "warning",
};
// the command, and the library entry (validateManifest, EXIT; types/index.d.ts declares it)
const results = await Promise.all([
  build({ ...common, entryPoints: [path.join(here, "src/main.ts")], outfile: path.join(dist, "rollgate.mjs") }),
  build({ ...common, entryPoints: [path.join(here, "src/index.ts")], outfile: path.join(dist, "index.mjs") }),
]);
const inputs = [...new Set(results.flatMap((r) => Object.keys(r.metafile.inputs)))];
const refused = inputs.filter((file) => !ALLOWED.some((re) => re.test(file)));
if (refused.length > 0) {
  console.error(`@rollgate/cli: the bundle reaches modules outside its allow-list:\n  ${refused.join("\n  ")}`);
  process.exit(1);
}

// the bundled packages' licences travel with the bundle
const packages = [...new Set(inputs.map((f) => /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(f)?.[1]).filter(Boolean))].sort();
const notices = packages.map((name) => {
  const dir = path.join(repo, "node_modules", name);
  const { version, license } = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
  const file = ["LICENSE", "LICENSE.md", "LICENSE.txt", "license"].map((f) => path.join(dir, f)).find((f) => existsSync(f));
  const text = file ? readFileSync(file, "utf8").trim() : `License: ${license}`;
  return `${name}@${version} (${license})\n\n${text}\n`;
});
writeFileSync(path.join(dist, "THIRD-PARTY-LICENSES.txt"), notices.join(`\n${"-".repeat(72)}\n\n`));

const bytes = readFileSync(path.join(dist, "rollgate.mjs")).length;
console.log(
  `@rollgate/cli: dist/rollgate.mjs ${(bytes / 1024).toFixed(0)} KiB from ${inputs.length} modules (${packages.join(", ")} bundled)`,
);
