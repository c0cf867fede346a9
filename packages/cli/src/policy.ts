/**
 * `rollgate policy get` and `rollgate policy apply`: a model's policy kept as a file beside the
 * model's code and applied from CI. `apply` asks the server what it would store (dry run: the
 * same validation, defaults filled in), prints the difference with the policy in force, asks
 * (or needs --yes), then applies with `If-Match` on the revision it showed, so a change made
 * meanwhile is refused instead of overwritten.
 */
import { parseArgs } from "node:util";
import { parse as parseYaml } from "yaml";
import { blank, runSubcommands, serverTarget, Stop, usageError, type ServerIo } from "./subcommands";
import { EXIT, type ExitCode } from "./exit-codes";
import { describeFailure, type Hints } from "./format";
import { NetworkError, send, type FullAnswer, type Request } from "./http";
import { policyDiff } from "./policy-diff";

export const POLICY_HELP = `rollgate policy — read and apply a model's policy as code

Usage:
  rollgate policy get <model> [-o policy.yaml] [--format yaml|json]
  rollgate policy apply <policy.(yaml|yml|json)> [--model <key>] [--yes] [--dry-run]

get prints the policy in force (or writes it to -o) as a document with the model, the policy,
its revision and where it came from. Commit it beside the model's code.

apply sends the file (the document get wrote, or a bare policy with --model), shows what
would change setting by setting, and applies it after you confirm. In CI, where nobody can
answer, pass --yes. The change is applied only if the policy is still at the revision shown;
a change that weakens the approval gate waits for a second admin in Rollgate.

Options:
  --url <url>      Rollgate base URL                   (default: $ROLLGATE_URL)
  --token <token>  API token; apply needs policy:write  (default: $ROLLGATE_TOKEN)
  --model <key>    the model, when the file is a bare policy
  -o, --output <f> get: write to this file instead of standard output
  --format <f>     get: yaml (default) or json; -o picks json for a .json file
  --yes            apply without asking
  --dry-run        apply: show the difference, change nothing
  -h, --help       show this help

Exit codes:
  0 applied, unchanged or shown   2 usage   3 invalid policy   4 changed meanwhile (412) or conflict
  5 authentication or permission   6 network or server error
`;

export type PolicyIo = ServerIo & {
  /** asks a yes/no question on the terminal; null when there is no terminal to ask on */
  confirm: ((question: string) => Promise<boolean>) | null;
};

const HINTS: Hints = {
  401: "Check ROLLGATE_TOKEN (or --token): the token is missing, unknown, revoked or expired.",
  403: "Applying a policy needs a token with the scope policy:write (Settings → API tokens).",
  404: "Check the model key, and ROLLGATE_URL (or --url): it should be the Rollgate base URL.",
  412: "Run `rollgate policy apply` again to see the difference with the policy in force now.",
};

type Doc = {
  model: string;
  policy: unknown;
  revision: number;
  source: { via: string; actor: string | null; at: string } | null;
  pending: { weakens: string[]; proposedBy: string } | null;
  changed?: boolean;
  weakens?: string[];
};

function usage(io: PolicyIo, message: string): never {
  return usageError(io, "policy", message);
}

/** The model's policy endpoint and the token (subcommands.ts → serverTarget). */
function endpoint(io: PolicyIo, values: Record<string, unknown>, model: string): { url: URL; token: string } {
  return serverTarget(io, "policy", values, `/api/v1/models/${encodeURIComponent(model)}/policy`);
}

async function call(io: PolicyIo, url: URL, req: Request): Promise<FullAnswer> {
  try {
    return await send(io.fetch, url, req);
  } catch (e) {
    if (e instanceof NetworkError) {
      io.err(`✗ ${e.message}`);
      throw new Stop(EXIT.server);
    }
    throw e;
  }
}

function fail(io: PolicyIo, answer: FullAnswer): never {
  const { exitCode, lines } = describeFailure(answer.status, answer.body, answer.requestId, HINTS);
  for (const line of lines) io.err(line);
  throw new Stop(exitCode);
}

function sourceText(doc: Doc): string {
  if (!doc.source) return `revision ${doc.revision}, as registered`;
  const via =
    doc.source.via === "api" ? "applied through the API" : doc.source.via === "ui" ? "saved in Rollgate" : `written (${doc.source.via})`;
  return `revision ${doc.revision}, ${via}${doc.source.actor ? ` by ${doc.source.actor}` : ""} at ${doc.source.at}`;
}

async function get(io: PolicyIo, args: string[]): Promise<ExitCode> {
  const { values, positionals } = parse(io, args, {
    url: { type: "string" },
    token: { type: "string" },
    output: { type: "string", short: "o" },
    format: { type: "string" },
  });
  const [model, ...extra] = positionals;
  if (!model) usage(io, "rollgate policy get needs the model key: rollgate policy get <model>");
  if (extra.length > 0) usage(io, `Unexpected argument "${extra[0]}".`);
  const output = blank(values.output as string | undefined);
  const format = (values.format as string | undefined) ?? (output && /\.json$/i.test(output) ? "json" : "yaml");
  if (format !== "yaml" && format !== "json") usage(io, `--format must be yaml or json, not "${format}".`);
  const { url, token } = endpoint(io, values, model);
  const answer = await call(io, url, {
    method: "GET",
    token,
    accept: format === "yaml" ? "application/yaml" : "application/json",
  });
  if (answer.status !== 200) fail(io, answer);
  const text = format === "json" ? `${JSON.stringify(answer.body, null, 2)}\n` : answer.text;
  const doc = (format === "json" ? answer.body : parseYaml(answer.text)) as Doc;
  if (output) {
    await io.writeFile(output, text);
    io.err(`✓ wrote ${output}: ${doc.model}, ${sourceText(doc)}`);
  } else {
    io.out(text.replace(/\n$/, ""));
  }
  return EXIT.ok;
}

function modelOf(io: PolicyIo, file: string, text: string, flag: string | null): string {
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (e) {
    io.err(`✗ ${file}: not valid YAML or JSON: ${(e as Error).message.split("\n")[0]}`);
    throw new Stop(EXIT.validation);
  }
  const named =
    typeof value === "object" && value !== null && typeof (value as { model?: unknown }).model === "string"
      ? (value as { model: string }).model
      : null;
  if (flag && named && flag !== named) usage(io, `${file} is the policy of "${named}", but --model says "${flag}".`);
  const model = flag ?? named;
  if (!model) usage(io, `${file} does not name its model: pass --model <key>, or use the document \`rollgate policy get\` writes.`);
  return model;
}

async function apply(io: PolicyIo, args: string[]): Promise<ExitCode> {
  const { values, positionals } = parse(io, args, {
    url: { type: "string" },
    token: { type: "string" },
    model: { type: "string" },
    yes: { type: "boolean" },
    "dry-run": { type: "boolean" },
  });
  const [file, ...extra] = positionals;
  if (!file) usage(io, "rollgate policy apply needs a policy file: rollgate policy apply policy.yaml");
  if (extra.length > 0) usage(io, `Unexpected argument "${extra[0]}": give one policy file.`);
  if (!/\.(ya?ml|json)$/i.test(file)) usage(io, `${file}: the policy must be a .yaml, .yml or .json file.`);
  let text: string;
  try {
    text = await io.readFile(file);
  } catch (e) {
    io.err(`✗ Cannot read ${file}: ${(e as Error).message}`);
    throw new Stop(EXIT.usage);
  }
  const model = modelOf(io, file, text, blank(values.model as string | undefined));
  const { url, token } = endpoint(io, values, model);
  const contentType = /\.json$/i.test(file) ? "application/json" : "application/yaml";

  const current = await call(io, url, { method: "GET", token });
  if (current.status !== 200) fail(io, current);
  const now = current.body as Doc;
  const ifMatch = `"${now.revision}"`;

  const previewUrl = new URL(url);
  previewUrl.search = "?dry_run=true";
  const preview = await call(io, previewUrl, { method: "PUT", token, text, contentType, ifMatch });
  if (preview.status !== 200) fail(io, preview);
  const proposed = preview.body as Doc;
  if (!proposed.changed) {
    io.out(`✓ ${model}: no changes; the policy in force is already this (${sourceText(now)})`);
    return EXIT.ok;
  }
  const lines = policyDiff(now.policy, proposed.policy);
  io.out(`${model}: ${lines.length} setting${lines.length === 1 ? "" : "s"} would change (policy in force: ${sourceText(now)})`);
  for (const line of lines) io.out(`  ${line}`);
  if (proposed.weakens && proposed.weakens.length > 0) {
    io.out(`  ⚠ weakens the approval gate (${proposed.weakens.join("; ")}): it will wait for a second admin to confirm it in Rollgate`);
  }
  if (values["dry-run"]) {
    io.out("  (dry run: nothing applied)");
    return EXIT.ok;
  }
  if (!values.yes) {
    if (!io.confirm) usage(io, "Not applied: nobody can confirm here (no terminal). Pass --yes to apply from CI.");
    if (!(await io.confirm(`Apply these changes to ${model}? [y/N] `))) {
      io.out("Not applied.");
      return EXIT.ok;
    }
  }
  const answer = await call(io, url, { method: "PUT", token, text, contentType, ifMatch });
  if (answer.status !== 200 && answer.status !== 202) fail(io, answer);
  const doc = answer.body as Doc;
  if (answer.status === 202) {
    io.out(`⚠ ${model}: not applied yet: the change weakens the approval gate and waits for a second admin (model Settings tab).`);
    return EXIT.ok;
  }
  io.out(`✓ applied to ${model}: revision ${doc.revision}`);
  return EXIT.ok;
}

type Options = NonNullable<Parameters<typeof parseArgs>[0]>["options"];

type Parsed = { values: Record<string, string | boolean | undefined>; positionals: string[] };

function parse(io: PolicyIo, args: string[], options: Options): Parsed {
  try {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, strict: true, options });
    return { values: values as Parsed["values"], positionals };
  } catch (e) {
    usage(io, ((e as Error).message.split("\n")[0] ?? "invalid arguments").replace(/\. To specify a positional[\s\S]*$/, "."));
  }
}

export function runPolicy(argv: readonly string[], io: PolicyIo): Promise<ExitCode> {
  return runSubcommands("policy", argv, io, POLICY_HELP, { get, apply });
}
