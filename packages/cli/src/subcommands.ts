// The shape every command group shares (policy, evidence): `rollgate <group> <sub> …` with
// --help, a usage error that names the group's help, and an early exit that carries its code.
import { EXIT, type ExitCode } from "./exit-codes";

export class Stop extends Error {
  constructor(readonly code: ExitCode) {
    super(`exit ${code}`);
  }
}

/** Prints a usage error and the group's help hint, and stops with the usage exit code. */
export function usageError(io: { err(line: string): void }, group: string, message: string): never {
  io.err(`✗ ${message}`);
  io.err(`  See: rollgate ${group} --help`);
  throw new Stop(EXIT.usage);
}

/** Runs `argv[0]` of a group from `handlers`, or prints `help`; a Stop becomes its exit code. */
export async function runSubcommands<Io extends { out(line: string): void; err(line: string): void }>(
  group: string,
  argv: readonly string[],
  io: Io,
  help: string,
  handlers: Record<string, (io: Io, args: string[]) => Promise<ExitCode>>,
): Promise<ExitCode> {
  const [sub, ...rest] = argv;
  if (!sub || sub === "--help" || sub === "-h" || sub === "help" || rest.includes("--help") || rest.includes("-h")) {
    io.out(help.trimEnd());
    return EXIT.ok;
  }
  try {
    const run = handlers[sub];
    if (!run) usageError(io, group, `Unknown ${group} command "${sub}": use ${Object.keys(handlers).join(" or ")}.`);
    return await run(io, rest);
  } catch (e) {
    if (e instanceof Stop) return e.code;
    throw e;
  }
}
