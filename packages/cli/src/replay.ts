/**
 * `rollgate replay …`: freeze a named replay set of captured production requests, list a
 * model's sets, pull one as JSONL (checking its hash), compare two versions' outputs over it
 * into the `replay` object of an evaluation, and erase a tenant's replay data.
 * docs/replay-sets.md has the CI recipe.
 */
import { parseArgs } from "node:util";
import { EXIT, type ExitCode } from "./exit-codes";
import { describeFailure, type Hints } from "./format";
import { NetworkError, send } from "./http";
import { CompareError, compareReplay, sha256Hex } from "./replay-compare";
import { blank, runSubcommands, serverTarget, Stop, usageError, type ServerIo } from "./subcommands";

export const REPLAY_HELP = `rollgate replay — frozen replay sets: freeze, pull, compare, erase

Usage:
  rollgate replay freeze --model <key> --name <name> (--days <n> | --from <t> --to <t>) --size <n> [--stratify tenant|none]
  rollgate replay list --model <key>
  rollgate replay pull --model <key> --set <id|name> [--out set.jsonl]
  rollgate replay compare --set set.jsonl --baseline b.jsonl --candidate c.jsonl --baseline-version <v> [--set-id <id>] [--out replay.json]
  rollgate replay erase-tenant --tenant <tenant> [--model <key>]

freeze copies the model's captured requests of the window into an immutable set (stratified by
tenant unless --stratify none) and prints it; its contentHash is the SHA-256 of the JSONL pull writes.

pull writes the set's items, one JSON object per line (request_id, tenant, version, ts, input,
output), and checks the file against the set's frozen hash.

compare reads the set and two JSONL files of outputs, one line per request:
{"request_id": "...", "output": ...}, and prints the evaluation's \`replay\` object: cases,
agreement, agreement per tenant (worst first) and the 20 worst disagreements. With --set-id it
names the set and the hash of set.jsonl, so Rollgate checks the evaluation against the frozen set.
A decision is an output's \`label\` when it is an object with one, else the whole output.

erase-tenant deletes a tenant's captured requests and its items in frozen sets (one model, or
all), for a data-subject request. It cannot be undone and is recorded in the audit trail.

Options:
  --url <url>        Rollgate base URL                  (default: $ROLLGATE_URL)
  --token <token>    API token                          (default: $ROLLGATE_TOKEN)
                     freeze, list, pull: registry:write (list and pull: or audit:read);
                     erase-tenant: replay:erase
  -h, --help         show this help

Exit codes:
  0 done   2 usage or unreadable file   3 invalid input   4 the set name is taken
  5 authentication or permission   6 network or server error
  7 pull: the file does not match the set's hash   10 pull: items were erased from the set
`;

export type ReplayIo = ServerIo;

const HINTS: Hints = {
  401: "Check ROLLGATE_TOKEN (or --token): the token is missing, unknown, revoked or expired.",
  403: "freeze, list and pull need a token with registry:write (or audit:read to read); erase-tenant needs replay:erase.",
  404: "Check the model key and the set, and ROLLGATE_URL (or --url): it should be the Rollgate base URL.",
  409: "Replay sets are frozen: choose another name.",
};

// a large set is many megabytes: more time than one registration's request
const PULL_TIMEOUT_MS = 10 * 60_000;

type Options = NonNullable<Parameters<typeof parseArgs>[0]>["options"];
const SERVER: Options = { url: { type: "string" }, token: { type: "string" } };

function usage(io: ReplayIo, message: string): never {
  return usageError(io, "replay", message);
}

function parse(io: ReplayIo, args: string[], options: Options): Record<string, string | boolean | undefined> {
  try {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, strict: true, options });
    if (positionals.length > 0) usage(io, `Unexpected argument "${positionals[0]}".`);
    return values as Record<string, string | boolean | undefined>;
  } catch (e) {
    if (e instanceof Stop) throw e;
    usage(io, ((e as Error).message.split("\n")[0] ?? "invalid arguments").replace(/\. To specify a positional[\s\S]*$/, "."));
  }
}

function need(io: ReplayIo, command: string, values: Record<string, unknown>, names: string[]): string[] {
  const got = names.map((n) => blank(values[n]));
  const missing = names.filter((_, i) => !got[i]).map((n) => `--${n}`);
  if (missing.length > 0) usage(io, `rollgate replay ${command} needs ${missing.join(", ")}.`);
  return got as string[];
}

function server(io: ReplayIo, values: Record<string, unknown>, path: string): { url: URL; token: string } {
  return serverTarget(io, "replay", values, path);
}

async function call(io: ReplayIo, url: URL, token: string, method: "GET" | "POST", body?: unknown) {
  try {
    const answer = await send(io.fetch, url, {
      method,
      token,
      ...(body === undefined ? {} : { text: JSON.stringify(body), contentType: "application/json" }),
    });
    if (answer.status >= 300) {
      const { exitCode, lines } = describeFailure(answer.status, answer.body, answer.requestId, HINTS);
      for (const line of lines) io.err(line);
      throw new Stop(exitCode);
    }
    return answer.body;
  } catch (e) {
    if (e instanceof NetworkError) {
      io.err(`✗ ${e.message}`);
      throw new Stop(EXIT.server);
    }
    throw e;
  }
}

const setsPath = (model: string) => `/api/v1/models/${encodeURIComponent(model)}/replay-sets`;

type SetView = {
  id: string;
  name: string;
  from: string;
  to: string;
  itemCount: number;
  tenants: { tenant: string; items: number }[];
  contentHash: string;
  expiresAt: string;
  erased: { count: number; at: string } | null;
};

async function freeze(io: ReplayIo, args: string[]): Promise<ExitCode> {
  const values = parse(io, args, {
    ...SERVER,
    model: { type: "string" },
    name: { type: "string" },
    days: { type: "string" },
    from: { type: "string" },
    to: { type: "string" },
    size: { type: "string" },
    stratify: { type: "string" },
  });
  const [model, name, size] = need(io, "freeze", values, ["model", "name", "size"]);
  const days = blank(values.days);
  const from = blank(values.from);
  const to = blank(values.to);
  if (!days && !(from && to)) usage(io, "rollgate replay freeze needs the window: --days <n>, or --from and --to.");
  const number = (flag: string, v: string) => {
    if (!/^\d+$/.test(v)) usage(io, `--${flag} must be a whole number, not "${v}".`);
    return Number(v);
  };
  const body = {
    name,
    size: number("size", size!),
    ...(days ? { days: number("days", days) } : { from, to }),
    ...(blank(values.stratify) ? { stratify: blank(values.stratify) } : {}),
  };
  const { url, token } = server(io, values, setsPath(model!));
  const set = (await call(io, url, token, "POST", body)) as SetView;
  io.out(JSON.stringify(set, null, 2));
  io.err(`✓ froze "${set.name}" (${set.id}): ${set.itemCount} items of ${set.tenants.length} tenants, hash ${set.contentHash}`);
  return EXIT.ok;
}

async function list(io: ReplayIo, args: string[]): Promise<ExitCode> {
  const values = parse(io, args, { ...SERVER, model: { type: "string" } });
  const [model] = need(io, "list", values, ["model"]);
  const { url, token } = server(io, values, setsPath(model!));
  const { sets } = (await call(io, url, token, "GET")) as { sets: SetView[] };
  if (sets.length === 0) io.out(`${model} has no replay sets.`);
  for (const s of sets) {
    const erased = s.erased ? `, ${s.erased.count} erased ${s.erased.at.slice(0, 10)}` : "";
    io.out(
      `${s.name}  ${s.id}  ${s.itemCount} items${erased}  ${s.from.slice(0, 10)} – ${s.to.slice(0, 10)}  sha256:${s.contentHash.slice(0, 12)}`,
    );
  }
  return EXIT.ok;
}

async function pull(io: ReplayIo, args: string[]): Promise<ExitCode> {
  const values = parse(io, args, { ...SERVER, model: { type: "string" }, set: { type: "string" }, out: { type: "string", short: "o" } });
  const [model, set] = need(io, "pull", values, ["model", "set"]);
  const { url, token } = server(io, values, `${setsPath(model!)}/${encodeURIComponent(set!)}/items`);
  let res: Response;
  try {
    res = await io.fetch(url, {
      headers: { authorization: `Bearer ${token}`, accept: "application/x-ndjson", "user-agent": "rollgate-cli" },
      signal: AbortSignal.timeout(PULL_TIMEOUT_MS),
    });
  } catch (e) {
    io.err(`✗ Could not reach ${url.origin}: ${(e as Error).message}.`);
    return EXIT.server;
  }
  const text = await res.text();
  if (res.status !== 200) {
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
    const { exitCode, lines } = describeFailure(res.status, body, res.headers.get("x-request-id"), HINTS);
    for (const line of lines) io.err(line);
    return exitCode;
  }
  const frozen = res.headers.get("x-rollgate-content-hash") ?? "";
  const erased = res.headers.get("x-rollgate-erased");
  const output = blank(values.out) ?? `${model}-${set}.jsonl`;
  await io.writeFile(output, text);
  const lines = text === "" ? 0 : text.split("\n").length - 1;
  const hash = sha256Hex(text);
  if (hash === frozen) {
    io.err(`✓ wrote ${output}: ${lines} items, sha256 ${hash} (matches the frozen set)`);
    return EXIT.ok;
  }
  if (erased) {
    const [count, at] = erased.split(" ");
    io.err(
      `✗ wrote ${output}: ${lines} items; ${count} items were erased from this set on ${(at ?? "").slice(0, 10)} (tenant data-subject requests), ` +
        `so the file no longer matches the frozen hash ${frozen}. Freeze a new set for new evaluations.`,
    );
    return EXIT.erased;
  }
  io.err(`✗ wrote ${output}, but its sha256 ${hash} is not the set's frozen hash ${frozen}: the download was altered or cut short.`);
  return EXIT.mismatch;
}

async function compare(io: ReplayIo, args: string[]): Promise<ExitCode> {
  const values = parse(io, args, {
    set: { type: "string" },
    baseline: { type: "string" },
    candidate: { type: "string" },
    "baseline-version": { type: "string" },
    "set-id": { type: "string" },
    out: { type: "string", short: "o" },
  });
  const [setFile, baselineFile, candidateFile, baselineVersion] = need(io, "compare", values, [
    "set",
    "baseline",
    "candidate",
    "baseline-version",
  ]);
  const read = async (file: string) => {
    try {
      return await io.readFile(file);
    } catch (e) {
      usage(io, `${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`);
    }
  };
  const [setText, baselineText, candidateText] = [await read(setFile!), await read(baselineFile!), await read(candidateFile!)];
  let result;
  try {
    result = compareReplay({
      setText: setText!,
      baselineText: baselineText!,
      candidateText: candidateText!,
      baselineVersion: baselineVersion!,
      setId: blank(values["set-id"]),
      files: { set: setFile!, baseline: baselineFile!, candidate: candidateFile! },
    });
  } catch (e) {
    if (e instanceof CompareError) {
      io.err(`✗ ${e.message}`);
      return EXIT.validation;
    }
    throw e;
  }
  const { report, missing } = result;
  if (missing.length > 0) {
    io.err(
      `! ${missing.length} item(s) of ${setFile} have no output in both files and are left out, e.g. ${missing.slice(0, 3).join(", ")}`,
    );
  }
  const text = JSON.stringify(report, null, 2);
  const out = blank(values.out);
  if (out) await io.writeFile(out, `${text}\n`);
  else io.out(text);
  io.err(`✓ ${report.cases} cases, agreement ${(report.agreement * 100).toFixed(2)} %, ${report.by_tenant.length} tenants`);
  return EXIT.ok;
}

async function eraseTenant(io: ReplayIo, args: string[]): Promise<ExitCode> {
  const values = parse(io, args, { ...SERVER, tenant: { type: "string" }, model: { type: "string" } });
  const [tenant] = need(io, "erase-tenant", values, ["tenant"]);
  const model = blank(values.model);
  const { url, token } = server(io, values, "/api/v1/replay/erasures");
  const result = (await call(io, url, token, "POST", { tenant, ...(model ? { model } : {}) })) as {
    records: number;
    items: number;
    models: { model: string; records: number; items: number; sets: { name: string; items: number }[] }[];
  };
  io.out(JSON.stringify(result, null, 2));
  io.err(`✓ erased tenant ${tenant}${model ? ` of ${model}` : ""}: ${result.records} captured requests, ${result.items} set items`);
  for (const m of result.models) {
    io.err(
      `  ${m.model}: ${m.records} requests, ${m.items} items in ${m.sets.map((s) => `"${s.name}" (${s.items})`).join(", ") || "no sets"}`,
    );
  }
  return EXIT.ok;
}

export function runReplay(argv: readonly string[], io: ReplayIo): Promise<ExitCode> {
  return runSubcommands("replay", argv, io, REPLAY_HELP, { freeze, list, pull, compare, "erase-tenant": eraseTenant });
}
