/** The `rollgate` process: real environment, files, network and output around `run`. */
import { readFile } from "node:fs/promises";
import { run } from "./run";

const argv = process.argv.slice(2);
const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

if (argv[0] === "relay") {
  // a long-running server, unlike the other commands: loaded only when asked for
  const { runRelay } = await import("./relay");
  const stopSignal = new Promise<string>((resolve) => {
    process.once("SIGINT", () => resolve("SIGINT"));
    process.once("SIGTERM", () => resolve("SIGTERM"));
  });
  process.exitCode = await runRelay(argv.slice(1), { env: process.env, out, err, stopSignal });
  process.exit();
} else if (argv[0] === "audit") {
  const { runAudit } = await import("./audit");
  process.exitCode = await runAudit(argv.slice(1), { readFile: (path) => readFile(path, "utf8"), out, err });
} else {
  process.exitCode = await run(argv, {
    env: process.env,
    fetch: globalThis.fetch,
    readFile: (path) => readFile(path, "utf8"),
    out,
    err,
  });
}
