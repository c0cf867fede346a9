import { describe, expect, it } from "vitest";
import { EXIT } from "./exit-codes";
import { describeFailure, exitCodeForStatus, formatIssues } from "./format";

describe("formatIssues", () => {
  it("prints one line per issue with the messages aligned after the paths", () => {
    expect(
      formatIssues([
        { path: "runtime.container", message: "must be pinned by digest" },
        { path: "changelog", message: "changelog is required." },
      ]),
    ).toEqual(["  runtime.container  must be pinned by digest", "  changelog          changelog is required."]);
  });

  it("labels a whole-manifest issue and keeps each message on one line", () => {
    expect(formatIssues([{ path: "", message: "YAML syntax error at line 3:\n  bad indentation" }])).toEqual([
      "  (manifest)  YAML syntax error at line 3: bad indentation",
    ]);
  });
});

describe("exitCodeForStatus", () => {
  it("gives each failure class its own code", () => {
    expect(exitCodeForStatus(401)).toBe(EXIT.auth);
    expect(exitCodeForStatus(403)).toBe(EXIT.auth);
    expect(exitCodeForStatus(409)).toBe(EXIT.conflict);
    expect(exitCodeForStatus(422)).toBe(EXIT.validation);
    expect(exitCodeForStatus(413)).toBe(EXIT.validation);
    expect(exitCodeForStatus(404)).toBe(EXIT.server);
    expect(exitCodeForStatus(500)).toBe(EXIT.server);
    expect(exitCodeForStatus(503)).toBe(EXIT.server);
  });
});

describe("describeFailure", () => {
  it("lists every field error of a 422", () => {
    const body = {
      error: {
        code: "schema_error",
        message: "2 fields are not valid",
        issues: [
          { path: "limits.max_error_rate", message: "max_error_rate 0.5 is above the budget" },
          { path: "parent_version", message: "parent_version 2026-01-01.1 is not registered" },
        ],
      },
    };
    expect(describeFailure(422, body, "req-1")).toEqual({
      exitCode: EXIT.validation,
      lines: [
        "✗ 2 problems (HTTP 422):",
        "  limits.max_error_rate  max_error_rate 0.5 is above the budget",
        "  parent_version         parent_version 2026-01-01.1 is not registered",
      ],
    });
  });

  it("prints the message and a hint for conflicts and auth failures", () => {
    const conflict = describeFailure(409, { error: { code: "conflict", message: "version 2026-01-15.2 … immutable" } }, null);
    expect(conflict.exitCode).toBe(EXIT.conflict);
    expect(conflict.lines[0]).toBe("✗ version 2026-01-15.2 … immutable (HTTP 409)");
    expect(conflict.lines[1]).toContain("new model_version");

    const forbidden = describeFailure(403, { error: { code: "forbidden", message: "This token lacks the scope registry:write." } }, null);
    expect(forbidden.exitCode).toBe(EXIT.auth);
    expect(forbidden.lines.join("\n")).toContain("registry:write");
  });

  it("copes with a body that is not Rollgate’s error shape, and quotes the request id of a server error", () => {
    const out = describeFailure(502, null, "abc-123");
    expect(out.exitCode).toBe(EXIT.server);
    expect(out.lines).toEqual(["✗ The server answered HTTP 502 without an error body. (HTTP 502)", "  request id: abc-123"]);
    expect(describeFailure(422, { error: { message: "x", issues: [{ path: 1 }] } }, null).lines).toEqual(["✗ x (HTTP 422)"]);
  });
});
