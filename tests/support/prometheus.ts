/**
 * A real Prometheus server (Debian's `prometheus` package) for the tests: its own port, config
 * and storage in a temporary directory, scraping one target every second. `.ci/run` installs
 * the package; without it the tests fail and say how to install it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

export const PROMETHEUS_BIN = "/usr/bin/prometheus";

export type Prometheus = {
  url: string;
  /** an instant PromQL query's vector result */
  query(promql: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
  /** polls `query` until `accept` holds for its result (Prometheus scrapes every second) */
  until<T>(
    promql: string,
    accept: (r: { metric: Record<string, string>; value: [number, string] }[]) => T | null,
    timeoutMs?: number,
  ): Promise<T>;
  stop(): Promise<void>;
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export type ScrapeTarget = { job: string; host: string; path: string; token?: string };

export async function startPrometheus(targets: readonly ScrapeTarget[]): Promise<Prometheus> {
  if (!existsSync(PROMETHEUS_BIN)) {
    throw new Error(`${PROMETHEUS_BIN} is missing: install Debian's Prometheus with \`apt-get install -y prometheus\` (.ci/run does).`);
  }
  const dir = mkdtempSync(path.join(tmpdir(), "rollgate-prometheus-"));
  const jobs = targets.map(
    (t) =>
      `  - job_name: ${t.job}\n    metrics_path: ${t.path}\n` +
      (t.token ? `    authorization:\n      credentials: ${t.token}\n` : "") +
      `    static_configs:\n      - targets: ["${t.host}"]\n`,
  );
  writeFileSync(
    path.join(dir, "prometheus.yml"),
    `global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n${jobs.join("")}`,
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    PROMETHEUS_BIN,
    [
      `--config.file=${path.join(dir, "prometheus.yml")}`,
      `--storage.tsdb.path=${path.join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--log.level=warn",
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prometheus exited (${child.exitCode}): ${stderr}`);
    const ready = await fetch(`${url}/-/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) throw new Error(`prometheus did not become ready within 30 s: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }

  const query: Prometheus["query"] = async (promql) => {
    const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(promql)}`);
    const body = (await res.json()) as {
      status: string;
      error?: string;
      data?: { result: { metric: Record<string, string>; value: [number, string] }[] };
    };
    if (body.status !== "success") throw new Error(`PromQL ${promql}: ${body.error}`);
    return body.data?.result ?? [];
  };

  return {
    url,
    query,
    async until(promql, accept, timeoutMs = 20_000) {
      const end = Date.now() + timeoutMs;
      let last: unknown = null;
      for (;;) {
        const result = await query(promql);
        last = result;
        const value = accept(result);
        if (value !== null) return value;
        if (Date.now() > end)
          throw new Error(`PromQL ${promql} did not give the expected result within ${timeoutMs} ms; last: ${JSON.stringify(last)}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    },
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
