import { describe, expect, it } from "vitest";
import { z } from "zod";
import { formMessage, issuesByField } from "./form-issues";

describe("issuesByField", () => {
  it("keys formatted paths (action results) by their first segment", () => {
    expect(
      issuesByField([
        { path: "name", message: "Required." },
        { path: "scopes[1]", message: "Unknown scope." },
        { path: "limits.p95_latency_ms", message: "Too high." },
      ]),
    ).toEqual({ name: "Required.", scopes: "Unknown scope.", limits: "Too high." });
  });

  it("keys array paths (zod issues) by their first element", () => {
    const parsed = z.object({ email: z.email(), tags: z.array(z.string()) }).safeParse({ email: "nope", tags: ["ok", 3] });
    expect(parsed.success).toBe(false);
    expect(Object.keys(issuesByField(parsed.error?.issues)).sort()).toEqual(["email", "tags"]);
    expect(issuesByField([{ path: [0, "x"], message: "First item." }])).toEqual({ "0": "First item." });
  });

  it("keeps the first message of a field", () => {
    expect(
      issuesByField([
        { path: "password", message: "Too short." },
        { path: "password", message: "Too common." },
      ]),
    ).toEqual({ password: "Too short." });
  });

  it("files issues without a path under the empty key", () => {
    expect(
      issuesByField([
        { path: "", message: "Form." },
        { path: [], message: "Also form." },
      ]),
    ).toEqual({ "": "Form." });
  });

  it("returns nothing for no issues", () => {
    expect(issuesByField(undefined)).toEqual({});
    expect(issuesByField([])).toEqual({});
  });
});

describe("formMessage", () => {
  const shown = ["name", "email"];

  it("points at the field when every issue is on a shown field", () => {
    expect(formMessage({ message: "name: Required.", issues: [{ path: "name" }] }, shown)).toBe("Check the highlighted field.");
    expect(formMessage({ message: "2 fields", issues: [{ path: "name" }, { path: "email[0]" }] }, shown)).toBe(
      "Check the highlighted fields.",
    );
  });

  it("keeps the error's message when an issue has no field on the form", () => {
    expect(formMessage({ message: "role: Unknown role.", issues: [{ path: "name" }, { path: "role" }] }, shown)).toBe(
      "role: Unknown role.",
    );
  });

  it("keeps the error's message when there are no issues", () => {
    expect(formMessage({ message: "That email is taken." }, shown)).toBe("That email is taken.");
    expect(formMessage({ message: "That email is taken.", issues: [] }, shown)).toBe("That email is taken.");
  });
});
