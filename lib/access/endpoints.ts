// Who may call what: every REST route and data-plane path (from their contracts) and every
// server action. lib/access/matrix.ts turns these rows and lib/auth/permissions.ts into the permission
// matrix (docs/permissions.md), and e2e/permission-matrix.spec.ts checks every cell against the
// running server. A route or action the scan finds without a row here fails the unit test, so a
// new endpoint cannot ship without someone deciding who may call it.
import { routeKey, type Access } from "../api/contract";
import { CONTRACTS } from "../contracts";

export type { Access };

const PUBLIC: Access = { public: true };

const ofPlane = (plane: "control" | "data") =>
  Object.fromEntries(CONTRACTS.filter((c) => (c.plane ?? "control") === plane).map((c) => [routeKey(c), c.access])) as Record<
    string,
    Access
  >;

/**
 * `METHOD /path` of every route handler (Next.js), with `{param}` for dynamic segments: the
 * route contracts' access (lib/contracts.ts), and next-auth's own endpoints.
 */
export const ROUTE_ACCESS: Record<string, Access> = {
  // next-auth's own endpoints (sign-in, sign-out, session, CSRF token): they authenticate
  "GET /api/auth/{...nextauth}": PUBLIC,
  "POST /api/auth/{...nextauth}": PUBLIC,
  ...ofPlane("control"),
};

/** The routing endpoints answered by the data plane in front of Next.js (lib/routing/data-plane.ts). */
export const DATA_PLANE_ACCESS: Record<string, Access> = ofPlane("data");

/** `file#export` of every exported server action (files that start with "use server"). Sessions only. */
export const ACTION_ACCESS: Record<string, Access> = {
  // first-run setup: only while there are no users at all (the service checks under a lock)
  "lib/auth/setup-action.ts#setupFirstAdminAction": PUBLIC,

  "lib/auth/actions.ts#createUserAction": { session: "users:manage" },
  "lib/auth/actions.ts#changeRoleAction": { session: "users:manage" },
  "lib/auth/actions.ts#setUserDisabledAction": { session: "users:manage" },
  "lib/auth/actions.ts#resetPasswordAction": { session: "users:manage" },
  "lib/teams/actions.ts#createTeamAction": { session: "users:manage" },
  "lib/teams/actions.ts#updateTeamAction": { session: "users:manage" },
  "lib/teams/actions.ts#deleteTeamAction": { session: "users:manage" },
  "lib/teams/actions.ts#addTeamMemberAction": { session: "users:manage" },
  "lib/teams/actions.ts#removeTeamMemberAction": { session: "users:manage" },
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
  // any signed-in user reaches it; the service allows admins and the owner team's members
  "lib/lifecycle/reviewer-actions.ts#updateReviewersAction": { session: "models:read" },
  "lib/lifecycle/reviewer-actions.ts#setOwnerTeamAction": { session: "policy:edit" },
};
