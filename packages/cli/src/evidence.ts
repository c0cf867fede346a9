/**
 * `rollgate evidence export` fetches a model's signed evidence pack for a time range;
 * `rollgate evidence verify` checks one offline (the signature, every file, the audit chain
 * inside it) and names the first thing that does not match. docs/evidence-packs.md.
 */
import { parseArgs } from "node:util";
import { parsePublicKey, type AuditPublicKey } from "../../../lib/audit/signing";
import { packFilename } from "../../../lib/evidence/pack";
import { parsePack, verifyPack, type PackFailure } from "../../../lib/evidence/verify-pack";
import { blank, runSubcommands, serverTarget, Stop, usageError, type ServerIo } from "./subcommands";
import { EXIT, type ExitCode } from "./exit-codes";
import { describeFailure, type Hints } from "./format";
import { NetworkError, send } from "./http";

export const EVIDENCE_HELP = `rollgate evidence — export and verify a model's signed evidence pack

Usage:
  rollgate evidence export --model <key> --from <date> --to <date> [-o pack.json]
  rollgate evidence verify <pack.json> [--key <file or URL>] [--report report.html]

export asks the server for the pack: the versions that served and their manifests, evaluations,
approvals, release moves, guardrail decisions, incidents, drift per tenant, predictions per
version and day, and the range's audit events with the chain hashes around them, plus a
printable report.html, all signed with the server's evidence key. Dates are ISO dates
(2026-11-01, whole UTC days) or date-times with a zone. The export is recorded in the audit trail.

verify needs no server: it checks the signature, each file against its signed hash, and the
audit chain inside the pack (and the signed checkpoints in it), and names the first mismatch.

Options:
  --url <url>        Rollgate base URL                  (default: $ROLLGATE_URL)
  --token <token>    API token with the scope audit:read (default: $ROLLGATE_TOKEN)
  --model <key>      export: the model
  --from, --to       export: the range, both ends inclusive
  -o, --output <f>   export: where to write the pack (default: rollgate-evidence-<model>-<from>-<to>.json)
  --key <file|URL>   verify: the public key you trust: a PEM file, or the JSON of
                     /.well-known/rollgate-evidence-key saved to a file or fetched from its URL.
                     Without it the key embedded in the pack is used, which only shows the pack
                     is consistent with itself, not who signed it.
  --report <file>    verify: once verified, write the pack's report.html there
  -h, --help         show this help

Exit codes:
  0 exported or verified   2 usage, unreadable file or not a pack   5 authentication or permission
  6 network or server error   7 the pack was altered (a file or its statement)
  8 signed with another key than --key   9 the audit chain in the pack does not hold
`;

export type EvidenceIo = ServerIo;

const HINTS: Hints = {
  401: "Check ROLLGATE_TOKEN (or --token): the token is missing, unknown, revoked or expired.",
  403: "Exporting an evidence pack needs a token with the scope audit:read (Settings → API tokens).",
  404: "Check the model key, and ROLLGATE_URL (or --url): it should be the Rollgate base URL.",
};

export const FAILURE_EXIT: Record<PackFailure, ExitCode> = {
  unreadable: EXIT.usage,
  tampered: EXIT.mismatch,
  "wrong-key": EXIT.wrongKey,
  chain: EXIT.chainBroken,
};

function usage(io: EvidenceIo, message: string): never {
  return usageError(io, "evidence", message);
}

function parse(io: EvidenceIo, args: string[], options: NonNullable<Parameters<typeof parseArgs>[0]>["options"]) {
  try {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, strict: true, options });
    return { values: values as Record<string, string | boolean | undefined>, positionals };
  } catch (e) {
    usage(io, ((e as Error).message.split("\n")[0] ?? "invalid arguments").replace(/\. To specify a positional[\s\S]*$/, "."));
  }
}

async function exportPack(io: EvidenceIo, args: string[]): Promise<ExitCode> {
  const { values, positionals } = parse(io, args, {
    url: { type: "string" },
    token: { type: "string" },
    model: { type: "string" },
    from: { type: "string" },
    to: { type: "string" },
    output: { type: "string", short: "o" },
  });
  if (positionals.length > 0) usage(io, `Unexpected argument "${positionals[0]}".`);
  const model = blank(values.model);
  const from = blank(values.from);
  const to = blank(values.to);
  const missing = [!model && "--model", !from && "--from", !to && "--to"].filter(Boolean);
  if (missing.length > 0) usage(io, `rollgate evidence export needs ${missing.join(", ")}.`);
  const { url, token } = serverTarget(io, "evidence", values, `/api/v1/models/${encodeURIComponent(model!)}/evidence`);
  url.search = new URLSearchParams({ from: from!, to: to! }).toString();

  let answer;
  try {
    answer = await send(io.fetch, url, { method: "GET", token });
  } catch (e) {
    if (e instanceof NetworkError) {
      io.err(`✗ ${e.message}`);
      throw new Stop(EXIT.server);
    }
    throw e;
  }
  if (answer.status !== 200) {
    const { exitCode, lines } = describeFailure(answer.status, answer.body, answer.requestId, HINTS);
    for (const line of lines) io.err(line);
    return exitCode;
  }
  let pack;
  try {
    pack = parsePack(answer.text);
  } catch (e) {
    io.err(`✗ The server's answer is not an evidence pack: ${(e as Error).message}.`);
    return EXIT.server;
  }
  const output = blank(values.output) ?? packFilename(pack.statement.model, pack.statement.from, pack.statement.to);
  await io.writeFile(output, answer.text);
  io.err(
    `✓ wrote ${output}: ${pack.statement.model}, ${pack.statement.from} to ${pack.statement.to}, ${pack.statement.files.length} files, signed with key ${pack.signature.keyId}`,
  );
  return EXIT.ok;
}

/** A trusted key: PEM, or the well-known JSON answer, from a file or an http(s) URL. */
async function loadKey(io: EvidenceIo, where: string): Promise<AuditPublicKey> {
  let text: string;
  if (/^https?:\/\//i.test(where)) {
    try {
      const res = await io.fetch(where, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(30_000) });
      if (!res.ok) usage(io, `${where} answered HTTP ${res.status}; it should serve the evidence key.`);
      text = await res.text();
    } catch (e) {
      if (e instanceof Stop) throw e;
      usage(io, `Could not fetch the key from ${where}: ${(e as Error).message}.`);
    }
  } else {
    try {
      text = await io.readFile(where);
    } catch (e) {
      usage(io, `${where}: cannot read the key (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`);
    }
  }
  let pem = text;
  if (text.trim().startsWith("{")) {
    try {
      pem = String((JSON.parse(text) as { publicKeyPem?: unknown }).publicKeyPem ?? "");
    } catch {
      usage(io, `${where} is neither a PEM public key nor the JSON of /.well-known/rollgate-evidence-key.`);
    }
  }
  try {
    return parsePublicKey(pem, where);
  } catch (e) {
    usage(io, (e as Error).message);
  }
}

async function verifyCommand(io: EvidenceIo, args: string[]): Promise<ExitCode> {
  const { values, positionals } = parse(io, args, { key: { type: "string" }, report: { type: "string" } });
  const [file, ...extra] = positionals;
  if (!file) usage(io, "rollgate evidence verify needs the pack: rollgate evidence verify <pack.json>");
  if (extra.length > 0) usage(io, `Unexpected argument "${extra[0]}".`);
  const keyWhere = blank(values.key);
  const trusted = keyWhere ? { key: await loadKey(io, keyWhere), source: keyWhere } : null;

  let text: string;
  try {
    text = await io.readFile(file);
  } catch (e) {
    usage(io, `${file}: cannot read the pack (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`);
  }
  let pack;
  try {
    pack = parsePack(text);
  } catch (e) {
    usage(io, `${file}: ${(e as Error).message}.`);
  }
  const verdict = verifyPack(pack, trusted);
  for (const line of verdict.lines) io.out(line);
  if (!verdict.ok) {
    io.out(`FAILED: ${verdict.problem}`);
    return FAILURE_EXIT[verdict.failure];
  }
  const report = blank(values.report);
  if (report) {
    await io.writeFile(report, pack.files["report.html"]!);
    io.out(`report: wrote ${report}`);
  }
  io.out("OK");
  return EXIT.ok;
}

export function runEvidence(argv: readonly string[], io: EvidenceIo): Promise<ExitCode> {
  return runSubcommands("evidence", argv, io, EVIDENCE_HELP, { export: exportPack, verify: verifyCommand });
}
