#!/usr/bin/env node
// The server installation's command: `relay` (which reads the server's database) lives here;
// everything else is the @rollgate/cli package, run from its source in this repository.
import { register } from "tsx/esm/api";

register();
if (process.argv[2] === "relay") {
  const { runRelay } = await import("../lib/routing/relay-command.ts");
  const stopSignal = new Promise((resolve) => {
    process.once("SIGINT", () => resolve("SIGINT"));
    process.once("SIGTERM", () => resolve("SIGTERM"));
  });
  const out = (line) => process.stdout.write(`${line}\n`);
  const err = (line) => process.stderr.write(`${line}\n`);
  process.exitCode = await runRelay(process.argv.slice(3), { env: process.env, out, err, stopSignal });
  process.exit();
} else {
  await import("../packages/cli/src/main.ts");
}
