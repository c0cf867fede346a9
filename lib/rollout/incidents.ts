/**
 * Incidents: every rollback opens one (service.ts, in the rollback's transaction). Here they are
 * read — a list, and one with its notes and a timeline of what happened to the model from the
 * rollout's start until now — and worked on by on-call: notes, the root cause, a prevention
 * task, and closing, each audited in the transaction that writes it. A closed incident is final.
 *
 * Operators, approvers and admins work on incidents (release:operate), as do API tokens with
 * release:write; anyone who can read models can read them.
 */
import type { Prisma } from "../../generated/prisma/client";
import type { IncidentStatus } from "../../generated/prisma/enums";
import type { Actor } from "../auth/actor";
import { roleCan } from "../auth/permissions";
import type { Db, Tx } from "../database/types";
import { ConflictError, ForbiddenError, InvalidTransitionError, NotFoundError } from "../errors";
import { flushAudit } from "../lifecycle/rows";
import { TX_OPTIONS } from "../database/transaction";
import { parseOrThrow } from "../input/validate";
import { incidentSubject } from "./rows";
import { incidentCloseInput, incidentNoteInput, incidentUpdateInput } from "./schemas";
import { currentTime } from "../clock";
import type { z } from "zod";
import type { incidentSummarySchema } from "./contracts";

export type IncidentSummary = z.output<typeof incidentSummarySchema>;

export type IncidentNoteDto = { id: string; author: string; body: string; createdAt: string };

export type TimelineEntry = {
  at: string;
  /** an audit event of the model, or a note on the incident */
  kind: "event" | "note";
  action: string;
  actor: string;
  subject: string;
  reason: string | null;
  before: unknown;
  after: unknown;
};

export type IncidentDetail = IncidentSummary & {
  epochBefore: number;
  epochAfter: number;
  metricsBefore: unknown;
  metricsAfter: unknown;
  rootCause: string;
  prevention: string;
  closedBy: string | null;
  notes: IncidentNoteDto[];
  /** oldest first: the rollout's start (or the hour before the rollback) until now */
  timeline: TimelineEntry[];
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);

const summarySelect = {
  id: true,
  fromVersion: true,
  toVersion: true,
  trigger: true,
  triggeredBy: true,
  reason: true,
  status: true,
  rolloutStartedAt: true,
  rolledBackAt: true,
  closedAt: true,
  model: { select: { key: true } },
  _count: { select: { notes: true } },
} as const satisfies Prisma.IncidentSelect;

type SummaryRow = Prisma.IncidentGetPayload<{ select: typeof summarySelect }>;

function toSummary(r: SummaryRow): IncidentSummary {
  return {
    id: r.id,
    model: r.model.key,
    fromVersion: r.fromVersion,
    toVersion: r.toVersion,
    trigger: r.trigger,
    triggeredBy: r.triggeredBy,
    reason: r.reason,
    status: r.status,
    rolloutStartedAt: iso(r.rolloutStartedAt),
    rolledBackAt: r.rolledBackAt.toISOString(),
    closedAt: iso(r.closedAt),
    noteCount: r._count.notes,
  };
}

/** Incidents, newest first; by model and status when given. */
export async function listIncidents(
  db: Tx,
  filter: { model?: string; status?: IncidentStatus; limit?: number } = {},
): Promise<IncidentSummary[]> {
  const rows = await db.incident.findMany({
    where: { ...(filter.model ? { model: { key: filter.model } } : {}), ...(filter.status ? { status: filter.status } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(Math.max(filter.limit ?? 50, 1), 200),
    select: summarySelect,
  });
  return rows.map(toSummary);
}

/** Audit events in a timeline; more than this is not a timeline anyone reads. */
const TIMELINE_LIMIT = 500;
/** Without a rollout start (a rollback after completion), the timeline starts this long before. */
const TIMELINE_LEAD_MS = 60 * 60_000;

/** One incident with its notes and timeline; null when there is none with this id. */
export async function getIncident(db: Tx, id: string): Promise<IncidentDetail | null> {
  const row = await db.incident.findUnique({
    where: { id },
    select: {
      ...summarySelect,
      epochBefore: true,
      epochAfter: true,
      metricsBefore: true,
      metricsAfter: true,
      rootCause: true,
      prevention: true,
      closedBy: true,
      notes: { orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true, author: true, body: true, createdAt: true } },
    },
  });
  if (!row) return null;
  const from = row.rolloutStartedAt ?? new Date(row.rolledBackAt.getTime() - TIMELINE_LEAD_MS);
  const events = await db.auditEvent.findMany({
    where: { modelKey: row.model.key, at: { gte: from } },
    orderBy: { seq: "asc" },
    take: TIMELINE_LIMIT,
    select: { at: true, action: true, actorLabel: true, subjectType: true, subjectId: true, reason: true, before: true, after: true },
  });
  const notes: IncidentNoteDto[] = row.notes.map((n) => ({
    id: n.id,
    author: n.author,
    body: n.body,
    createdAt: n.createdAt.toISOString(),
  }));
  const timeline: TimelineEntry[] = [
    ...events.map((e) => ({
      at: e.at.toISOString(),
      kind: "event" as const,
      action: e.action,
      actor: e.actorLabel,
      subject: `${e.subjectType}:${e.subjectId}`,
      reason: e.reason,
      before: e.before ?? null,
      after: e.after ?? null,
    })),
    ...notes.map((n) => ({
      at: n.createdAt,
      kind: "note" as const,
      action: "incident.note",
      actor: n.author,
      subject: `incident:${row.id}`,
      reason: n.body,
      before: null,
      after: null,
    })),
  ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return {
    ...toSummary(row),
    epochBefore: row.epochBefore,
    epochAfter: row.epochAfter,
    metricsBefore: row.metricsBefore ?? null,
    metricsAfter: row.metricsAfter ?? null,
    rootCause: row.rootCause,
    prevention: row.prevention,
    closedBy: row.closedBy,
    notes,
    timeline,
  };
}

// ---------------------------------------------------------------------------------------------
// Working on an incident

function assertMayWork(actor: Actor): void {
  if (actor.type === "system") return;
  if (actor.type === "user" && roleCan(actor.role, "release:operate")) return;
  if (actor.type === "token" && actor.scopes.includes("release:write")) return;
  if (actor.type === "user")
    throw new ForbiddenError(`Your role (${actor.role}) cannot work on incidents; an operator, approver or admin can.`);
  throw new ForbiddenError("Only on-call (an operator, approver or admin, or a token with release:write) can work on incidents.");
}

/** The open incident, with its row locked for the rest of the transaction; 404 / 409 otherwise. */
async function lockOpenIncident(tx: Tx, id: string, doing: string) {
  await tx.$queryRaw`SELECT "id" FROM "Incident" WHERE "id" = ${id} FOR UPDATE`;
  const row = await tx.incident.findUnique({
    where: { id },
    select: { id: true, status: true, rootCause: true, prevention: true, closedAt: true, closedBy: true, model: { select: { key: true } } },
  });
  if (!row) throw new NotFoundError(`There is no incident ${id}.`);
  if (row.status === "closed") {
    throw new InvalidTransitionError(
      `cannot ${doing}: incident ${id} was closed by ${row.closedBy ?? "someone"} at ${iso(row.closedAt)}; closed incidents are final.`,
    );
  }
  return row;
}

export type IncidentWriteInput = { requestId?: string | null };

export async function addIncidentNote(
  db: Db,
  actor: Actor,
  input: { incidentId: string; body: string } & IncidentWriteInput,
): Promise<IncidentNoteDto> {
  assertMayWork(actor);
  const { incidentId, body } = parseOrThrow(incidentNoteInput, { incidentId: input.incidentId, body: input.body });
  return db.$transaction(async (tx) => {
    const incident = await lockOpenIncident(tx, incidentId, "add a note");
    const note = await tx.incidentNote.create({ data: { incidentId, author: actor.label, body } });
    await flushAudit(tx, [
      {
        actor,
        action: "incident.note_added",
        subject: incidentSubject(incidentId),
        modelKey: incident.model.key,
        after: { incidentId, noteId: note.id, body },
        requestId: input.requestId,
      },
    ]);
    return { id: note.id, author: note.author, body: note.body, createdAt: note.createdAt.toISOString() };
  }, TX_OPTIONS);
}

/** Sets the root cause and/or the prevention task (what is given; the rest stays). */
export async function updateIncident(
  db: Db,
  actor: Actor,
  input: { incidentId: string; rootCause?: string; prevention?: string } & IncidentWriteInput,
): Promise<{ id: string; rootCause: string; prevention: string }> {
  assertMayWork(actor);
  const parsed = parseOrThrow(incidentUpdateInput, {
    incidentId: input.incidentId,
    ...(input.rootCause !== undefined ? { rootCause: input.rootCause } : {}),
    ...(input.prevention !== undefined ? { prevention: input.prevention } : {}),
  });
  return db.$transaction(async (tx) => {
    const incident = await lockOpenIncident(tx, parsed.incidentId, "update it");
    const next = { rootCause: parsed.rootCause ?? incident.rootCause, prevention: parsed.prevention ?? incident.prevention };
    const updated = await tx.incident.updateMany({ where: { id: incident.id, status: "open" }, data: next });
    if (updated.count !== 1) throw new ConflictError(`incident ${incident.id} changed meanwhile; reload and try again.`);
    await flushAudit(tx, [
      {
        actor,
        action: "incident.updated",
        subject: incidentSubject(incident.id),
        modelKey: incident.model.key,
        before: { rootCause: incident.rootCause, prevention: incident.prevention },
        after: next,
        requestId: input.requestId,
      },
    ]);
    return { id: incident.id, ...next };
  }, TX_OPTIONS);
}

/** Closes an incident; it needs a root cause first (a closed incident without one taught nobody anything). */
export async function closeIncident(
  db: Db,
  actor: Actor,
  input: { incidentId: string; comment?: string } & IncidentWriteInput,
): Promise<{ id: string; status: "closed"; closedAt: string; closedBy: string }> {
  assertMayWork(actor);
  const { incidentId, comment } = parseOrThrow(incidentCloseInput, {
    incidentId: input.incidentId,
    ...(input.comment !== undefined ? { comment: input.comment } : {}),
  });
  return db.$transaction(async (tx) => {
    const incident = await lockOpenIncident(tx, incidentId, "close it");
    if (incident.rootCause.trim() === "") {
      throw new InvalidTransitionError(`cannot close incident ${incidentId} yet: record its root cause first.`);
    }
    const now = currentTime();
    const closed = await tx.incident.updateMany({
      where: { id: incidentId, status: "open" },
      data: { status: "closed", closedAt: now, closedBy: actor.label },
    });
    if (closed.count !== 1) throw new ConflictError(`incident ${incidentId} was closed meanwhile.`);
    await flushAudit(tx, [
      {
        actor,
        action: "incident.closed",
        subject: incidentSubject(incidentId),
        modelKey: incident.model.key,
        before: { status: "open" },
        after: { status: "closed", rootCause: incident.rootCause, prevention: incident.prevention, closedAt: now.toISOString() },
        reason: comment || null,
        requestId: input.requestId,
      },
    ]);
    return { id: incidentId, status: "closed", closedAt: now.toISOString(), closedBy: actor.label };
  }, TX_OPTIONS);
}
