import { describe, expect, it } from "vitest";
import { EXIT } from "./exit-codes";
import { runReplay, type ReplayIo } from "./replay";
import { sha256Hex } from "./replay-compare";

const LINES = '{"input":{},"output":{"label":"a"},"request_id":"r1","tenant":"acme","ts":"2026-11-30T10:00:00.000Z","version":"v1"}\n';

function io(answer: (url: URL, init?: RequestInit) => Response, files: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const written: Record<string, string> = {};
  const requests: { url: string; method: string; body: string | null; auth: string | null }[] = [];
  const value: ReplayIo = {
    env: { ROLLGATE_URL: "http://rollgate.test", ROLLGATE_TOKEN: "rg_test" },
    fetch: (async (input: URL | string, init?: RequestInit) => {
      const url = new URL(String(input));
      const headers = new Headers(init?.headers);
      requests.push({
        url: url.pathname + url.search,
        method: init?.method ?? "GET",
        body: (init?.body as string) ?? null,
        auth: headers.get("authorization"),
      });
      return answer(url, init);
    }) as typeof fetch,
    readFile: async (p) => {
      if (!(p in files)) throw Object.assign(new Error("missing"), { code: "ENOENT" });
      return files[p]!;
    },
    writeFile: async (p, t) => {
      written[p] = t;
    },
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  };
  return { io: value, out, err, written, requests };
}

const ndjson = (text: string, headers: Record<string, string>) =>
  new Response(text, { status: 200, headers: { "content-type": "application/x-ndjson", ...headers } });

describe("rollgate replay pull", () => {
  it("writes the JSONL and checks it against the frozen hash", async () => {
    const t = io(() => ndjson(LINES, { "x-rollgate-content-hash": sha256Hex(LINES) }));
    expect(await runReplay(["pull", "--model", "fraud", "--set", "nightly", "--out", "s.jsonl"], t.io)).toBe(EXIT.ok);
    expect(t.written["s.jsonl"]).toBe(LINES);
    expect(t.requests[0]).toMatchObject({ url: "/api/v1/models/fraud/replay-sets/nightly/items", auth: "Bearer rg_test" });
    expect(t.err.join("\n")).toContain("matches the frozen set");
  });

  it("exits 7 when the file does not match the hash", async () => {
    const t = io(() => ndjson(LINES, { "x-rollgate-content-hash": "0".repeat(64) }));
    expect(await runReplay(["pull", "--model", "fraud", "--set", "nightly"], t.io)).toBe(EXIT.mismatch);
    expect(t.err.join("\n")).toContain("is not the set's frozen hash");
  });

  it("exits 10 and says so when items were erased", async () => {
    const t = io(() => ndjson(LINES, { "x-rollgate-content-hash": "0".repeat(64), "x-rollgate-erased": "3 2026-12-01T09:00:00.000Z" }));
    expect(await runReplay(["pull", "--model", "fraud", "--set", "nightly"], t.io)).toBe(EXIT.erased);
    expect(t.written["fraud-nightly.jsonl"]).toBe(LINES);
    expect(t.err.join("\n")).toContain("3 items were erased from this set on 2026-12-01");
  });

  it("explains a 404", async () => {
    const t = io(() => new Response(JSON.stringify({ error: { code: "not_found", message: "fraud has no replay set" } }), { status: 404 }));
    expect(await runReplay(["pull", "--model", "fraud", "--set", "x"], t.io)).toBe(EXIT.server);
    expect(t.err[0]).toContain("fraud has no replay set (HTTP 404)");
  });
});

describe("rollgate replay freeze and erase-tenant", () => {
  it("freezes with the window and size as numbers", async () => {
    const set = { id: "s1", name: "n", itemCount: 2, tenants: [{ tenant: "a", items: 2 }], contentHash: "h" };
    const t = io(() => new Response(JSON.stringify(set), { status: 201 }));
    expect(await runReplay(["freeze", "--model", "fraud", "--name", "n", "--days", "7", "--size", "20000"], t.io)).toBe(EXIT.ok);
    expect(t.requests[0]).toMatchObject({ url: "/api/v1/models/fraud/replay-sets", method: "POST" });
    expect(JSON.parse(t.requests[0]!.body!)).toEqual({ name: "n", size: 20000, days: 7 });
  });

  it("maps a taken name to exit 4 and a missing window to a usage error", async () => {
    const taken = io(() => new Response(JSON.stringify({ error: { code: "conflict", message: "taken" } }), { status: 409 }));
    expect(await runReplay(["freeze", "--model", "fraud", "--name", "n", "--days", "7", "--size", "5"], taken.io)).toBe(EXIT.conflict);
    const bad = io(() => new Response("{}"));
    expect(await runReplay(["freeze", "--model", "fraud", "--name", "n", "--size", "5"], bad.io)).toBe(EXIT.usage);
    expect(bad.err[0]).toContain("needs the window");
  });

  it("erases a tenant of one model", async () => {
    const result = {
      tenant: "acme",
      model: "fraud",
      records: 3,
      items: 2,
      models: [{ model: "fraud", records: 3, items: 2, sets: [{ id: "s1", name: "n", items: 2 }] }],
      at: "",
    };
    const t = io(() => new Response(JSON.stringify(result), { status: 200 }));
    expect(await runReplay(["erase-tenant", "--tenant", "acme", "--model", "fraud"], t.io)).toBe(EXIT.ok);
    expect(t.requests[0]).toMatchObject({ url: "/api/v1/replay/erasures", method: "POST" });
    expect(JSON.parse(t.requests[0]!.body!)).toEqual({ tenant: "acme", model: "fraud" });
    expect(t.err.join("\n")).toContain('"n" (2)');
  });
});

describe("rollgate replay compare", () => {
  it("prints the evaluation's replay object", async () => {
    const files = {
      "set.jsonl": LINES,
      "b.jsonl": '{"request_id":"r1","output":{"label":"a"}}\n',
      "c.jsonl": '{"request_id":"r1","output":{"label":"b"}}\n',
    };
    const t = io(() => new Response(""), files);
    const code = await runReplay(
      [
        "compare",
        "--set",
        "set.jsonl",
        "--baseline",
        "b.jsonl",
        "--candidate",
        "c.jsonl",
        "--baseline-version",
        "2026-11-01.1",
        "--set-id",
        "s1",
      ],
      t.io,
    );
    expect(code).toBe(EXIT.ok);
    const report = JSON.parse(t.out.join("\n"));
    expect(report).toMatchObject({ baseline_version: "2026-11-01.1", cases: 1, agreement: 0, set: { id: "s1", hash: sha256Hex(LINES) } });
    expect(t.requests).toEqual([]);
  });

  it("is a usage error for an unreadable file", async () => {
    const t = io(() => new Response(""), {});
    expect(await runReplay(["compare", "--set", "x", "--baseline", "y", "--candidate", "z", "--baseline-version", "v"], t.io)).toBe(
      EXIT.usage,
    );
    expect(t.err[0]).toContain("x: cannot read it (ENOENT)");
  });
});
