// The Python client's own tests (clients/python/tests, standard library unittest) run with the
// machine's python3 as part of the unit tier; the tests against a live server skip here and run
// in the end-to-end tier (e2e/python-client.spec.ts).
import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect, it } from "vitest";

it("passes its unittest suite with python3", () => {
  const run = spawnSync("python3", ["-m", "unittest", "discover", "-s", path.join(__dirname, "tests"), "-p", "test_*.py"], {
    encoding: "utf8",
    env: { ...process.env, ROLLGATE_URL: "", ROLLGATE_TOKEN: "" },
    timeout: 120_000,
  });
  expect(run.error, "python3 must be installed").toBeUndefined();
  expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
}, 130_000);
