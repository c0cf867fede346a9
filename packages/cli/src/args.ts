/**
 * Command-line parsing for `rollgate`: pure, so it is unit-tested without a process. Flags win
 * over the environment; an empty variable counts as unset (CI systems export empty secrets).
 */
import { parseArgs } from "node:util";

export const COMMANDS = ["register", "validate"] as const;
export type Command = (typeof COMMANDS)[number];

export type Invocation =
  | { kind: "help" }
  | { kind: "run"; command: Command; file: string; url: string | null; token: string | null; model: string | null }
  | { kind: "usage-error"; message: string };

export const HELP = `rollgate — register model versions with a Rollgate server, apply policies, verify audit exports

Usage:
  rollgate register <manifest.(yaml|yml|json)>   register a version (201 created, 200 already registered)
  rollgate validate <manifest.(yaml|yml|json)>   check a manifest without registering it
  rollgate policy get <model> [-o policy.yaml]   read a model's policy as a file (rollgate policy --help)
  rollgate policy apply <policy.yaml> [--yes]    show the difference and apply it (policy as code, from CI)
  rollgate audit verify --checkpoint <file>      check signed audit checkpoints and an export, offline (rollgate audit --help)
  rollgate evidence export --model <key> --from <date> --to <date>   a model's signed evidence pack (rollgate evidence --help)
  rollgate evidence verify <pack.json> [--key <file|URL>]            check an evidence pack, offline
  rollgate replay freeze|list|pull|compare|erase-tenant …            frozen replay sets (rollgate replay --help)
  rollgate --version
  rollgate --help

validate runs the manifest schema checks locally (no server needed); when a URL and token
are set it also asks the server for a dry run, which adds the checks that need the registry:
the model's budgets, parent_version, and the schema version in PROD.

Options:
  --url <url>      Rollgate base URL, e.g. http://127.0.0.1:3000   (default: $ROLLGATE_URL)
  --token <token>  API token with scope registry:write            (default: $ROLLGATE_TOKEN)
  --model <key>    model key for the URL                          (default: the manifest's model_id)
  -h, --help       show this help

Exit codes:
  0 success   2 usage   3 invalid manifest   4 version exists with different content
  5 authentication or permission   6 network or server error
`;

const MANIFEST_EXTENSIONS = /\.(ya?ml|json)$/i;

const blankToNull = (v: string | undefined): string | null => (v === undefined || v.trim() === "" ? null : v.trim());

export function parseInvocation(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): Invocation {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        url: { type: "string" },
        token: { type: "string" },
        model: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (e) {
    // node's messages name the offending option ("Unknown option '--tokn'"); its advice about
    // `--` positionals does not apply to a manifest path, so it is cut
    const message = ((e as Error).message.split("\n")[0] ?? "invalid arguments").replace(/\. To specify a positional[\s\S]*$/, ".");
    return { kind: "usage-error", message };
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0 || positionals[0] === "help") return { kind: "help" };
  const [command, file, ...extra] = positionals;
  if (!(COMMANDS as readonly string[]).includes(command ?? "")) {
    return { kind: "usage-error", message: `Unknown command "${command}". Commands: ${COMMANDS.join(", ")}.` };
  }
  if (!file) return { kind: "usage-error", message: `rollgate ${command} needs a manifest file: rollgate ${command} <manifest.yaml>` };
  if (extra.length > 0) return { kind: "usage-error", message: `Unexpected argument "${extra[0]}": give one manifest file.` };
  if (!MANIFEST_EXTENSIONS.test(file)) {
    return { kind: "usage-error", message: `${file}: the manifest must be a .yaml, .yml or .json file.` };
  }
  return {
    kind: "run",
    command: command as Command,
    file,
    url: blankToNull(values.url) ?? blankToNull(env.ROLLGATE_URL),
    token: blankToNull(values.token) ?? blankToNull(env.ROLLGATE_TOKEN),
    model: blankToNull(values.model),
  };
}

/** The Content-Type to send a manifest file with, from its extension. */
export function contentTypeFor(file: string): "application/yaml" | "application/json" {
  return /\.json$/i.test(file) ? "application/json" : "application/yaml";
}

/** `https://host/base/` + model → the versions endpoint; null when the base is not an http(s) URL. */
export function versionsEndpoint(base: string, model: string, dryRun: boolean): URL | null {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  const prefix = url.pathname.replace(/\/+$/, "");
  url.pathname = `${prefix}/api/v1/models/${encodeURIComponent(model)}/versions`;
  url.search = dryRun ? "?dry_run=true" : "";
  return url;
}
