// `rollgate policy get|apply` against the policy API served over real HTTP and a real database:
// the file round trip CI relies on (get → edit → apply), the diff it prints, --yes in CI, the
// refusal without a terminal, and a change made meanwhile (412, exit 4).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET, PUT } from "../../app/api/v1/models/[model]/policy/route";
import { runPolicy, type PolicyIo } from "../../packages/cli/src/policy";
import { testDb } from "./support/db";
import { createApiToken, registerModel } from "./support/factories";
import { serveRoutes, type Served } from "./support/serve";

let served: Served;
let url: string;
let token: string;

beforeAll(async () => {
  token = (await createApiToken(["policy:write"], "ci-policy-cli")).secret;
  served = await serveRoutes((req) => ({
    handler: req.method === "GET" ? GET : PUT,
    params: { model: decodeURIComponent(/\/api\/v1\/models\/([^/]+)\/policy/.exec(req.url ?? "")?.[1] ?? "") },
  }));
  url = served.origin;
});

afterAll(() => served.close());

const newModel = () => registerModel("it-policy-cli", ["2026-03-01.1"]);

function io(files: Map<string, string>, confirm: PolicyIo["confirm"] = null) {
  const out: string[] = [];
  const err: string[] = [];
  const value: PolicyIo = {
    env: { ROLLGATE_URL: url, ROLLGATE_TOKEN: token },
    fetch: globalThis.fetch,
    readFile: async (p) => {
      const text = files.get(p);
      if (text === undefined) throw new Error(`ENOENT: no such file, open '${p}'`);
      return text;
    },
    writeFile: async (p, text) => void files.set(p, text),
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    confirm,
  };
  return { value, out, err };
}

describe("rollgate policy", () => {
  it("get writes the policy as YAML; apply --yes shows the diff and applies the edited file", async () => {
    const model = await newModel();
    const files = new Map<string, string>();
    const got = io(files);
    expect(await runPolicy(["get", model, "-o", "policy.yaml"], got.value)).toBe(0);
    expect(got.err.join("\n")).toMatch(/wrote policy.yaml: .*revision 1, as registered/);
    const yaml = files.get("policy.yaml") ?? "";
    expect(yaml).toMatch(new RegExp(`^model: ${model}$`, "m"));
    files.set("policy.yaml", yaml.replace(/^( +)minSample: 500$/m, "$1minSample: 800"));

    const applied = io(files);
    expect(await runPolicy(["apply", "policy.yaml", "--yes"], applied.value)).toBe(0);
    expect(applied.out.join("\n")).toContain("guardrails.minSample: 500 → 800");
    expect(applied.out.join("\n")).toContain("✓ applied to");
    const row = await testDb().model.findUniqueOrThrow({ where: { key: model } });
    expect(row.policyRevision).toBe(2);
    expect(row.policyUpdatedVia).toBe("api");
    expect(row.policyUpdatedBy).toBe("token ci-policy-cli");

    const again = io(files);
    expect(await runPolicy(["apply", "policy.yaml", "--yes"], again.value)).toBe(0);
    expect(again.out.join("\n")).toMatch(/no changes/);
  });

  it("refuses without --yes where nobody can confirm, and applies what the person confirms", async () => {
    const model = await newModel();
    const files = new Map([["p.json", JSON.stringify({ rollout: { steps: [10, 100] } })]]);
    const ci = io(files);
    expect(await runPolicy(["apply", "p.json", "--model", model], ci.value)).toBe(2);
    expect(ci.err.join("\n")).toMatch(/--yes/);
    const declined = io(files, async () => false);
    expect(await runPolicy(["apply", "p.json", "--model", model], declined.value)).toBe(0);
    expect(declined.out.join("\n")).toMatch(/Not applied/);
    expect((await testDb().model.findUniqueOrThrow({ where: { key: model } })).policyRevision).toBe(1);
    const accepted = io(files, async () => true);
    expect(await runPolicy(["apply", "p.json", "--model", model], accepted.value)).toBe(0);
    expect(accepted.out.join("\n")).toContain("rollout.steps: [5,25,50,100] → [10,100]");
  });

  it("names bad fields with their paths (exit 3) and a change made meanwhile (exit 4)", async () => {
    const model = await newModel();
    const files = new Map([["bad.yaml", `model: ${model}\npolicy:\n  approvals:\n    required: 0\n`]]);
    const bad = io(files);
    expect(await runPolicy(["apply", "bad.yaml", "--yes"], bad.value)).toBe(3);
    expect(bad.err.join("\n")).toMatch(/policy\.approvals\.required/);

    files.set("ok.yaml", `model: ${model}\npolicy:\n  rollout:\n    steps: [50, 100]\n`);
    const racing = io(files, async () => {
      // someone applies another change while the person reads the diff
      const other = await fetch(`${url}/api/v1/models/${model}/policy`, {
        method: "PUT",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ rollout: { steps: [20, 100] } }),
      });
      expect(other.status).toBe(200);
      return true;
    });
    expect(await runPolicy(["apply", "ok.yaml"], racing.value)).toBe(4);
    expect(racing.err.join("\n")).toMatch(/revision 2, not 1/);
  });
});
