/**
 * Whose move a STAGING version waits for, from one user's point of view: the nav badge and the
 * queue separate "waiting for you" (you may approve or reject it now) from "waiting for others"
 * (you registered it, already decided, are not independent of its registrant, may not decide, or
 * the model's named-reviewer rules do not need you: lib/policy/reviewers.ts).
 *
 * The same rules as the decision's transaction (decisions.ts, four-eyes.ts, independence.ts),
 * read for many versions at once: a fixed number of queries whatever the queue's length.
 */
import type { Role } from "../../generated/prisma/enums";
import { roleCan } from "../auth/permissions";
import type { Tx } from "../database/types";
import { appointedWithin } from "./independence";
import { approvalFit, DEFAULT_INDEPENDENCE_DAYS, gateStatus, parsePolicy, type Policy } from "../policy";
import { reviewerContext, type ReviewerContext } from "./reviewer-context";

export type Turn = { kind: "you" } | { kind: "others"; why: "no-permission" | "registrant" | "decided" | "dependent" | "not-named" };

export type TurnInput = {
  id: string;
  registeredByType: string;
  registeredById: string | null;
  registeredBy: string;
  /** the model's stored policy (its independence window) */
  policy: unknown;
};

export type TurnViewer = { id: string; email: string; role: Role };

function approvalsOf(policy: unknown): Policy["approvals"] | null {
  const parsed = parsePolicy(policy);
  return parsed.ok ? parsed.policy.approvals : null;
}

/** The viewer's turn on each version, by version id. */
export async function turnsFor(
  db: Tx,
  viewer: TurnViewer,
  versions: readonly TurnInput[],
  now: Date = new Date(),
): Promise<Map<string, Turn>> {
  const turns = new Map<string, Turn>();
  if (versions.length === 0) return turns;
  if (!roleCan(viewer.role, "approvals:decide")) {
    for (const v of versions) turns.set(v.id, { kind: "others", why: "no-permission" });
    return turns;
  }
  const ids = versions.map((v) => v.id);
  const tokenIds = versions.filter((v) => v.registeredByType === "token" && v.registeredById).map((v) => v.registeredById as string);
  const [decided, tokens, account] = await Promise.all([
    db.approval.findMany({ where: { reviewerId: viewer.id, versionId: { in: ids }, invalidatedAt: null }, select: { versionId: true } }),
    tokenIds.length ? db.apiToken.findMany({ where: { id: { in: tokenIds } }, select: { id: true, createdById: true } }) : [],
    db.user.findUnique({
      where: { id: viewer.id },
      select: { createdById: true, createdAt: true, roleGrantedById: true, roleGrantedAt: true },
    }),
  ]);
  const decidedIds = new Set(decided.map((d) => d.versionId));
  const tokenCreator = new Map(tokens.map((t) => [t.id, t.createdById]));
  const approvals = new Map(versions.map((v) => [v.id, approvalsOf(v.policy)]));
  const ruled = versions.filter((v) => (approvals.get(v.id)?.rules.length ?? 0) > 0).map((v) => v.id);
  let people: ReviewerContext | null = null;
  const approvers = new Map<string, string[]>();
  if (ruled.length > 0) {
    people = await reviewerContext(db);
    const rows = await db.approval.findMany({
      where: { versionId: { in: ruled }, decision: "approved", invalidatedRound: 0 },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { versionId: true, reviewerId: true },
    });
    for (const r of rows) approvers.set(r.versionId, [...(approvers.get(r.versionId) ?? []), r.reviewerId]);
  }

  for (const v of versions) {
    // rows from before user ids were recorded name the registrant by email (four-eyes.ts)
    const registrant =
      v.registeredByType === "user"
        ? v.registeredById
        : v.registeredByType === "token" && v.registeredById
          ? (tokenCreator.get(v.registeredById) ?? null)
          : null;
    const isRegistrant =
      v.registeredByType === "user" && v.registeredById === null ? v.registeredBy === viewer.email : registrant === viewer.id;
    const policy = approvals.get(v.id) ?? null;
    const days = policy?.independenceDays ?? DEFAULT_INDEPENDENCE_DAYS;
    let turn: Turn = { kind: "you" };
    if (isRegistrant) turn = { kind: "others", why: "registrant" };
    else if (decidedIds.has(v.id)) turn = { kind: "others", why: "decided" };
    else if (account && registrant && appointedWithin(account, registrant, days, now)) turn = { kind: "others", why: "dependent" };
    else if (people && policy && policy.rules.length > 0) {
      const gate = gateStatus(policy, approvers.get(v.id) ?? [], people.dir, () => true);
      if (!approvalFit(gate, viewer.id, people.dir, policy).ok) turn = { kind: "others", why: "not-named" };
    }
    turns.set(v.id, turn);
  }
  return turns;
}

export type WaitingCounts = { forYou: number; forOthers: number };

/** How many STAGING versions wait for this user, and how many for someone else (the nav badge). */
export async function countWaitingFor(db: Tx, viewer: TurnViewer): Promise<WaitingCounts> {
  if (!roleCan(viewer.role, "approvals:decide")) {
    return { forYou: 0, forOthers: await db.modelVersion.count({ where: { stage: "STAGING" } }) };
  }
  const rows = await db.modelVersion.findMany({
    where: { stage: "STAGING" },
    select: { id: true, registeredByType: true, registeredById: true, registeredBy: true, model: { select: { policy: true } } },
  });
  const turns = await turnsFor(
    db,
    viewer,
    rows.map((r) => ({ ...r, policy: r.model.policy })),
  );
  let forYou = 0;
  for (const t of turns.values()) if (t.kind === "you") forYou += 1;
  return { forYou, forOthers: rows.length - forYou };
}
