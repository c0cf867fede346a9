// Who may call what: one row for every REST route, every data-plane path and every server
// action. lib/access/matrix.ts turns these rows and lib/auth/permissions.ts into the permission
// matrix (docs/permissions.md), and e2e/permission-matrix.spec.ts checks every cell against the
// running server. A route or action the scan finds without a row here fails the unit test, so a
// new endpoint cannot ship without someone deciding who may call it.
import type { Permission, TokenScope } from "../auth/permissions";

/**
 * `public`: anyone, signed in or not. Otherwise an API token with `scope`, and/or a signed-in
 * user whose role has `session` (lib/auth/permissions.ts). Neither: nobody.
 */
export type Access = { public: true } | { scope?: TokenScope; session?: Permission };

const PUBLIC: Access = { public: true };

/** `METHOD /path` of every route handler under app/api (Next.js), with `{param}` for dynamic segments. */
export const ROUTE_ACCESS: Record<string, Access> = {
  "GET /api/health": PUBLIC,
  "GET /api/v1/openapi.json": PUBLIC,
  // next-auth's own endpoints (sign-in, sign-out, session, CSRF token): they authenticate
  "GET /api/auth/{...nextauth}": PUBLIC,
  "POST /api/auth/{...nextauth}": PUBLIC,

  "GET /api/v1/audit": { scope: "audit:read", session: "audit:read" },
  "GET /api/v1/audit/verify": { scope: "audit:read", session: "audit:read" },
  "GET /api/v1/audit/checkpoints": { scope: "audit:read", session: "audit:read" },
  // signs a checkpoint now; admins only, not tokens: every checkpoint is also a webhook delivery
  "POST /api/v1/audit/checkpoints": { session: "settings:read" },
  "GET /.well-known/rollgate-audit-key": { public: true },
  "GET /api/v1/incidents": { scope: "audit:read", session: "models:read" },
  "GET /api/v1/incidents/{id}": { scope: "audit:read", session: "models:read" },

  "GET /api/v1/models": { scope: "routes:read", session: "models:read" },
  "GET /api/v1/models/{model}/versions": { scope: "routes:read", session: "models:read" },
  "POST /api/v1/models/{model}/versions": { scope: "registry:write" },
  "GET /api/v1/models/{model}/versions/{version}": { scope: "routes:read", session: "models:read" },
  "GET /api/v1/models/{model}/versions/{version}/evaluations": { scope: "routes:read", session: "models:read" },
  "POST /api/v1/models/{model}/versions/{version}/evaluations": { scope: "registry:write" },
  "GET /api/v1/models/{model}/diff": { scope: "routes:read", session: "models:read" },
  "GET /api/v1/models/{model}/metrics": { scope: "routes:read", session: "models:read" },
  "GET /api/v1/models/{model}/tenants": { scope: "routes:read", session: "models:read" },
  "GET /api/v1/models/{model}/drift": { scope: "routes:read", session: "models:read" },
  "GET /api/v1/models/{model}/drift/cell": { scope: "routes:read", session: "models:read" },
  "GET /api/v1/predictions/{request_id}": { scope: "routes:read", session: "models:read" },
  "POST /api/v1/telemetry": { scope: "telemetry:write" },

  "GET /api/v1/models/{model}/release": { scope: "routes:read", session: "models:read" },
  "GET /api/v1/models/{model}/release/stream": { scope: "routes:read", session: "models:read" },
  "GET /api/v1/models/{model}/release/decisions": { scope: "routes:read", session: "models:read" },
  "POST /api/v1/models/{model}/release/evaluate": { scope: "release:write", session: "policy:edit" },
  "POST /api/v1/models/{model}/release/advance": { scope: "release:write" },
  "POST /api/v1/models/{model}/release/pause": { scope: "release:write" },
  "POST /api/v1/models/{model}/release/resume": { scope: "release:write" },
  "POST /api/v1/models/{model}/release/promote": { scope: "release:write" },
  "POST /api/v1/models/{model}/release/abort": { scope: "release:write" },
  "POST /api/v1/models/{model}/release/rollback": { scope: "release:write" },
  "PUT /api/v1/models/{model}/pins/{tenant}": { scope: "release:write" },
  "DELETE /api/v1/models/{model}/pins/{tenant}": { scope: "release:write" },
};

/** The routing endpoints answered by the data plane in front of Next.js (lib/routing/data-plane.ts). */
export const DATA_PLANE_ACCESS: Record<string, Access> = {
  "GET /api/v1/models/{model}/routes": { scope: "routes:read" },
  "GET /api/v1/models/{model}/routes/stream": { scope: "routes:read" },
  "GET /api/v1/models/{model}/resolve": { scope: "routes:read" },
};

/** `file#export` of every exported server action (files that start with "use server"). Sessions only. */
export const ACTION_ACCESS: Record<string, Access> = {
  // first-run setup: only while there are no users at all (the service checks under a lock)
  "lib/auth/setup-action.ts#setupFirstAdminAction": PUBLIC,

  "lib/auth/actions.ts#createUserAction": { session: "users:manage" },
  "lib/auth/actions.ts#changeRoleAction": { session: "users:manage" },
  "lib/auth/actions.ts#setUserDisabledAction": { session: "users:manage" },
  "lib/auth/actions.ts#resetPasswordAction": { session: "users:manage" },
  "lib/auth/actions.ts#createTokenAction": { session: "tokens:manage" },
  "lib/auth/actions.ts#revokeTokenAction": { session: "tokens:manage" },
  "lib/auth/actions.ts#signOutEverywhereAction": { session: "models:read" },

  "lib/notify/actions.ts#createWebhookAction": { session: "webhooks:manage" },
  "lib/notify/actions.ts#updateWebhookAction": { session: "webhooks:manage" },
  "lib/notify/actions.ts#deleteWebhookAction": { session: "webhooks:manage" },
  "lib/notify/actions.ts#rotateWebhookSecretAction": { session: "webhooks:manage" },
  "lib/notify/actions.ts#sendTestWebhookAction": { session: "webhooks:manage" },
  "lib/notify/actions.ts#redeliverAction": { session: "webhooks:manage" },

  "lib/rollout/actions.ts#advanceAction": { session: "release:operate" },
  "lib/rollout/actions.ts#pauseAction": { session: "release:operate" },
  "lib/rollout/actions.ts#resumeAction": { session: "release:operate" },
  "lib/rollout/actions.ts#promoteNowAction": { session: "release:operate" },
  "lib/rollout/actions.ts#abortAction": { session: "release:operate" },
  "lib/rollout/actions.ts#rollbackAction": { session: "release:operate" },
  "lib/rollout/actions.ts#forceRollbackAction": { session: "release:operate" },
  "lib/rollout/actions.ts#pinAction": { session: "release:operate" },
  "lib/rollout/actions.ts#unpinAction": { session: "release:operate" },
  "lib/rollout/actions.ts#addIncidentNoteAction": { session: "release:operate" },
  "lib/rollout/actions.ts#updateIncidentAction": { session: "release:operate" },
  "lib/rollout/actions.ts#closeIncidentAction": { session: "release:operate" },

  "lib/guardrails/actions.ts#evaluateNowAction": { session: "policy:edit" },
  "lib/lifecycle/version-actions.ts#deprecateVersionAction": { session: "versions:deprecate" },
  "lib/lifecycle/version-actions.ts#archiveVersionAction": { session: "versions:deprecate" },
  "lib/lifecycle/approval-actions.ts#approveVersionAction": { session: "approvals:decide" },
  "lib/lifecycle/approval-actions.ts#rejectVersionAction": { session: "approvals:decide" },
  "lib/lifecycle/policy-actions.ts#updatePolicyAction": { session: "policy:edit" },
  "lib/lifecycle/policy-actions.ts#confirmPolicyChangeAction": { session: "policy:edit" },
  "lib/lifecycle/policy-actions.ts#discardPolicyChangeAction": { session: "policy:edit" },
};
