// The shape every command group shares (policy, evidence, replay): `rollgate <group> <sub> …` with
// --help, a usage error that names the group's help, an early exit that carries its code, and
// the server's address and token from --url/--token or ROLLGATE_URL/ROLLGATE_TOKEN.
import { EXIT, type ExitCode } from "./exit-codes";

/** What a command group that talks to a server and to files is given: the environment, fetch, files, output. */
export type ServerIo = {
  env: Readonly<Record<string, string | undefined>>;
  fetch: typeof fetch;
  readFile: (path: string) => Promise<string>;
  writeFile: (path: string, text: string) => Promise<void>;
  out: (line: string) => void;
  err: (line: string) => void;
};

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

/** A flag's or variable's value, trimmed; null when absent or blank. */
export const blank = (v: unknown): string | null => (typeof v !== "string" || v.trim() === "" ? null : v.trim());

/**
 * The server URL for `path` and the token, from --url/--token or ROLLGATE_URL/ROLLGATE_TOKEN;
 * a usage stop naming what is missing or malformed.
 */
export function serverTarget(
  io: { err(line: string): void; env: Record<string, string | undefined> },
  group: string,
  values: Record<string, unknown>,
  path: string,
): { url: URL; token: string } {
  const base = blank(values.url) ?? blank(io.env.ROLLGATE_URL);
  const token = blank(values.token) ?? blank(io.env.ROLLGATE_TOKEN);
  if (!base || !token) {
    const unset = [!base && "ROLLGATE_URL (or --url)", !token && "ROLLGATE_TOKEN (or --token)"].filter(Boolean);
    io.err(`✗ Set ${unset.join(" and ")} to talk to the Rollgate server.`);
    throw new Stop(EXIT.usage);
  }
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    usageError(io, group, `"${base}" is not a URL; set ROLLGATE_URL to the Rollgate base URL, e.g. http://127.0.0.1:3000.`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") usageError(io, group, `"${base}" is not an http(s) URL.`);
  url.pathname = `${url.pathname.replace(/\/+$/, "")}${path}`;
  url.search = "";
  return { url, token };
}
