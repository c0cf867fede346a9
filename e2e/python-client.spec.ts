// The Python client (clients/python, standard library only) against the real server, as an
// inference service runs it: its live tests follow the routing stream, see a pin arrive and
// leave, send telemetry that prediction lookup finds, and keep serving when Rollgate is cut off.
import { spawn } from "node:child_process";
import path from "node:path";
import { E2E } from "./env";
import { expect, test } from "./fixtures";

test("the Python client's live tests pass against the server", async ({ api }) => {
  test.slow();
  const token = await api.createToken(["routes:read", "telemetry:write", "release:write"]);
  const tests = path.resolve(import.meta.dirname, "../clients/python/tests");
  const run = await new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn("python3", ["-m", "unittest", "discover", "-v", "-s", tests, "-p", "test_live_*.py"], {
      env: { ...process.env, ROLLGATE_URL: E2E.baseURL, ROLLGATE_TOKEN: token, ROLLGATE_TEST_MODEL: "search-rerank" },
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("close", (code) => resolve({ code, output }));
  });
  await test.info().attach("python unittest", { body: run.output, contentType: "text/plain" });
  expect(run.output).toMatch(/Ran 4 tests/);
  expect(run.output).not.toMatch(/skipped/);
  expect(run.code, run.output).toBe(0);
});
