/** The `rollgate` process: real environment, files, network and output around `run`. */
import { readFile, writeFile } from "node:fs/promises";
import { createInterface } from "node:readline/promises";
import { EXIT } from "./exit-codes";
import { run } from "./run";

const argv = process.argv.slice(2);
const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

/** What the commands that talk to a server and to files are given: the environment, fetch, files, output. */
const serverIo = () => ({
  env: process.env,
  fetch: globalThis.fetch,
  readFile: (path: string) => readFile(path, "utf8"),
  writeFile: (path: string, text: string) => writeFile(path, text, "utf8"),
  out,
  err,
});

async function ask(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

async function packageVersion(): Promise<string> {
  // src/main.ts when run from source, dist/rollgate.mjs when installed: package.json is one up from both
  const text = await readFile(new URL("../package.json", import.meta.url), "utf8");
  return (JSON.parse(text) as { version: string }).version;
}

if (argv[0] === "--version" || argv[0] === "-v" || argv[0] === "version") {
  out(await packageVersion());
} else if (argv[0] === "relay") {
  // the relay reads the server's database, so it ships with the server, not with this package
  err("rollgate relay runs beside the Rollgate server, from its installation: `npm run relay -- --database-url postgresql://…`.");
  err(
    "This package (@rollgate/cli) registers and validates manifests, applies policies, verifies audit exports and exports and verifies evidence packs, and freezes, pulls and compares replay sets.",
  );
  process.exitCode = EXIT.usage;
} else if (argv[0] === "audit") {
  const { runAudit } = await import("./audit");
  process.exitCode = await runAudit(argv.slice(1), { readFile: (path) => readFile(path, "utf8"), out, err });
} else if (argv[0] === "evidence") {
  const { runEvidence } = await import("./evidence");
  process.exitCode = await runEvidence(argv.slice(1), serverIo());
} else if (argv[0] === "replay") {
  const { runReplay } = await import("./replay");
  process.exitCode = await runReplay(argv.slice(1), serverIo());
} else if (argv[0] === "policy") {
  const { runPolicy } = await import("./policy");
  process.exitCode = await runPolicy(argv.slice(1), {
    ...serverIo(),
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
