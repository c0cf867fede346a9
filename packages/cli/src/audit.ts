/**
 * `rollgate audit verify`: checks saved audit checkpoints, and an audit export against them,
 * offline: no server, no database, no network. Parsing and checking are pure; files come in
 * through `readFile` so tests need no disk.
 */
import { parseArgs } from "node:util";
import { parseCheckpointFile, parseExport, verifyExport, type LoadedCheckpoint } from "../../../lib/audit/offline";
import { checkpointSignatureProblem, parsePublicKey, type AuditPublicKey } from "../../../lib/audit/signing";
import { EXIT, type ExitCode } from "./exit-codes";

export const AUDIT_HELP = `rollgate audit verify — check signed audit checkpoints and an audit export, offline

Usage:
  rollgate audit verify --checkpoint <file> [--checkpoint <file> …] [--public-key <file>] [--export <file>]

A checkpoint is Rollgate's signed statement "event #N has hash H and the trail holds N events".
Save them from the audit.checkpoint webhook event, or from GET /api/v1/audit/checkpoints.
The export is GET /api/v1/audit?format=ndjson (or format=json&download=1), without filters.

Checks that every checkpoint's Ed25519 signature holds and, with --export, that the export's
hash chain is intact from event #1, that each checkpoint's event still has the signed hash,
and that no event up to the newest checkpoint is missing. Names the first event that no longer
matches.

Options:
  --checkpoint <file>  a saved checkpoint (JSON); repeat for several
  --public-key <file>  the PEM public key you trust (saved from /.well-known/rollgate-audit-key).
                       Without it the key embedded in the checkpoint is used, which only shows
                       that the file is consistent with itself, not who signed it.
  --export <file>      an audit export (NDJSON or a JSON array) to check against the checkpoints
  -h, --help           show this help

Exit codes:
  0 verified   2 usage or unreadable file   7 a signature or the chain does not match
`;

export type AuditIo = {
  readFile: (path: string) => Promise<string>;
  out: (line: string) => void;
  err: (line: string) => void;
};

export type AuditInvocation =
  | { kind: "help" }
  | { kind: "usage-error"; message: string }
  | { kind: "verify"; checkpoints: string[]; publicKey: string | null; exportFile: string | null };

/** argv after `audit`. */
export function parseAuditArgs(argv: readonly string[]): AuditInvocation {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        checkpoint: { type: "string", multiple: true },
        "public-key": { type: "string" },
        export: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (e) {
    return { kind: "usage-error", message: (e as Error).message.split("\n")[0] ?? "invalid arguments" };
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) return { kind: "help" };
  if (positionals[0] !== "verify" || positionals.length > 1) {
    return {
      kind: "usage-error",
      message: `Unknown audit command "${positionals.join(" ")}". Use: rollgate audit verify --checkpoint <file>`,
    };
  }
  const checkpoints = (values.checkpoint ?? []).filter((f) => f.trim() !== "");
  if (checkpoints.length === 0)
    return { kind: "usage-error", message: "rollgate audit verify needs --checkpoint <file> (a saved audit checkpoint)." };
  return { kind: "verify", checkpoints, publicKey: values["public-key"] ?? null, exportFile: values.export ?? null };
}

export async function runAudit(argv: readonly string[], io: AuditIo): Promise<ExitCode> {
  const inv = parseAuditArgs(argv);
  if (inv.kind === "help") {
    io.out(AUDIT_HELP);
    return EXIT.ok;
  }
  if (inv.kind === "usage-error") {
    io.err(`rollgate audit: ${inv.message}`);
    io.err("Run `rollgate audit --help` for usage.");
    return EXIT.usage;
  }

  const read = async (file: string, what: string): Promise<string | null> => {
    try {
      return await io.readFile(file);
    } catch (e) {
      io.err(`${file}: cannot read the ${what} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`);
      return null;
    }
  };

  let trusted: AuditPublicKey | null = null;
  if (inv.publicKey) {
    const pem = await read(inv.publicKey, "public key");
    if (pem === null) return EXIT.usage;
    try {
      trusted = parsePublicKey(pem, inv.publicKey);
    } catch (e) {
      io.err((e as Error).message);
      return EXIT.usage;
    }
  }

  const checkpoints: LoadedCheckpoint[] = [];
  for (const file of inv.checkpoints) {
    const text = await read(file, "checkpoint");
    if (text === null) return EXIT.usage;
    try {
      checkpoints.push(...parseCheckpointFile(text));
    } catch (e) {
      io.err(`${file}: ${(e as Error).message}.`);
      return EXIT.usage;
    }
  }

  let failed = false;
  for (const c of checkpoints) {
    let key = trusted;
    let keyNote = trusted ? `key ${trusted.keyId} from ${inv.publicKey}` : "";
    if (!key) {
      if (!c.publicKeyPem) {
        io.err(`The checkpoint at event #${c.position} carries no public key: pass --public-key <file>.`);
        return EXIT.usage;
      }
      try {
        key = parsePublicKey(c.publicKeyPem, "The public key in the checkpoint");
      } catch (e) {
        io.err((e as Error).message);
        return EXIT.usage;
      }
      keyNote = `key ${key.keyId} embedded in the checkpoint (not pinned: pass --public-key to check who signed it)`;
    }
    const problem = checkpointSignatureProblem(c, key);
    const head = `checkpoint: event #${c.position}, ${c.eventCount} events, head ${c.headHash.slice(0, 12)}…, signed ${c.signedAt}`;
    if (problem) {
      failed = true;
      io.out(`${head}: BAD SIGNATURE: ${problem} (${keyNote})`);
    } else {
      io.out(`${head}: signature OK (${keyNote})`);
    }
  }
  if (failed) {
    io.out("FAILED: a checkpoint does not verify; it cannot vouch for the audit trail.");
    return EXIT.mismatch;
  }

  if (inv.exportFile) {
    const text = await read(inv.exportFile, "export");
    if (text === null) return EXIT.usage;
    let events;
    try {
      events = parseExport(text);
    } catch (e) {
      io.err(`${inv.exportFile}: ${(e as Error).message}.`);
      return EXIT.usage;
    }
    const result = verifyExport(events, checkpoints);
    if (!result.ok) {
      io.out(`export: ${events.length} events; FAILED at event #${result.firstBadSeq}: ${result.problem}`);
      return EXIT.mismatch;
    }
    io.out(
      `export: ${result.events} events, chain intact from #1 to #${result.lastSeq}, matching ${checkpoints.length === 1 ? "the checkpoint" : `all ${checkpoints.length} checkpoints`}`,
    );
  }
  io.out("OK");
  return EXIT.ok;
}
