#!/usr/bin/env node
// The installed command. The CLI is one bundled file (dist/rollgate.mjs) with no runtime
// dependencies; `npm pack` and the repository's `npm install` build it.
try {
  await import("../dist/rollgate.mjs");
} catch (e) {
  if (e?.code === "ERR_MODULE_NOT_FOUND" && String(e.message).includes("dist/rollgate.mjs")) {
    process.stderr.write("rollgate: the CLI is not built; run `npm run build -w @rollgate/cli` in the Rollgate repository.\n");
    process.exit(1);
  }
  throw e;
}
