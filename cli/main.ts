/** The `rollgate` process: real environment, files, network and output around `run`. */
import { readFile, writeFile } from "node:fs/promises";
import { createInterface } from "node:readline/promises";
import { run } from "./run";

const argv = process.argv.slice(2);
const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

async function ask(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

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
} else if (argv[0] === "policy") {
  const { runPolicy } = await import("./policy");
  process.exitCode = await runPolicy(argv.slice(1), {
    env: process.env,
    fetch: globalThis.fetch,
    readFile: (path) => readFile(path, "utf8"),
    writeFile: (path, text) => writeFile(path, text, "utf8"),
    out,
    err,
    confirm: process.stdin.isTTY && process.stdout.isTTY ? ask : null,
  });
} else {
  process.exitCode = await run(argv, {
    env: process.env,
    fetch: globalThis.fetch,
    readFile: (path) => readFile(path, "utf8"),
    out,
    err,
  });
}
