import type { Role } from "../../generated/prisma/enums";

// One table of what each role may do, read by the server guards and by the UI (to hide
// what a user cannot use). Hiding is a courtesy; the guards are the enforcement.
export const ROLES = ["viewer", "operator", "approver", "admin"] as const satisfies readonly Role[];

export const PERMISSIONS = {
  "models:read": ["viewer", "operator", "approver", "admin"],
  "audit:read": ["viewer", "operator", "approver", "admin"],
  "approvals:decide": ["approver", "admin"],
  // an evidence pack carries a model's whole record out of Rollgate, so only those who answer for it
  "evidence:export": ["approver", "admin"],
  "release:operate": ["operator", "approver", "admin"],
  // freezing a replay set copies production requests (scrubbed) into a named, immutable sample
  "replay:freeze": ["operator", "approver", "admin"],
  // erasing a tenant's replay data answers a data-subject request; it cannot be undone
  "replay:erase": ["admin"],
  "versions:deprecate": ["operator", "admin"],
  "policy:edit": ["admin"],
  "settings:read": ["admin"],
  "users:manage": ["admin"],
  "tokens:manage": ["admin"],
  "webhooks:manage": ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function roleCan(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  viewer: "Browse models, versions, charts and the audit trail.",
  operator: "Viewer, plus run releases: pause, resume, roll back, pin tenants, deprecate.",
  approver: "Viewer, plus approve or reject versions for production, and run releases.",
  admin: "Everything, including users, roles, API tokens, webhooks and model policies.",
};

// Scopes an API token can carry (README → API).
export const TOKEN_SCOPES = [
  "registry:write",
  "telemetry:write",
  "routes:read",
  "release:write",
  "audit:read",
  "policy:write",
  "metrics:read",
  "replay:erase",
] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export const SCOPE_DESCRIPTIONS: Record<TokenScope, string> = {
  "registry:write": "Register versions and post evaluations (CI).",
  "telemetry:write": "Send prediction telemetry (inference services).",
  "routes:read": "Read routing tables and the registry (inference services).",
  "release:write": "Pause, resume and roll back releases (automation, on-call).",
  "audit:read": "Read and export the audit trail, and export a model's evidence pack.",
  "metrics:read": "Scrape GET /metrics (Prometheus): the control plane's health and per-version serving counters.",
  "replay:erase": "Erase a tenant's replay data, captured requests and frozen set items (data-subject requests).",
  "policy:write": "Apply model policies from a file kept in git (CI); a change that weakens the approval gate waits for a second admin.",
};
