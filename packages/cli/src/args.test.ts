import { describe, expect, it } from "vitest";
import { contentTypeFor, parseInvocation, versionsEndpoint } from "./args";

const env = { ROLLGATE_URL: "http://rollgate.internal:3000", ROLLGATE_TOKEN: "rg_env" };

describe("parseInvocation", () => {
  it("reads the command, the file and the environment", () => {
    expect(parseInvocation(["register", "m.yaml"], env)).toEqual({
      kind: "run",
      command: "register",
      file: "m.yaml",
      url: "http://rollgate.internal:3000",
      token: "rg_env",
      model: null,
    });
  });

  it("lets --url, --token and --model override the environment, in any position", () => {
    const inv = parseInvocation(
      ["--url", "https://rg.example.com", "validate", "--token=rg_flag", "m.json", "--model", "fraud-scoring"],
      env,
    );
    expect(inv).toMatchObject({
      kind: "run",
      command: "validate",
      file: "m.json",
      url: "https://rg.example.com",
      token: "rg_flag",
      model: "fraud-scoring",
    });
  });

  it("treats empty variables and flags as unset", () => {
    expect(parseInvocation(["validate", "m.yml"], { ROLLGATE_URL: "", ROLLGATE_TOKEN: "  " })).toMatchObject({ url: null, token: null });
    expect(parseInvocation(["validate", "m.yml", "--token", ""], env)).toMatchObject({ token: "rg_env" });
  });

  it("shows help for --help, -h, help and no arguments", () => {
    for (const argv of [["--help"], ["-h"], ["help"], [], ["register", "m.yaml", "--help"]]) {
      expect(parseInvocation(argv, env)).toEqual({ kind: "help" });
    }
  });

  it("refuses an unknown command, naming the known ones", () => {
    expect(parseInvocation(["push", "m.yaml"], env)).toEqual({
      kind: "usage-error",
      message: 'Unknown command "push". Commands: register, validate.',
    });
  });

  it("refuses a missing file, extra arguments and non-manifest extensions", () => {
    expect(parseInvocation(["register"], env)).toMatchObject({
      kind: "usage-error",
      message: expect.stringContaining("needs a manifest file"),
    });
    expect(parseInvocation(["register", "a.yaml", "b.yaml"], env)).toMatchObject({
      kind: "usage-error",
      message: expect.stringContaining('"b.yaml"'),
    });
    expect(parseInvocation(["register", "model.txt"], env)).toMatchObject({
      kind: "usage-error",
      message: expect.stringContaining(".yaml, .yml or .json"),
    });
  });

  it("refuses an unknown option by name, without node’s advice about positionals", () => {
    const inv = parseInvocation(["register", "m.yaml", "--tokn", "x"], env);
    expect(inv.kind).toBe("usage-error");
    if (inv.kind !== "usage-error") return;
    expect(inv.message).toContain("'--tokn'");
    expect(inv.message).not.toContain("To specify");
  });

  it("refuses a value-taking flag without its value", () => {
    expect(parseInvocation(["register", "m.yaml", "--url"], env)).toMatchObject({ kind: "usage-error" });
  });
});

describe("contentTypeFor", () => {
  it("sends .json as JSON and .yaml/.yml as YAML, whatever the case", () => {
    expect(contentTypeFor("a/b.json")).toBe("application/json");
    expect(contentTypeFor("a/b.JSON")).toBe("application/json");
    expect(contentTypeFor("b.yaml")).toBe("application/yaml");
    expect(contentTypeFor("b.YML")).toBe("application/yaml");
  });
});

describe("versionsEndpoint", () => {
  it("appends the versions path to the base URL, keeping a path prefix", () => {
    expect(versionsEndpoint("http://127.0.0.1:3000", "fraud-scoring", false)?.toString()).toBe(
      "http://127.0.0.1:3000/api/v1/models/fraud-scoring/versions",
    );
    expect(versionsEndpoint("https://tools.example.com/rollgate/", "fraud-scoring", true)?.toString()).toBe(
      "https://tools.example.com/rollgate/api/v1/models/fraud-scoring/versions?dry_run=true",
    );
  });

  it("escapes the model key and refuses non-http URLs", () => {
    expect(versionsEndpoint("http://h", "a/b c", false)?.pathname).toBe("/api/v1/models/a%2Fb%20c/versions");
    expect(versionsEndpoint("127.0.0.1:3000", "m", false)).toBeNull();
    expect(versionsEndpoint("not a url", "m", false)).toBeNull();
    expect(versionsEndpoint("ftp://h", "m", false)).toBeNull();
  });
});
