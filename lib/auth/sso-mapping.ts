// How the identity provider's groups become a Rollgate role and teams (README → Single sign-on).
// Pure: lib/env.ts parses the maps at start-up, the sign-in sync resolves a person's groups.
import type { Role } from "../../generated/prisma/enums";
import { ROLES } from "./permissions";

/** group → role; several of a person's groups may match: the highest role wins. */
export type RoleMap = ReadonlyMap<string, Role>;
/** group → team keys; a group may stand for several teams. */
export type TeamMap = ReadonlyMap<string, readonly string[]>;

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

// the same rule as a team's key (lib/teams/schemas.ts)
const TEAM_KEY = /^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$/;

/**
 * "group:value,group:value". Groups may contain colons (Okta and Entra group names, URNs), so an
 * entry is split at its last colon; the value (a role or a team key) never has one.
 */
function entries(raw: string, what: string): Parsed<{ group: string; value: string }[]> {
  const out: { group: string; value: string }[] = [];
  for (const piece of raw.split(",")) {
    const entry = piece.trim();
    if (!entry) continue;
    const at = entry.lastIndexOf(":");
    const group = at < 0 ? "" : entry.slice(0, at).trim();
    const value = at < 0 ? "" : entry.slice(at + 1).trim();
    if (!group || !value)
      return {
        ok: false,
        message: `"${entry}" is not group:${what}; write entries like ml-leads:${what === "role" ? "approver" : "payments-risk"}, separated by commas`,
      };
    out.push({ group, value });
  }
  return { ok: true, value: out };
}

export function parseRoleMap(raw: string): Parsed<RoleMap> {
  const parsed = entries(raw, "role");
  if (!parsed.ok) return parsed;
  const map = new Map<string, Role>();
  for (const { group, value } of parsed.value) {
    if (!(ROLES as readonly string[]).includes(value)) {
      return { ok: false, message: `"${group}:${value}": ${value} is not a role; the roles are ${ROLES.join(", ")}` };
    }
    const earlier = map.get(group);
    if (earlier && earlier !== value) {
      return {
        ok: false,
        message: `the group "${group}" is mapped twice (${earlier} and ${value}); map it once, to the role it should grant`,
      };
    }
    map.set(group, value as Role);
  }
  if (map.size === 0) return { ok: false, message: "maps no group to a role; write e.g. ml-admins:admin,ml-leads:approver" };
  return { ok: true, value: map };
}

export function parseTeamMap(raw: string): Parsed<TeamMap> {
  const parsed = entries(raw, "team-key");
  if (!parsed.ok) return parsed;
  const map = new Map<string, string[]>();
  for (const { group, value } of parsed.value) {
    if (!TEAM_KEY.test(value)) {
      return {
        ok: false,
        message: `"${group}:${value}": "${value}" is not a team key (2–64 lower-case letters, digits or dashes, like payments-risk)`,
      };
    }
    const teams = map.get(group) ?? [];
    if (!teams.includes(value)) teams.push(value);
    map.set(group, teams);
  }
  return { ok: true, value: map };
}

/**
 * The groups in the ID token's claims. The claim may be an array of strings or one string; a
 * name with dots that is not itself a claim is followed as a path (Keycloak's
 * `realm_access.roles`). Anything else counts as no groups.
 */
export function groupsFromClaims(claims: Record<string, unknown>, claimName: string): string[] {
  let value: unknown = claims[claimName];
  if (value === undefined && claimName.includes(".")) {
    value = claimName
      .split(".")
      .reduce<unknown>((at, key) => (at && typeof at === "object" ? (at as Record<string, unknown>)[key] : undefined), claims);
  }
  const list = Array.isArray(value) ? value : typeof value === "string" ? [value] : [];
  return [...new Set(list.filter((g): g is string => typeof g === "string" && g.trim() !== "").map((g) => g.trim()))].sort();
}

export type GroupAccess = {
  /** the highest role any group grants; null: no group grants one (no access) */
  role: Role | null;
  /** the groups that granted `role` */
  roleGroups: string[];
  /** the team keys the groups stand for */
  teams: string[];
};

export function resolveGroupAccess(groups: readonly string[], roleMap: RoleMap, teamMap: TeamMap): GroupAccess {
  let role: Role | null = null;
  for (const g of groups) {
    const r = roleMap.get(g);
    if (r && (role === null || ROLES.indexOf(r) > ROLES.indexOf(role))) role = r;
  }
  const roleGroups = role === null ? [] : groups.filter((g) => roleMap.get(g) === role);
  const teams = [...new Set(groups.flatMap((g) => teamMap.get(g) ?? []))].sort();
  return { role, roleGroups: [...roleGroups].sort(), teams };
}
