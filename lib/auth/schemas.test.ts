import { describe, expect, it } from "vitest";
import { zodIssues } from "../errors";
import { PASSWORD_RULE } from "./password-rule";
import { changeRoleInput, createTokenInput, createUserInput, revokeTokenInput, setDisabledInput, setupInput, signInInput } from "./schemas";

const issues = (r: { success: boolean; error?: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> } }) =>
  r.error ? zodIssues(r.error) : [];
const password = "x".repeat(PASSWORD_RULE.min);

describe("user schemas", () => {
  it("normalises emails to trimmed lower case", () => {
    expect(signInInput.parse({ email: "  Ada@Example.COM ", password: "p" }).email).toBe("ada@example.com");
  });

  it("names every bad field at once", () => {
    const r = createUserInput.safeParse({ name: " ", email: "not-an-email", role: "owner", password: "short" });
    expect(
      issues(r)
        .map((i) => i.path)
        .sort(),
    ).toEqual(["email", "name", "password", "role"]);
    expect(issues(r).find((i) => i.path === "password")?.message).toBe(`Use at least ${PASSWORD_RULE.min} characters.`);
    expect(issues(r).find((i) => i.path === "role")?.message).toMatch(/viewer, operator, approver, admin/);
  });

  it("defaults a new user's role to viewer", () => {
    expect(createUserInput.parse({ name: "Ada", email: "ada@example.com", password }).role).toBe("viewer");
  });

  it("enforces the password length bounds", () => {
    const base = { name: "Ada", email: "ada@example.com" };
    expect(createUserInput.safeParse({ ...base, password: "x".repeat(PASSWORD_RULE.min - 1) }).success).toBe(false);
    expect(createUserInput.safeParse({ ...base, password: "x".repeat(PASSWORD_RULE.max + 1) }).success).toBe(false);
    expect(createUserInput.safeParse({ ...base, password: "x".repeat(PASSWORD_RULE.max) }).success).toBe(true);
  });

  it("requires the setup passwords to match, on the confirm field", () => {
    const r = setupInput.safeParse({ name: "Ada", email: "ada@example.com", password, confirmPassword: `${password}!` });
    expect(issues(r)).toEqual([{ path: "confirmPassword", message: "The passwords do not match." }]);
  });

  it("reads form booleans for disable/enable", () => {
    expect(setDisabledInput.parse({ userId: "u1", disabled: "true" }).disabled).toBe(true);
    expect(setDisabledInput.parse({ userId: "u1", disabled: "false" }).disabled).toBe(false);
    expect(setDisabledInput.safeParse({ userId: "u1", disabled: "maybe" }).success).toBe(false);
  });

  it("refuses an unknown role and a missing user id", () => {
    expect(
      issues(changeRoleInput.safeParse({ userId: "", role: "root" }))
        .map((i) => i.path)
        .sort(),
    ).toEqual(["role", "userId"]);
  });
});

describe("token schemas", () => {
  it("accepts scopes as an array, one checkbox string or a comma list, in canonical order without repeats", () => {
    expect(createTokenInput.parse({ name: "ci", scopes: ["routes:read", "registry:write", "routes:read"] }).scopes).toEqual([
      "registry:write",
      "routes:read",
    ]);
    expect(createTokenInput.parse({ name: "ci", scopes: "audit:read" }).scopes).toEqual(["audit:read"]);
    expect(createTokenInput.parse({ name: "ci", scopes: "routes:read, registry:write" }).scopes).toEqual(["registry:write", "routes:read"]);
  });

  it("requires at least one scope and names an unknown one", () => {
    expect(issues(createTokenInput.safeParse({ name: "ci", scopes: [] }))).toEqual([
      { path: "scopes", message: "Choose at least one scope." },
    ]);
    expect(issues(createTokenInput.safeParse({ name: "ci" }))[0]?.path).toBe("scopes");
    const bad = issues(createTokenInput.safeParse({ name: "ci", scopes: ["registry:write", "admin:all"] }));
    expect(bad[0]?.path).toBe("scopes[1]");
    expect(bad[0]?.message).toContain('"admin:all"');
    expect(bad[0]?.message).toContain("registry:write, telemetry:write, routes:read, release:write, audit:read");
  });

  it("treats an empty expiry as none and checks the range", () => {
    expect(createTokenInput.parse({ name: "ci", scopes: ["audit:read"], expiresInDays: "" }).expiresInDays).toBeUndefined();
    expect(createTokenInput.parse({ name: "ci", scopes: ["audit:read"], expiresInDays: "30" }).expiresInDays).toBe(30);
    for (const bad of ["0", "-1", "1.5", "abc", "3651"]) {
      expect(issues(createTokenInput.safeParse({ name: "ci", scopes: ["audit:read"], expiresInDays: bad }))[0]?.path).toBe("expiresInDays");
    }
  });

  it("requires a name and a token id", () => {
    expect(issues(createTokenInput.safeParse({ name: "  ", scopes: ["audit:read"] }))[0]?.path).toBe("name");
    expect(issues(revokeTokenInput.safeParse({}))[0]?.path).toBe("id");
  });
});
