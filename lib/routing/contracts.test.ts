// The data plane answers by hand (no zod on its request path), so this holds it to its route
// contracts: the paths it serves are the paths the contracts name, and real answers — through
// its own `handle`, over HTTP, from a snapshot held in memory — parse with the contracts'
// schemas and have a status the contract declares.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sseParser } from "@rollgate/client";
import { ERROR_RESPONSES, type RouteContract } from "../api/contract";
import { errorBodySchema } from "../api/schemas";
import { hashToken } from "../auth/tokens";
import type { Database } from "../database/open";
import type { ChangeFeed } from "./change-feed";
import { CONTRACTS } from "../contracts";
import { getRoutesRoute, resolveRoute, streamRoutesRoute } from "./contracts";
import { DATA_PLANE_PATHS, STALE_HEADER, startDataPlane, type DataPlane } from "./data-plane";

const dataPlaneContracts = CONTRACTS.filter((c) => c.plane === "data");

/** Every status the contract answers with: its responses and its shared errors. */
const declared = (c: RouteContract) => [...Object.keys(c.responses).map(Number), ...c.errors.map((e) => ERROR_RESPONSES[e].status)];

describe("the data plane's paths and their contracts", () => {
  it("serves exactly the paths its contracts name", () => {
    expect(dataPlaneContracts.map((c) => c.path).sort()).toEqual(Object.values(DATA_PLANE_PATHS).sort());
  });

  it("declares them as GET (the data plane answers GET and HEAD only), tagged routing, for routes:read tokens", () => {
    for (const c of dataPlaneContracts) {
      expect(c.method).toBe("GET");
      expect(c.tags).toEqual(["routing"]);
      expect(c.access).toEqual({ scope: "routes:read" });
    }
  });

  it("documents the stale header on every successful answer", () => {
    for (const c of dataPlaneContracts) {
      const headers = Object.keys((c.responses as RouteContract["responses"])[200]?.headers ?? {}).map((h) => h.toLowerCase());
      expect(headers, c.path).toContain(STALE_HEADER);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// A data plane over a database stand-in: the snapshot's one query and the token cache's reads.

const TOKEN = `rg_${"r".repeat(43)}`;
const NO_SCOPE = `rg_${"w".repeat(43)}`;
const STABLE = "2026-01-15.2";
const CANDIDATE = "2026-02-01.1";
const PINNED = "2026-01-10.1";

const tableRow = (over: Record<string, unknown>) => ({
  model: "fraud-score",
  epoch: 12,
  stableVersion: STABLE,
  candidateVersion: CANDIDATE,
  candidatePercent: 25,
  mode: "canary",
  state: "ramping",
  pins: { acme: PINNED },
  updatedAt: "2026-02-01T10:00:00.000Z",
  ...over,
});
const tableRows = [tableRow({}), tableRow({ model: "shadowed", mode: "shadow", candidatePercent: 100, pins: null })];

const tokenRow = (secret: string, scopes: string[]) => ({
  id: secret.slice(3, 11),
  tokenHash: hashToken(secret),
  scopes,
  revokedAt: null,
  expiresAt: null,
  lastUsedAt: null,
  createdBy: null,
});
const tokenRows = [tokenRow(TOKEN, ["routes:read"]), tokenRow(NO_SCOPE, ["telemetry:write"])];

const database = {
  target: { kind: "pglite-memory" },
  describe: () => "a stand-in",
  close: async () => {},
  prisma: {
    $queryRawUnsafe: async () => tableRows,
    // both reads (the warm-up and by hash) pick their rows from what they get by hash
    apiToken: { findMany: async () => tokenRows, updateMany: async () => ({ count: 0 }) },
  },
} as unknown as Database;

const feed: ChangeFeed = {
  kind: "pg",
  start: async (handlers) => handlers.onListening(),
  listening: () => true,
  check: async () => {},
  stop: async () => {},
};

let dp: DataPlane;
let server: Server;
let base: string;

beforeAll(async () => {
  dp = await startDataPlane(database, { log: { info: () => {}, warn: () => {} }, feed, tokens: { refreshMs: 0, warmMs: 0 } });
  server = createServer((req, res) => {
    if (!dp.handle(req, res)) {
      res.writeHead(404);
      res.end("not the data plane");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await dp.stop();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
});

const get = (path: string, token: string | null = TOKEN, headers: Record<string, string> = {}, method = "GET") =>
  fetch(`${base}${path}`, { method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } });

const filled = (template: string, model = "fraud-score") => template.replace("{model}", model);

describe("the data plane's answers against their contracts", () => {
  it("answers every path it lists, and nothing next to them", async () => {
    for (const template of Object.values(DATA_PLANE_PATHS)) {
      const res = await get(`${filled(template)}?tenant=acme`, TOKEN, {}, "HEAD");
      expect(res.status, template).toBe(200);
    }
    for (const path of ["/api/v1/models/fraud-score/routes/other", "/api/v1/models/fraud-score", "/api/v1/models/fraud-score/resolved"]) {
      const res = await get(path);
      expect(await res.text(), path).toBe("not the data plane");
    }
  });

  it("/routes: a table its schema parses, with the ETag; 304 while it is current", async () => {
    const schema = getRoutesRoute.responses[200].json;
    const res = await get(filled(DATA_PLANE_PATHS.routes));
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toBe('"12"');
    const table = schema.parse(await res.json());
    expect(table).toMatchObject({
      model: "fraud-score",
      epoch: 12,
      candidate: { version: CANDIDATE, percent: 25 },
      pins: { acme: PINNED },
    });
    expect(schema.parse(await (await get(filled(DATA_PLANE_PATHS.routes, "shadowed"))).json())).toMatchObject({ mode: "shadow" });

    const again = await get(filled(DATA_PLANE_PATHS.routes), TOKEN, { "if-none-match": '"12"' });
    expect(again.status).toBe(304);
    expect(declared(getRoutesRoute)).toContain(304);
  });

  it("/resolve: every kind of decision parses with its schema", async () => {
    const schema = resolveRoute.responses[200].json;
    const decide = async (model: string, query: string) => {
      const res = await get(`${filled(DATA_PLANE_PATHS.resolve, model)}?${query}`);
      expect(res.status).toBe(200);
      return schema.parse(await res.json());
    };
    expect(await decide("fraud-score", "tenant=acme&key=user-1")).toEqual({ version: PINNED, reason: "pin", epoch: 12 });
    const split = await decide("fraud-score", "key=user-1");
    expect(["stable", "candidate"]).toContain(split.reason);
    expect(await decide("shadowed", "tenant=globex")).toEqual({ version: STABLE, reason: "shadow", shadowVersion: CANDIDATE, epoch: 12 });
  });

  it("/routes/stream: an event stream whose routes event carries the table as its schema says", async () => {
    expect(Object.keys(streamRoutesRoute.responses[200].media)).toEqual(["text/event-stream"]);
    const ctrl = new AbortController();
    const res = await fetch(`${base}${filled(DATA_PLANE_PATHS.stream)}`, {
      headers: { authorization: `Bearer ${TOKEN}` },
      signal: ctrl.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const first = await new Promise<{ id: string | null; data: string }>((resolve, reject) => {
      const parse = sseParser((e: { type: string; id: string | null; data: string }) => {
        if (e.type === "routes") resolve(e);
      });
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      const pump = (): Promise<void> =>
        reader.read().then(({ value, done }) => {
          if (done) return reject(new Error("the stream ended before a routes event"));
          parse(decoder.decode(value, { stream: true }));
          return pump();
        });
      pump().catch(() => {});
    });
    ctrl.abort();
    expect(first.id).toBe("12");
    expect(getRoutesRoute.responses[200].json.parse(JSON.parse(first.data))).toMatchObject({ model: "fraud-score", epoch: 12 });
  });

  it("refusals have the error shape and a status each contract declares", async () => {
    const cases: { contract: RouteContract; path: string; token: string | null; status: number }[] = [];
    for (const contract of dataPlaneContracts) {
      const path = `${filled(contract.path)}${contract === resolveRoute ? "?key=k" : ""}`;
      cases.push({ contract, path, token: null, status: 401 });
      cases.push({ contract, path, token: `rg_${"x".repeat(43)}`, status: 401 });
      cases.push({ contract, path, token: NO_SCOPE, status: 403 });
      cases.push({ contract, path: path.replace("fraud-score", "no-such-model"), token: TOKEN, status: 404 });
    }
    cases.push({ contract: resolveRoute, path: filled(DATA_PLANE_PATHS.resolve), token: TOKEN, status: 422 });
    for (const { contract, path, token, status } of cases) {
      const res = await get(path, token);
      expect(res.status, `${path} with ${token ? token.slice(0, 4) : "no token"}`).toBe(status);
      expect(declared(contract), contract.path).toContain(status);
      expect(errorBodySchema.safeParse(await res.json()).success, path).toBe(true);
    }
  });
});
