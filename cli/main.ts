/** The `rollgate` process: real environment, files, network and output around `run`. */
import { readFile } from 'node:fs/promises';
import { run } from './run';

process.exitCode = await run(process.argv.slice(2), {
  env: process.env,
  fetch: globalThis.fetch,
  readFile: (path) => readFile(path, 'utf8'),
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
