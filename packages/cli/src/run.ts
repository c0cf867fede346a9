/**
 * `rollgate register` and `rollgate validate`. Everything the process touches (environment,
 * files, network, output) comes in through `CliIo`, so the commands are tested with fakes.
 */
import { contentTypeFor, HELP, parseInvocation, versionsEndpoint, type Invocation } from "./args";
import { EXIT, type ExitCode } from "./exit-codes";
import { describeFailure, formatIssues } from "./format";
import { NetworkError, postManifest, type Answer } from "./http";
import { checkManifestLocally, readModelId } from "./local-checks";

export type CliIo = {
  env: Readonly<Record<string, string | undefined>>;
  fetch: typeof fetch;
  readFile: (path: string) => Promise<string>;
  out: (line: string) => void;
  err: (line: string) => void;
};

type Run = Extract<Invocation, { kind: "run" }>;

type Registered = { model: string; version: string; stage: string; contentHash: string };
type DryRun = { valid: true; wouldBe: "created" | "unchanged"; contentHash: string };

function printFields(io: CliIo, fields: [string, string][]): void {
  const width = Math.max(...fields.map(([k]) => k.length));
  for (const [k, v] of fields) io.out(`  ${k.padEnd(width)}  ${v}`);
}

function failed(io: CliIo, answer: Answer): ExitCode {
  const { exitCode, lines } = describeFailure(answer.status, answer.body, answer.requestId);
  for (const line of lines) io.err(line);
  return exitCode;
}

/** Checks the URL and token are set; prints what is missing. */
function serverTarget(io: CliIo, inv: Run, model: string, dryRun: boolean): { url: URL; token: string } | null {
  if (!inv.url || !inv.token) {
    const missing = [!inv.url && "ROLLGATE_URL (or --url)", !inv.token && "ROLLGATE_TOKEN (or --token)"].filter(Boolean);
    io.err(`✗ Set ${missing.join(" and ")} to talk to the Rollgate server.`);
    return null;
  }
  const url = versionsEndpoint(inv.url, model, dryRun);
  if (!url) {
    io.err(`✗ "${inv.url}" is not an http(s) URL; set ROLLGATE_URL to the Rollgate base URL, e.g. http://127.0.0.1:3000.`);
    return null;
  }
  return { url, token: inv.token };
}

async function send(io: CliIo, target: { url: URL; token: string }, text: string, contentType: string): Promise<Answer | null> {
  try {
    return await postManifest(io.fetch, target.url, target.token, text, contentType);
  } catch (e) {
    if (e instanceof NetworkError) {
      io.err(`✗ ${e.message}`);
      return null;
    }
    throw e;
  }
}

async function register(io: CliIo, inv: Run, text: string): Promise<ExitCode> {
  const contentType = contentTypeFor(inv.file);
  const model = inv.model ?? readModelId(text, contentType);
  if (!model) {
    // Without a model key there is no URL to send to; the local checks say why.
    const local = checkManifestLocally(text, contentType);
    io.err(`✗ ${inv.file}: cannot tell which model this is for (no readable model_id); pass --model or fix the manifest:`);
    if (!local.ok) for (const line of formatIssues(local.issues)) io.err(line);
    return EXIT.validation;
  }
  const target = serverTarget(io, inv, model, false);
  if (!target) return EXIT.usage;
  const answer = await send(io, target, text, contentType);
  if (!answer) return EXIT.server;
  if (answer.status !== 201 && answer.status !== 200) return failed(io, answer);
  const body = answer.body as Registered;
  io.out(answer.status === 201 ? `✓ registered ${body.model} ${body.version}` : `✓ already registered: ${body.model} ${body.version}`);
  printFields(io, [
    ["model", body.model],
    ["version", body.version],
    ["stage", body.stage],
    ["hash", body.contentHash],
    ["result", answer.status === 201 ? "created" : "already registered with identical content; nothing changed"],
  ]);
  return EXIT.ok;
}

async function validate(io: CliIo, inv: Run, text: string): Promise<ExitCode> {
  const contentType = contentTypeFor(inv.file);
  const local = checkManifestLocally(text, contentType);
  if (!local.ok) {
    io.err(`✗ ${inv.file}: ${local.issues.length} problem${local.issues.length === 1 ? "" : "s"} (local checks):`);
    for (const line of formatIssues(local.issues)) io.err(line);
    return EXIT.validation;
  }
  io.out(`✓ ${inv.file}: the manifest schema checks pass (${local.modelId} ${local.version})`);
  if (!inv.url || !inv.token) {
    io.out("  Set ROLLGATE_URL and ROLLGATE_TOKEN to also run the server checks (budgets, parent_version, PROD schema version).");
    printFields(io, [["hash", local.contentHash]]);
    return EXIT.ok;
  }
  const target = serverTarget(io, inv, inv.model ?? local.modelId, true);
  if (!target) return EXIT.usage;
  const answer = await send(io, target, text, contentType);
  if (!answer) return EXIT.server;
  if (answer.status !== 200) return failed(io, answer);
  const body = answer.body as DryRun;
  io.out(`✓ the server checks pass`);
  printFields(io, [
    ["hash", body.contentHash],
    ["result", body.wouldBe === "created" ? "would be registered as a new version" : "already registered with identical content"],
  ]);
  return EXIT.ok;
}

export async function run(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const inv = parseInvocation(argv, io.env);
  if (inv.kind === "help") {
    io.out(HELP);
    return EXIT.ok;
  }
  if (inv.kind === "usage-error") {
    io.err(`✗ ${inv.message}`);
    io.err("  Run rollgate --help for usage.");
    return EXIT.usage;
  }
  let text: string;
  try {
    text = await io.readFile(inv.file);
  } catch (e) {
    const code = (e as { code?: string }).code;
    io.err(`✗ Cannot read ${inv.file}: ${code === "ENOENT" ? "no such file" : (e as Error).message}.`);
    return EXIT.usage;
  }
  return inv.command === "register" ? register(io, inv, text) : validate(io, inv, text);
}
