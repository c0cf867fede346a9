/**
 * The one process-wide holder. Next.js loads route handlers, pages and server actions in module
 * instances of their own, so a module-level variable set by server.ts is not seen by them; what
 * they share with server.ts is kept on globalThis, here and nowhere else, under a registered
 * symbol that every module instance resolves to the same key.
 */
import type { Runtime } from "./parts";

type Part = keyof Runtime;

const KEY = Symbol.for("rollgate.runtime");

const holder = globalThis as typeof globalThis & { [KEY]?: Partial<Runtime> };

function parts(): Partial<Runtime> {
  return (holder[KEY] ??= {});
}

const MISSING: { [P in keyof Runtime]?: string } = {
  database: "The database is not open",
  telemetry: "The telemetry settings are not set",
  dataPlane: "No routing data plane runs in this process",
  jobKicks: "No job was started in this process",
  lastCheckpoint: "No audit checkpoint was signed in this process",
  auditSigningKey: "The audit signing key is not loaded",
};

/** A part read before server.ts (or a test's setup) set it. */
export class RuntimeNotReady extends Error {
  constructor(readonly part: string) {
    super(`${MISSING[part as Part] ?? `The runtime's ${part} is not set`}: Rollgate must be started through server.ts (npm start).`);
    this.name = "RuntimeNotReady";
  }
}

const view = new Proxy({} as Runtime, {
  get(_, part) {
    // not a part: what `await`, inspection and serialisation look for
    if (typeof part !== "string" || part === "then" || part === "toJSON") return undefined;
    const value = parts()[part as Part];
    if (value === undefined) throw new RuntimeNotReady(part);
    return value;
  },
  set() {
    throw new TypeError("The runtime is set through setRuntime().");
  },
});

/** This process's runtime; reading a part that is not set throws RuntimeNotReady naming it. */
export function runtime(): Runtime {
  return view;
}

/** The part, or undefined when it is not set: for callers that have a fallback. */
export function peekRuntime<P extends Part>(part: P): Runtime[P] | undefined {
  return parts()[part];
}

/** Sets a part (undefined clears it): server.ts at start-up, tests in their setup. */
export function setRuntime<P extends Part>(part: P, value: Runtime[P] | undefined): void {
  if (value === undefined) delete parts()[part];
  else parts()[part] = value;
}

/** The part, created by `create` the first time any module instance asks for it. */
export function runtimeOnce<P extends Part>(part: P, create: () => Runtime[P]): Runtime[P] {
  return (parts()[part] ??= create());
}
