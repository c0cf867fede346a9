// The commands end to end with fake files, network and output: no server is started.
import { describe, expect, it } from "vitest";
import { fraudScoringManifest, fraudScoringManifestYaml } from "../../../lib/registry/fixtures";
import { EXIT } from "./exit-codes";
import { run, type CliIo } from "./run";

type Call = { url: string; method: string; headers: Headers; body: string };

function harness(files: Record<string, string>, reply?: (call: Call) => Response | Promise<Response>) {
  const out: string[] = [];
  const err: string[] = [];
  const calls: Call[] = [];
  const io: CliIo = {
    env: { ROLLGATE_URL: "http://rollgate.test", ROLLGATE_TOKEN: "rg_test" },
    readFile: async (path) => {
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error("missing"), { code: "ENOENT" });
      return text;
    },
    fetch: (async (input: string | URL | Request, init?: RequestInit) => {
      const call = { url: String(input), method: init?.method ?? "GET", headers: new Headers(init?.headers), body: String(init?.body) };
      calls.push(call);
      if (!reply) throw new Error("no network in this test");
      return reply(call);
    }) as typeof fetch,
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  };
  return { io, out, err, calls };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", "x-request-id": "rid-1" } });

const registered = {
  model: "fraud-scoring",
  version: "2026-01-15.2",
  stage: "DEV",
  contentHash: "ab".repeat(32),
  createdAt: "2026-01-15T10:00:00.000Z",
};

describe("rollgate register", () => {
  it("posts the YAML with its content type and token, and prints what was created", async () => {
    const h = harness({ "m.yaml": fraudScoringManifestYaml() }, () => json(201, registered));
    expect(await run(["register", "m.yaml"], h.io)).toBe(EXIT.ok);
    expect(h.calls).toHaveLength(1);
    const [call] = h.calls;
    expect(call?.url).toBe("http://rollgate.test/api/v1/models/fraud-scoring/versions");
    expect(call?.method).toBe("POST");
    expect(call?.headers.get("content-type")).toMatch(/^application\/yaml/);
    expect(call?.headers.get("authorization")).toBe("Bearer rg_test");
    expect(call?.body).toBe(fraudScoringManifestYaml());
    const text = h.out.join("\n");
    expect(text).toContain("✓ registered fraud-scoring 2026-01-15.2");
    expect(text).toMatch(/stage\s+DEV/);
    expect(text).toContain(registered.contentHash);
    expect(text).toMatch(/result\s+created/);
  });

  it("says when the version was already registered with the same content", async () => {
    const h = harness({ "m.json": JSON.stringify(fraudScoringManifest()) }, () => json(200, registered));
    expect(await run(["register", "m.json"], h.io)).toBe(EXIT.ok);
    expect(h.calls[0]?.headers.get("content-type")).toMatch(/^application\/json/);
    expect(h.out.join("\n")).toContain("already registered");
  });

  it("prints every field error of a 422 and exits 3", async () => {
    const h = harness({ "m.yaml": fraudScoringManifestYaml() }, () =>
      json(422, {
        error: {
          code: "schema_error",
          message: "…",
          issues: [
            { path: "limits.max_error_rate", message: "above the budget" },
            { path: "parent_version", message: "not registered" },
          ],
        },
      }),
    );
    expect(await run(["register", "m.yaml"], h.io)).toBe(EXIT.validation);
    expect(h.err).toEqual([
      "✗ 2 problems (HTTP 422):",
      "  limits.max_error_rate  above the budget",
      "  parent_version         not registered",
    ]);
  });

  it("exits 4 on a conflict, 5 on auth failures and 6 on server or network failures", async () => {
    const file = { "m.yaml": fraudScoringManifestYaml() };
    expect(
      await run(["register", "m.yaml"], harness(file, () => json(409, { error: { code: "conflict", message: "immutable" } })).io),
    ).toBe(EXIT.conflict);
    expect(await run(["register", "m.yaml"], harness(file, () => json(401, { error: { code: "unauthorized", message: "no" } })).io)).toBe(
      EXIT.auth,
    );
    expect(await run(["register", "m.yaml"], harness(file, () => json(403, { error: { code: "forbidden", message: "no" } })).io)).toBe(
      EXIT.auth,
    );
    expect(await run(["register", "m.yaml"], harness(file, () => new Response("<html>bad gateway</html>", { status: 502 })).io)).toBe(
      EXIT.server,
    );
    const down = harness(file, () => {
      throw new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } });
    });
    expect(await run(["register", "m.yaml"], down.io)).toBe(EXIT.server);
    expect(down.err[0]).toBe("✗ Could not reach http://rollgate.test: ECONNREFUSED.");
  });

  it("needs a URL and a token (usage error naming what is missing)", async () => {
    const h = harness({ "m.yaml": fraudScoringManifestYaml() });
    h.io.env = {};
    expect(await run(["register", "m.yaml"], h.io)).toBe(EXIT.usage);
    expect(h.err[0]).toContain("ROLLGATE_URL");
    expect(h.err[0]).toContain("ROLLGATE_TOKEN");
    expect(h.calls).toHaveLength(0);
  });

  it("uses --model when the manifest has no readable model_id, and explains otherwise", async () => {
    const broken = "changelog: [unclosed";
    const h = harness({ "m.yaml": broken });
    expect(await run(["register", "m.yaml"], h.io)).toBe(EXIT.validation);
    expect(h.err[0]).toContain("--model");
    const withModel = harness({ "m.yaml": broken }, () =>
      json(422, { error: { code: "schema_error", message: "x", issues: [{ path: "", message: "YAML syntax error" }] } }),
    );
    expect(await run(["register", "m.yaml", "--model", "fraud-scoring"], withModel.io)).toBe(EXIT.validation);
    expect(withModel.calls[0]?.url).toContain("/models/fraud-scoring/versions");
  });

  it("exits 2 for a file that cannot be read", async () => {
    const h = harness({});
    expect(await run(["register", "missing.yaml"], h.io)).toBe(EXIT.usage);
    expect(h.err[0]).toBe("✗ Cannot read missing.yaml: no such file.");
  });
});

describe("rollgate validate", () => {
  it("runs the local checks without a server when no URL or token is set", async () => {
    const h = harness({ "m.yaml": fraudScoringManifestYaml() });
    h.io.env = {};
    expect(await run(["validate", "m.yaml"], h.io)).toBe(EXIT.ok);
    expect(h.calls).toHaveLength(0);
    expect(h.out[0]).toContain("schema checks pass");
    expect(h.out.join("\n")).toContain("ROLLGATE_URL");
  });

  it("reports every local problem at once and does not call the server", async () => {
    const m = fraudScoringManifest() as Record<string, unknown> & { runtime: { container: string } };
    m.runtime.container = "ghcr.io/acme/fraud-scoring:latest";
    delete m.changelog;
    const h = harness({ "m.json": JSON.stringify(m) });
    expect(await run(["validate", "m.json"], h.io)).toBe(EXIT.validation);
    expect(h.calls).toHaveLength(0);
    expect(h.err[0]).toBe("✗ m.json: 2 problems (local checks):");
    expect(
      h.err
        .slice(1)
        .map((l) => l.trim().split(/\s+/)[0])
        .sort(),
    ).toEqual(["changelog", "runtime.container"]);
  });

  it("then asks the server for a dry run", async () => {
    const h = harness({ "m.yaml": fraudScoringManifestYaml() }, () =>
      json(200, { valid: true, wouldBe: "created", contentHash: "cd".repeat(32) }),
    );
    expect(await run(["validate", "m.yaml"], h.io)).toBe(EXIT.ok);
    expect(h.calls[0]?.url).toBe("http://rollgate.test/api/v1/models/fraud-scoring/versions?dry_run=true");
    expect(h.out.join("\n")).toContain("would be registered as a new version");
  });

  it("fails with the server’s context issues", async () => {
    const h = harness({ "m.yaml": fraudScoringManifestYaml() }, () =>
      json(422, { error: { code: "schema_error", message: "x", issues: [{ path: "parent_version", message: "not registered" }] } }),
    );
    expect(await run(["validate", "m.yaml"], h.io)).toBe(EXIT.validation);
    expect(h.err).toContain("  parent_version  not registered");
  });
});

describe("rollgate", () => {
  it("prints help and exits 0; a usage error exits 2", async () => {
    const h = harness({});
    expect(await run(["--help"], h.io)).toBe(EXIT.ok);
    expect(h.out[0]).toContain("rollgate register");
    const bad = harness({});
    expect(await run(["deploy", "m.yaml"], bad.io)).toBe(EXIT.usage);
    expect(bad.err[1]).toContain("--help");
  });
});
