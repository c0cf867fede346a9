import { describe, expect, it } from "vitest";
import { EXIT, parseRelayArgs, RELAY_HELP, runRelay } from "./relay-command";

const PG = "postgresql://rollgate@127.0.0.1:5432/rollgate";

describe("rollgate relay arguments", () => {
  it("takes the database URL from the flag, else DATABASE_URL; port 4100 and 127.0.0.1 by default", () => {
    expect(parseRelayArgs(["--database-url", PG], {})).toEqual({ kind: "run", databaseUrl: PG, port: 4100, host: "127.0.0.1" });
    expect(parseRelayArgs([], { DATABASE_URL: PG })).toEqual({ kind: "run", databaseUrl: PG, port: 4100, host: "127.0.0.1" });
    expect(parseRelayArgs(["--database-url", PG, "--port", "4101", "--host", "0.0.0.0"], { DATABASE_URL: "postgres://other/db" })).toEqual({
      kind: "run",
      databaseUrl: PG,
      port: 4101,
      host: "0.0.0.0",
    });
    expect(parseRelayArgs(["--port", "0"], { DATABASE_URL: PG })).toMatchObject({ kind: "run", port: 0 });
  });

  it("refuses to run without PostgreSQL, and says why PGlite cannot be shared", () => {
    const none = parseRelayArgs([], { DATABASE_URL: "" });
    expect(none).toMatchObject({ kind: "usage-error" });
    expect(none.kind === "usage-error" && none.message).toMatch(/reads PostgreSQL.*--database-url.*PGlite/);
    const file = parseRelayArgs(["--database-url", "file:.data/pgdata"], {});
    expect(file.kind === "usage-error" && file.message).toMatch(/postgresql:\/\/ URL/);
  });

  it("refuses a bad port or an unknown option", () => {
    expect(parseRelayArgs(["--port", "http"], { DATABASE_URL: PG })).toMatchObject({
      kind: "usage-error",
      message: expect.stringContaining("--port"),
    });
    expect(parseRelayArgs(["--port", "70000"], { DATABASE_URL: PG })).toMatchObject({ kind: "usage-error" });
    expect(parseRelayArgs(["--databse-url", PG], {})).toMatchObject({
      kind: "usage-error",
      message: expect.stringContaining("--databse-url"),
    });
    expect(parseRelayArgs(["extra"], { DATABASE_URL: PG })).toMatchObject({ kind: "usage-error" });
  });

  it("prints help, and exits 2 on a usage error without touching a database", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { env: {}, out: (l: string) => out.push(l), err: (l: string) => err.push(l), stopSignal: new Promise<string>(() => {}) };
    expect(await runRelay(["--help"], io)).toBe(EXIT.ok);
    expect(out[0]).toBe(RELAY_HELP);
    expect(await runRelay([], io)).toBe(EXIT.usage);
    expect(err[0]).toMatch(/^✗ The relay reads PostgreSQL/);
  });
});
