// `rollgate relay` as an operator runs it: its own process, reading the suite's PostgreSQL
// database and following NOTIFY; plus its health endpoint and its refusal of PGlite. (On the
// PGlite fallback there is no server for a relay to read, so those tests are skipped.)
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import type { RouteTable } from "@rollgate/client/resolve";
import { LISTEN_BACKLOG } from "../../lib/routing/data-plane";
import { checkRelayDatabaseUrl, startRelay, type Relay } from "../../lib/routing/relay";
import { createApiToken } from "./support/factories";
import { createRelease, rollBack, waitFor } from "./support/releases";

const target = inject("rollgateTestDb");
const onPostgres = target.kind === "postgres";
const databaseUrl = () => {
  if (target.kind !== "postgres") throw new Error("PostgreSQL only");
  return target.url;
};

let token: string;
beforeAll(async () => {
  token = (await createApiToken(["routes:read"])).secret;
});

describe("the relay's database", () => {
  it("must be PostgreSQL: PGlite belongs to the one server process", () => {
    expect(() => checkRelayDatabaseUrl(undefined)).toThrow(/reads PostgreSQL.*PGlite/);
    expect(() => checkRelayDatabaseUrl("file:./.data")).toThrow(/postgresql:\/\//);
    expect(() => checkRelayDatabaseUrl("postgresql://u:secret@127.0.0.1/x")).not.toThrow();
  });
});

describe.skipIf(!onPostgres)("rollgate relay (in process)", () => {
  let relay: Relay;
  beforeAll(async () => {
    relay = await startRelay({ databaseUrl: databaseUrl(), port: 0, host: "127.0.0.1", log: { info: () => {}, warn: () => {} } });
  });
  afterAll(async () => {
    await relay?.close();
  });

  it("serves the routing endpoints and /health, and 404s everything else", async () => {
    const key = await createRelease("it-relay");
    await waitFor("the table", () => relay.dataPlane.snapshot.get(key) !== undefined);
    const res = await fetch(`${relay.url}/api/v1/models/${key}/routes`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as RouteTable).candidate).toEqual({ version: "v2", percent: 10 });

    const health = await fetch(`${relay.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok", db: "ok", listening: true, feed: "pg", models: expect.any(Number) });

    const other = await fetch(`${relay.url}/api/v1/models/${key}/versions`, { headers: { authorization: `Bearer ${token}` } });
    expect(other.status).toBe(404);
    expect(other.headers.get("x-request-id")).toBeTruthy();
    expect(await other.json()).toMatchObject({ error: { code: "not_found" } });
  });
});

describe.skipIf(!onPostgres)("rollgate relay under a fleet's reconnect", () => {
  it("listens with a backlog far above Node's 511, so a fleet reconnecting at once is not dropped at the accept queue", async () => {
    const listen = vi.spyOn(Server.prototype, "listen");
    const relay = await startRelay({ databaseUrl: databaseUrl(), port: 0, host: "127.0.0.1", log: { info: () => {}, warn: () => {} } });
    try {
      expect(listen).toHaveBeenCalledWith(expect.objectContaining({ backlog: LISTEN_BACKLOG }), expect.any(Function));
      expect(LISTEN_BACKLOG).toBeGreaterThanOrEqual(10_000);
      // 1,000 streams opened at once, all answered with the table
      const key = await createRelease("it-relay-burst");
      await waitFor("the table", () => relay.dataPlane.snapshot.get(key) !== undefined);
      const controllers = Array.from({ length: 1000 }, () => new AbortController());
      try {
        const answers = await Promise.all(
          controllers.map((c) =>
            fetch(`${relay.url}/api/v1/models/${key}/routes/stream`, {
              headers: { authorization: `Bearer ${token}` },
              signal: c.signal,
            }).then((r) => r.status),
          ),
        );
        expect(answers.filter((s) => s === 200)).toHaveLength(1000);
        await waitFor("1,000 streams", () => relay.dataPlane.status().streams === 1000);
      } finally {
        for (const c of controllers) c.abort();
      }
    } finally {
      listen.mockRestore();
      await relay.close();
    }
  });
});

describe.skipIf(!onPostgres)("npx rollgate relay (its own process)", () => {
  let child: ChildProcess | null = null;
  let output = "";

  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill("SIGKILL");
      await new Promise((r) => child!.once("exit", r));
    }
  });

  it("starts, follows a rollback committed elsewhere, and stops on SIGTERM", async () => {
    const root = path.resolve(import.meta.dirname, "../..");
    const key = await createRelease("it-relay");
    child = spawn(process.execPath, [path.join(root, "bin/rollgate.mjs"), "relay", "--port", "0"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl() },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
    await waitFor("the relay to be ready", () => /relay ready on http:\/\/[\d.:]+/.test(output) || child!.exitCode !== null, 30_000);
    const url = /relay ready on (http:\/\/[\d.:]+)/.exec(output)?.[1];
    expect(url, output).toBeTruthy();

    const routes = await fetch(`${url}/api/v1/models/${key}/routes`, { headers: { authorization: `Bearer ${token}` } });
    expect(routes.status).toBe(200);
    expect(routes.headers.get("etag")).toBe('"1"');

    const epoch = await rollBack(key);
    await waitFor(
      "the relay to serve the rollback",
      async () =>
        (await fetch(`${url}/api/v1/models/${key}/routes`, { headers: { authorization: `Bearer ${token}` } })).headers.get("etag") ===
        `"${epoch}"`,
    );
    const resolved = await fetch(`${url}/api/v1/models/${key}/resolve?key=anyone`, { headers: { authorization: `Bearer ${token}` } });
    expect(await resolved.json()).toEqual({ version: "v1", reason: "stable", epoch });

    child.kill("SIGTERM");
    const code = await new Promise<number | null>((resolve) => child!.once("exit", (c) => resolve(c)));
    expect(code, output).toBe(0);
  });
});
