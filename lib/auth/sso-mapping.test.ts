import { describe, expect, it } from "vitest";
import { groupsFromClaims, parseRoleMap, parseTeamMap, resolveGroupAccess, type RoleMap, type TeamMap } from "./sso-mapping";

const roles = (raw: string): RoleMap => {
  const parsed = parseRoleMap(raw);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
};
const teams = (raw: string): TeamMap => {
  const parsed = parseTeamMap(raw);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
};

describe("ROLLGATE_OIDC_ROLE_MAP", () => {
  it("reads group:role pairs, with spaces and empty entries ignored", () => {
    expect([...roles(" ml-admins:admin , ml-leads:approver,,sre:operator ")]).toEqual([
      ["ml-admins", "admin"],
      ["ml-leads", "approver"],
      ["sre", "operator"],
    ]);
  });

  it("splits at the last colon, so a group may contain colons (URNs, Okta names)", () => {
    expect([...roles("urn:acme:groups:ml-admins:admin,Team: Risk:viewer")]).toEqual([
      ["urn:acme:groups:ml-admins", "admin"],
      ["Team: Risk", "viewer"],
    ]);
  });

  it("names the entry that is not a group:role pair, an unknown role, a group mapped twice, and an empty map", () => {
    expect(parseRoleMap("ml-admins")).toEqual({ ok: false, message: expect.stringContaining('"ml-admins" is not group:role') });
    expect(parseRoleMap(":admin")).toMatchObject({ ok: false, message: expect.stringContaining('":admin" is not group:role') });
    expect(parseRoleMap("ml-admins:")).toMatchObject({ ok: false });
    expect(parseRoleMap("ml-admins:superuser")).toEqual({
      ok: false,
      message: '"ml-admins:superuser": superuser is not a role; the roles are viewer, operator, approver, admin',
    });
    expect(parseRoleMap("a:admin,a:viewer")).toMatchObject({
      ok: false,
      message: expect.stringContaining('"a" is mapped twice (admin and viewer)'),
    });
    expect(parseRoleMap(" , ")).toMatchObject({ ok: false, message: expect.stringContaining("maps no group to a role") });
    // the same pair twice is harmless
    expect(parseRoleMap("a:admin,a:admin")).toMatchObject({ ok: true });
  });
});

describe("ROLLGATE_OIDC_TEAM_MAP", () => {
  it("lets a group stand for several teams, once each", () => {
    expect([...teams("risk-ml:payments-risk, risk-ml:fraud-ops,support:customer-support-ai,risk-ml:payments-risk")]).toEqual([
      ["risk-ml", ["payments-risk", "fraud-ops"]],
      ["support", ["customer-support-ai"]],
    ]);
    expect(teams("").size).toBe(0);
  });

  it("names a value that is not a team key", () => {
    expect(parseTeamMap("risk-ml:Payments Risk")).toEqual({
      ok: false,
      message: expect.stringContaining('"risk-ml:Payments Risk": "Payments Risk" is not a team key'),
    });
    expect(parseTeamMap("risk-ml")).toMatchObject({ ok: false, message: expect.stringContaining("is not group:team-key") });
  });
});

describe("groupsFromClaims", () => {
  it("takes an array of strings or one string, trimmed, unique and sorted", () => {
    expect(groupsFromClaims({ groups: ["b", " a ", "b", 7, null, ""] }, "groups")).toEqual(["a", "b"]);
    expect(groupsFromClaims({ groups: "ml-admins" }, "groups")).toEqual(["ml-admins"]);
  });

  it("reads another claim by name, a namespaced one as is, a dotted path when no claim has that name", () => {
    expect(groupsFromClaims({ roles: ["x"] }, "roles")).toEqual(["x"]);
    expect(groupsFromClaims({ "https://acme.com/groups": ["y"] }, "https://acme.com/groups")).toEqual(["y"]);
    expect(groupsFromClaims({ realm_access: { roles: ["ml-admins"] } }, "realm_access.roles")).toEqual(["ml-admins"]);
  });

  it("counts a missing or odd claim as no groups", () => {
    expect(groupsFromClaims({}, "groups")).toEqual([]);
    expect(groupsFromClaims({ groups: { a: 1 } }, "groups")).toEqual([]);
    expect(groupsFromClaims({ realm_access: "x" }, "realm_access.roles")).toEqual([]);
  });
});

describe("resolveGroupAccess", () => {
  const roleMap = roles("ml-admins:admin,ml-leads:approver,sre:operator,staff:viewer,leads-2:approver");
  const teamMap = teams("risk-ml:payments-risk,support:customer-support-ai,risk-ml:fraud-ops");

  it("gives the highest role any group grants, naming the groups that grant it", () => {
    expect(resolveGroupAccess(["staff", "sre"], roleMap, teamMap)).toMatchObject({ role: "operator", roleGroups: ["sre"] });
    expect(resolveGroupAccess(["sre", "ml-leads", "staff"], roleMap, teamMap)).toMatchObject({
      role: "approver",
      roleGroups: ["ml-leads"],
    });
    expect(resolveGroupAccess(["ml-leads", "leads-2"], roleMap, teamMap)).toMatchObject({
      role: "approver",
      roleGroups: ["leads-2", "ml-leads"],
    });
    expect(resolveGroupAccess(["staff", "ml-admins", "ml-leads"], roleMap, teamMap)).toMatchObject({
      role: "admin",
      roleGroups: ["ml-admins"],
    });
  });

  it("gives no role when no group maps to one: no access, not a viewer account", () => {
    expect(resolveGroupAccess(["everyone", "risk-ml"], roleMap, teamMap)).toEqual({
      role: null,
      roleGroups: [],
      teams: ["fraud-ops", "payments-risk"],
    });
    expect(resolveGroupAccess([], roleMap, teamMap)).toEqual({ role: null, roleGroups: [], teams: [] });
  });

  it("matches groups exactly (case and all)", () => {
    expect(resolveGroupAccess(["ML-Admins"], roleMap, teamMap).role).toBeNull();
  });

  it("gathers the teams of every group, once each", () => {
    expect(resolveGroupAccess(["ml-leads", "risk-ml", "support"], roleMap, teamMap).teams).toEqual([
      "customer-support-ai",
      "fraud-ops",
      "payments-risk",
    ]);
  });
});
