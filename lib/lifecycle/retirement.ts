/**
 * Taking versions out of use: deprecation (a date and a reason, shown to everyone who still
 * uses the version) and archiving (final). Neither may touch a version that serves traffic —
 * a release pointer (stable, previous stable, candidate) or a tenant pin — and archiving keeps
 * the last three versions that were PROD ("gold") as rollback targets and audit evidence.
 *
 * The version's row lock is held while the serving checks run, so a service that pins or
 * promotes a version must lock the same row (rows.ts lockVersion) before pointing at it.
 */
import type { Stage } from "../../generated/prisma/enums";
import type { Actor } from "../auth/actor";
import type { Db } from "../database/types";
import { emitEvent } from "../events/emit";
import { ConflictError, InvalidTransitionError } from "../errors";
import { goldVersions, servingReasons } from "./queries";
import { findVersionOrThrow, flushAudit, moveStage, requirePermission, versionSubject } from "./rows";
import { TX_OPTIONS } from "../database/transaction";
import { archiveInputSchema, deprecateInputSchema } from "./schemas";
import { parseOrThrow } from "../input/validate";
import { assertTransition } from "./stage-machine";
import { lockVersion } from "../database/locks";

export type DeprecateInput = { modelKey: string; version: string; at?: Date | string; reason: string; requestId?: string | null };
export type ArchiveInput = { modelKey: string; version: string; reason?: string; requestId?: string | null };

export type RetiredVersion = {
  model: string;
  version: string;
  stage: Stage;
  previousStage: Stage;
  deprecatesAt: string | null;
  deprecationReason: string | null;
  archivedAt: string | null;
};

function servingError(verb: string, version: string, reasons: string[]): InvalidTransitionError {
  return new InvalidTransitionError(`cannot ${verb} ${version}: it is serving traffic — ${reasons.join("; ")}. Move traffic off it first.`);
}

/**
 * Marks a version DEPRECATED now, with the date its support ends (`at`, default now) and why.
 * Refused for serving versions and for stages the stage machine does not allow.
 */
export async function deprecateVersion(db: Db, actor: Actor, input: DeprecateInput): Promise<RetiredVersion> {
  requirePermission(actor, "versions:deprecate", "deprecate versions");
  const { at, reason } = parseOrThrow(deprecateInputSchema, { ...(input.at !== undefined ? { at: input.at } : {}), reason: input.reason });
  return db.$transaction(async (tx) => {
    const { model, versionId } = await findVersionOrThrow(tx, input.modelKey, input.version);
    const row = await lockVersion(tx, versionId);
    const serving = await servingReasons(tx, model.id, row.version);
    if (serving.length > 0) throw servingError("deprecate", row.version, serving);
    assertTransition(row.stage, "DEPRECATED", row.version);
    const now = new Date();
    const deprecatesAt = at ?? now;
    if (!(await moveStage(tx, versionId, row.stage, "DEPRECATED", { deprecatesAt, deprecationReason: reason }, now))) {
      throw new ConflictError(`${row.version} changed stage while it was being deprecated; try again.`);
    }
    await emitEvent(tx, {
      type: "version.deprecated",
      modelKey: model.key,
      payload: {
        model: model.key,
        version: row.version,
        stage: "DEPRECATED",
        previousStage: row.stage,
        deprecatesAt: deprecatesAt.toISOString(),
        reason,
        by: actor.label,
        at: now.toISOString(),
      },
    });
    await flushAudit(tx, [
      {
        actor,
        action: "version.deprecated",
        subject: versionSubject(model.key, row.version),
        modelKey: model.key,
        before: { version: row.version, stage: row.stage },
        after: { version: row.version, stage: "DEPRECATED", deprecatesAt: deprecatesAt.toISOString() },
        reason,
        requestId: input.requestId,
      },
    ]);
    return {
      model: model.key,
      version: row.version,
      stage: "DEPRECATED",
      previousStage: row.stage,
      deprecatesAt: deprecatesAt.toISOString(),
      deprecationReason: reason,
      archivedAt: null,
    };
  }, TX_OPTIONS);
}

/** Archives a version (final). Refused for serving versions, gold versions and STAGING. */
export async function archiveVersion(db: Db, actor: Actor, input: ArchiveInput): Promise<RetiredVersion> {
  requirePermission(actor, "versions:deprecate", "archive versions");
  const { reason } = parseOrThrow(archiveInputSchema, { ...(input.reason !== undefined ? { reason: input.reason } : {}) });
  return db.$transaction(async (tx) => {
    const { model, versionId } = await findVersionOrThrow(tx, input.modelKey, input.version);
    const row = await lockVersion(tx, versionId);
    const serving = await servingReasons(tx, model.id, row.version);
    if (serving.length > 0) throw servingError("archive", row.version, serving);
    const gold = await goldVersions(tx, model.id);
    if (gold.includes(row.version)) {
      throw new InvalidTransitionError(
        `cannot archive ${row.version}: it is one of the last three versions that were PROD (${gold.join(", ")}), ` +
          "which are kept as rollback targets and audit evidence.",
      );
    }
    assertTransition(row.stage, "ARCHIVED", row.version);
    const now = new Date();
    if (!(await moveStage(tx, versionId, row.stage, "ARCHIVED", { archivedAt: now }, now))) {
      throw new ConflictError(`${row.version} changed stage while it was being archived; try again.`);
    }
    const current = await tx.modelVersion.findUniqueOrThrow({
      where: { id: versionId },
      select: { deprecatesAt: true, deprecationReason: true },
    });
    await emitEvent(tx, {
      type: "version.archived",
      modelKey: model.key,
      payload: {
        model: model.key,
        version: row.version,
        stage: "ARCHIVED",
        previousStage: row.stage,
        reason,
        by: actor.label,
        at: now.toISOString(),
      },
    });
    await flushAudit(tx, [
      {
        actor,
        action: "version.archived",
        subject: versionSubject(model.key, row.version),
        modelKey: model.key,
        before: { version: row.version, stage: row.stage },
        after: { version: row.version, stage: "ARCHIVED" },
        reason: reason || null,
        requestId: input.requestId,
      },
    ]);
    return {
      model: model.key,
      version: row.version,
      stage: "ARCHIVED",
      previousStage: row.stage,
      deprecatesAt: current.deprecatesAt?.toISOString() ?? null,
      deprecationReason: current.deprecationReason,
      archivedAt: now.toISOString(),
    };
  }, TX_OPTIONS);
}
