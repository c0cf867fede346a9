// The packages as someone outside this repository gets them: `npm pack` both workspaces,
// install the tarballs into an empty folder under the system's temp directory (no registry:
// the packages have no runtime dependencies), then run the examples' own commands against the
// running server: the GitHub Actions steps and the GitLab CI job (validate, register, apply the
// policy), and the Node and Python inference-service examples (route, predict, send telemetry,
// drain on SIGTERM), checking through the API that Rollgate recorded what they did.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { parse as parseYaml } from "yaml";
import { E2E } from "./env";
import { expect, test } from "./fixtures";

const ROOT = path.resolve(import.meta.dirname, "..");
const EXAMPLES = path.join(ROOT, "examples");
const exec = promisify(execFile);

// the commands run with this PATH: the repository's node_modules/.bin (which npm puts on the
// PATH of `npm test`) must not be what answers `npx rollgate`
const PATH = (process.env.PATH ?? "")
  .split(path.delimiter)
  .filter((dir) => !dir.startsWith(ROOT))
  .join(path.delimiter);

type Shell = { code: number | null; output: string };

function sh(command: string, cwd: string, env: Record<string, string>): Promise<Shell> {
  return new Promise((resolve) => {
    const child = spawn("bash", ["-eo", "pipefail", "-c", command], { cwd, env: { ...process.env, PATH, ...env } });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("close", (code) => resolve({ code, output }));
  });
}

type Workflow = {
  jobs: Record<string, { env?: Record<string, string>; steps: { name?: string; run?: string; uses?: string }[] }>;
};
type GitlabCi = Record<string, { script: string[] }>;

let work: string;
let tarballs: { cli: string; client: string };

test.beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "rollgate-packages-"));
  expect(work.startsWith(ROOT)).toBe(false);
  // prepack bundles the CLI, so the tarball holds what `npm pack` built just now
  const { stdout } = await exec("npm", ["pack", "--json", "--pack-destination", work, "-w", "@rollgate/cli", "-w", "@rollgate/client"], {
    cwd: ROOT,
    maxBuffer: 16 * 1024 * 1024,
  });
  const packed = JSON.parse(stdout.slice(stdout.indexOf("["))) as { name: string; filename: string; files: { path: string }[] }[];
  const byName = new Map(packed.map((p) => [p.name, p]));
  const cli = byName.get("@rollgate/cli");
  const client = byName.get("@rollgate/client");
  if (!cli || !client) throw new Error(`npm pack did not pack both packages: ${stdout}`);
  // what ships: the bundle and its notices, the client's modules and their types; no sources, no tests
  expect(cli.files.map((f) => f.path).sort()).toEqual([
    "README.md",
    "bin/rollgate.mjs",
    "dist/THIRD-PARTY-LICENSES.txt",
    "dist/index.mjs",
    "dist/rollgate.mjs",
    "package.json",
    "types/index.d.ts",
  ]);
  expect(
    client.files
      .map((f) => f.path)
      .filter((f) => f.endsWith(".d.ts"))
      .sort(),
  ).toEqual(["src/bucket.d.ts", "src/index.d.ts", "src/replay.d.ts", "src/resolve.d.ts", "src/telemetry.d.ts"]);
  tarballs = { cli: path.join(work, cli.filename), client: path.join(work, client.filename) };
});

test.afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/** A model repository like the example's, with a model key of its own. */
async function modelRepo(): Promise<{ dir: string; model: string }> {
  const model = `churn-risk-${randomBytes(3).toString("hex")}`;
  const dir = await mkdtemp(path.join(work, "repo-"));
  await cp(path.join(EXAMPLES, "ci"), dir, { recursive: true });
  for (const file of ["models/churn-risk/manifest.yaml", "models/churn-risk/policy.yaml"]) {
    const text = await readFile(path.join(dir, file), "utf8");
    await writeFile(path.join(dir, file), text.replace(/^(model_id|model): churn-risk$/m, `$1: ${model}`));
  }
  await writeFile(path.join(dir, "package.json"), JSON.stringify({ name: "model-repo", private: true }));
  return { dir, model };
}

/** The install command of an example with the registry's package swapped for the tarball just packed. */
function installFromTarball(command: string): string {
  expect(command).toMatch(/^npm install .*@rollgate\/cli@\S+$/);
  return command.replace(/@rollgate\/cli@\S+$/, tarballs.cli);
}

test("the GitHub Actions and GitLab CI examples validate, register and apply the policy with the packed CLI", async ({ api }) => {
  test.slow();
  const { dir, model } = await modelRepo();
  const token = await api.createToken(["registry:write", "policy:write"]);
  const env = { ROLLGATE_URL: E2E.baseURL, ROLLGATE_TOKEN: token, npm_config_offline: "true", npm_config_update_notifier: "false" };

  const workflow = parseYaml(await readFile(path.join(dir, ".github/workflows/rollgate.yml"), "utf8")) as Workflow;
  const job = Object.values(workflow.jobs)[0]!;
  expect(Object.keys(job.env ?? {}).sort()).toEqual(["ROLLGATE_TOKEN", "ROLLGATE_URL"]);
  const runs = job.steps.flatMap((s) => (s.run ? [s.run] : []));
  expect(runs).toHaveLength(4);

  const install = await sh(installFromTarball(runs[0]!), dir, env);
  expect(install.code, install.output).toBe(0);
  // an install with nothing but the package: no runtime dependencies came with it
  expect((await readdir(path.join(dir, "node_modules"))).filter((d) => !d.startsWith("."))).toEqual(["@rollgate"]);
  expect(await readdir(path.join(dir, "node_modules/@rollgate"))).toEqual(["cli"]);
  const version = await sh("npx rollgate --version", dir, env);
  expect(version.output.trim()).toBe(JSON.parse(await readFile(path.join(ROOT, "packages/cli/package.json"), "utf8")).version);

  // the library entry, as a build script imports it
  const library = await sh(
    `node --input-type=module -e 'import { readFileSync } from "node:fs"; import { validateManifest } from "@rollgate/cli"; console.log(JSON.stringify(validateManifest(readFileSync("models/churn-risk/manifest.yaml", "utf8"))))'`,
    dir,
    env,
  );
  expect(library.code, library.output).toBe(0);
  expect(JSON.parse(library.output)).toMatchObject({ ok: true, modelId: model, version: "2026-12-01.1" });

  const [validate, register, apply] = [await sh(runs[1]!, dir, env), await sh(runs[2]!, dir, env), await sh(runs[3]!, dir, env)];
  await test
    .info()
    .attach("github actions steps", { body: [validate, register, apply].map((r) => r.output).join("\n---\n"), contentType: "text/plain" });
  expect(validate.code, validate.output).toBe(0);
  expect(validate.output).toMatch(/would be registered as a new version/);
  expect(register.code, register.output).toBe(0);
  expect(register.output).toContain(`${model} 2026-12-01.1`);
  expect(apply.code, apply.output).toBe(0);
  expect(apply.output).toMatch(/guardrails\.minSample: 500 → 800/);

  // what Rollgate holds now: the version in DEV, with the unquoted versions kept as written
  const reader = await api.createToken(["routes:read"]);
  const versionRes = await api.get(`/api/v1/models/${model}/versions/2026-12-01.1`, reader);
  expect(versionRes.status()).toBe(200);
  const registered = (await versionRes.json()) as { stage: string; manifest: { schema_version: string; runtime: { python: string } } };
  expect(registered.stage).toBe("DEV");
  expect(registered.manifest.schema_version).toBe("12");
  expect(registered.manifest.runtime.python).toBe("3.11");
  const policyRes = await api.get(`/api/v1/models/${model}/policy`, token);
  const policy = (await policyRes.json()) as { revision: number; source: { via: string }; policy: { guardrails: { minSample: number } } };
  expect(policy.policy.guardrails.minSample).toBe(800);
  expect(policy.revision).toBe(2);
  expect(policy.source.via).toBe("api");

  // the GitLab job runs the same commands: a rebuild is a no-op (already registered, policy unchanged)
  const gitlab = parseYaml(await readFile(path.join(dir, ".gitlab-ci.yml"), "utf8")) as GitlabCi;
  const script = Object.values(gitlab)[0]!.script;
  expect(script).toHaveLength(4);
  const rerun = await sh(script.slice(1).join("\n"), dir, { ...env, CI_COMMIT_BRANCH: "main", CI_DEFAULT_BRANCH: "main" });
  expect(rerun.code, rerun.output).toBe(0);
  expect(rerun.output).toMatch(/already registered/);
  expect(rerun.output).toMatch(/no changes; the policy in force is already this/);
  expect(((await (await api.get(`/api/v1/models/${model}/policy`, token)).json()) as { revision: number }).revision).toBe(2);
});

type Service = { child: ChildProcess; url: string; output: () => string; exited: Promise<number | null> };

/** Starts an example service and waits for the line that says where it listens. */
async function startService(command: string, args: string[], cwd: string, env: Record<string, string>): Promise<Service> {
  const child = spawn(command, args, { cwd, env: { ...process.env, PATH, ...env } });
  let output = "";
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (m) resolve(m[1]!);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    void exited.then((code) => reject(new Error(`the service exited (${code}) before listening:\n${output}`)));
  });
  return { child, url, output: () => output, exited };
}

async function predictThenDrain(service: Service, api: Parameters<Parameters<typeof test>[2]>[0]["api"], token: string): Promise<void> {
  const served: { request_id: string; version: string }[] = [];
  for (let i = 0; i < 5; i++) {
    const requestId = `pkg-${randomBytes(6).toString("hex")}`;
    const res = await fetch(`${service.url}/predict`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-request-id": requestId },
      body: JSON.stringify({ tenant: "acme", user: `u-${i}`, query: "red running shoes", amount: 120 }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { request_id: string; version: string };
    expect(body.request_id).toBe(requestId);
    served.push(body);
  }
  const health = await fetch(`${service.url}/healthz`);
  expect(health.status).toBe(200);
  // a pod stopping: the queued telemetry is delivered before the process exits
  service.child.kill("SIGTERM");
  expect(await service.exited, service.output()).toBe(0);
  expect(service.output()).toMatch(/telemetry: 5 sent, 0 dropped/);
  for (const { request_id, version } of served) {
    const lookup = await api.get(`/api/v1/predictions/${request_id}`, token);
    expect(lookup.status(), request_id).toBe(200);
    expect(((await lookup.json()) as { version: string }).version).toBe(version);
  }
}

test("the Node inference-service example routes and reports telemetry with the packed client", async ({ api }) => {
  test.slow();
  const dir = await mkdtemp(path.join(work, "node-service-"));
  await cp(path.join(EXAMPLES, "node-service"), dir, { recursive: true });
  const install = await sh(`npm install --no-audit --no-fund ${tarballs.client}`, dir, { npm_config_offline: "true" });
  expect(install.code, install.output).toBe(0);
  expect((await readdir(path.join(dir, "node_modules"))).filter((d) => !d.startsWith("."))).toEqual(["@rollgate"]);

  const token = await api.createToken(["routes:read", "telemetry:write"]);
  const service = await startService("node", ["service.mjs"], dir, {
    ROLLGATE_URL: E2E.baseURL,
    ROLLGATE_TOKEN: token,
    MODEL: "search-rerank",
    PORT: "0",
  });
  await predictThenDrain(service, api, token);
});

test("the Python inference-service example routes and reports telemetry with the Python client", async ({ api }) => {
  test.slow();
  const dir = await mkdtemp(path.join(work, "python-service-"));
  await mkdir(dir, { recursive: true });
  await cp(path.join(EXAMPLES, "python-service/service.py"), path.join(dir, "service.py"));
  const token = await api.createToken(["routes:read", "telemetry:write"]);
  const service = await startService("python3", ["service.py"], dir, {
    PYTHONPATH: path.join(ROOT, "clients/python"),
    PYTHONUNBUFFERED: "1",
    ROLLGATE_URL: E2E.baseURL,
    ROLLGATE_TOKEN: token,
    MODEL: "search-rerank",
    PORT: "0",
  });
  await predictThenDrain(service, api, token);
});
