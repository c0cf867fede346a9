/**
 * Registering model versions: the only path that writes Model and ModelVersion rows on
 * registration. Framework-free; the route handler, the demo seed and scripts pass their own
 * Prisma client. Never call `prisma.modelVersion.create` anywhere else: the version row, the
 * model row on a first version and their audit events are written in one transaction here.
 */
import { z } from "zod";
import type { Prisma } from "../../generated/prisma/client";
import { appendAudit } from "../audit/append";
import { modelVersionSubjectId } from "../audit/subjects";
import type { Actor } from "../auth/actor";
import type { Db, Tx } from "../database/types";
import { ConflictError, UnavailableError, ValidationError, type FieldIssue } from "../errors";
import { modelKeySchema } from "../input/identifiers";
import { budgetsSchema } from "./budgets";
import { contentHash } from "./content-hash";
import { checkManifestInContext } from "./manifest-checks";
import { validateManifest, type Manifest } from "./manifest-schema";
import { parseManifestText } from "./parse";
import { prodVersionOf } from "./queries";
import { currentTime } from "../clock";
import type { registeredSchema, dryRunSchema } from "./contracts";

/** A model key as it appears in URLs: lower-case letters, digits and dashes, 2–64 characters. */
/**
 * `Model.policy.budgets`: the limits a manifest may declare. A missing latency budget means
 * no latency cap; the error budget defaults to DEFAULT_ERROR_BUDGET (a fraction, 0.05 = 5 %).
 * The policy's own section, so the Settings editor and registration accept the same budgets.
 */
export const registryBudgetsSchema = budgetsSchema;
export type RegistryBudgets = z.output<typeof registryBudgetsSchema>;

/**
 * The budgets of a stored policy. A malformed budget is reported, not ignored: skipping it
 * would let a release through without the limit an admin meant to enforce.
 */
export function budgetsFromPolicy(policy: unknown): { p95LatencyMs: number | null; maxErrorRate: number } {
  const raw = typeof policy === "object" && policy !== null ? (policy as { budgets?: unknown }).budgets : undefined;
  const parsed = registryBudgetsSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const fix = "an admin must fix its budgets before versions can be registered.";
    throw new ValidationError(
      parsed.error.issues.flatMap((i) =>
        // the section is strict: name each unknown key, as the policy editor does
        i.code === "unrecognized_keys"
          ? i.keys.map((key) => ({
              path: ["policy", "budgets", ...i.path.map(String), key].join("."),
              message: `The model's stored policy is invalid (not a budget setting); ${fix}`,
            }))
          : [
              {
                path: ["policy", "budgets", ...i.path.map(String)].join("."),
                message: `The model's stored policy is invalid (${i.message}); ${fix}`,
              },
            ],
      ),
    );
  }
  return { p95LatencyMs: parsed.data.p95LatencyMs ?? null, maxErrorRate: parsed.data.maxErrorRate };
}

export type RegisterInput = {
  /** the `{model}` segment of the URL */
  modelKey: string;
  /** the request body as sent */
  text: string;
  /** the request's Content-Type header */
  contentType: string | null;
  /** validate only: run every check, write nothing */
  dryRun?: boolean;
  requestId?: string | null;
};

export type RegisteredVersion = z.output<typeof registeredSchema>;
export type DryRunResult = z.output<typeof dryRunSchema>;

export type RegisterResult = { status: 201 | 200; body: RegisteredVersion } | { status: 200; body: DryRunResult };

type Prepared = { manifest: Manifest; hash: string; format: "json" | "yaml" };

/** Parse and schema-check the body; every issue (URL key included) at once. */
function prepare(input: RegisterInput): Prepared {
  const issues: FieldIssue[] = [];
  const key = modelKeySchema.safeParse(input.modelKey);
  if (!key.success) issues.push({ path: "model", message: key.error.issues[0]?.message ?? "invalid model key" });
  const parsed = parseManifestText(input.text, input.contentType);
  if (!parsed.ok) throw new ValidationError([...issues, ...parsed.issues]);
  const validated = validateManifest(parsed.value);
  if (!validated.ok) throw new ValidationError([...issues, ...validated.issues]);
  if (issues.length > 0) throw new ValidationError(issues);
  return { manifest: validated.value, hash: contentHash(validated.value), format: parsed.format };
}

function alreadyRegistered(modelKey: string, version: string, storedHash: string): ConflictError {
  return new ConflictError(
    `version ${version} of model ${modelKey} is already registered with different content (hash ${storedHash}); ` +
      "versions are immutable — register a new version id.",
  );
}

/** The outcome for a version id that already exists: idempotent 200 or immutable 409. */
function existingOutcome(
  modelKey: string,
  prepared: Prepared,
  row: { version: string; stage: string; contentHash: string; createdAt: Date },
  dryRun: boolean,
): RegisterResult {
  if (row.contentHash !== prepared.hash) throw alreadyRegistered(modelKey, row.version, row.contentHash);
  if (dryRun) return { status: 200, body: { valid: true, wouldBe: "unchanged", contentHash: row.contentHash } };
  return {
    status: 200,
    body: {
      model: modelKey,
      version: row.version,
      stage: row.stage,
      contentHash: row.contentHash,
      createdAt: row.createdAt.toISOString(),
    },
  };
}

async function findVersion(db: Tx, modelKey: string, version: string) {
  return db.modelVersion.findFirst({
    where: { version, model: { key: modelKey } },
    select: { version: true, stage: true, contentHash: true, createdAt: true },
  });
}

/** The checks that need the registry's state; only run for a version id not yet registered. */
async function checkContext(db: Tx, modelKey: string, manifest: Manifest): Promise<void> {
  const model = await db.model.findUnique({ where: { key: modelKey }, select: { id: true, policy: true } });
  const budgets = budgetsFromPolicy(model?.policy ?? {});
  let parentExists: boolean | null = null;
  if (manifest.parent_version !== undefined) {
    parentExists = model !== null && (await db.modelVersion.count({ where: { modelId: model.id, version: manifest.parent_version } })) > 0;
  }
  let prodSchemaVersion: string | null = null;
  if (model) {
    const prod = await prodVersionOf(db, model.id);
    if (prod) {
      const row = await db.modelVersion.findUnique({
        where: { modelId_version: { modelId: model.id, version: prod } },
        select: { schemaVersion: true },
      });
      prodSchemaVersion = row?.schemaVersion ?? null;
    }
  }
  const issues = checkManifestInContext(manifest, { modelKey, budgets, parentExists, prodSchemaVersion });
  if (issues.length > 0) throw new ValidationError(issues);
}

function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === "P2002";
}

/** Writes the model (on its first version), the version and their audit events in one transaction. */
async function insertVersion(db: Db, actor: Actor, input: RegisterInput, prepared: Prepared): Promise<RegisteredVersion> {
  const { manifest, hash, format } = prepared;
  const modelKey = input.modelKey;
  return db.$transaction(async (tx) => {
    let model = await tx.model.findUnique({ where: { key: modelKey }, select: { id: true } });
    if (!model) {
      const at = currentTime();
      model = await tx.model.create({ data: { key: modelKey, name: modelKey, createdAt: at, updatedAt: at }, select: { id: true } });
      await appendAudit(tx, {
        actor,
        action: "model.created",
        subject: { type: "model", id: modelKey },
        modelKey,
        after: { key: modelKey, name: modelKey },
        reason: `first version ${manifest.model_version} registered`,
        requestId: input.requestId,
      });
    }
    const row = await tx.modelVersion.create({
      data: {
        modelId: model.id,
        version: manifest.model_version,
        manifest: manifest as unknown as Prisma.InputJsonValue,
        contentHash: hash,
        sourceText: input.text,
        sourceFormat: format,
        parentVersion: manifest.parent_version ?? null,
        changelog: manifest.changelog,
        schemaVersion: manifest.schema_version,
        registeredBy: actor.label,
        registeredByType: actor.type,
        registeredById: actor.id,
        createdAt: currentTime(),
        stageChangedAt: currentTime(),
      },
      select: { version: true, stage: true, contentHash: true, createdAt: true },
    });
    await appendAudit(tx, {
      actor,
      action: "version.registered",
      // the subject id a version's history is looked up by
      subject: { type: "model_version", id: modelVersionSubjectId(modelKey, row.version) },
      modelKey,
      after: { version: row.version, contentHash: row.contentHash },
      requestId: input.requestId,
    });
    return {
      model: modelKey,
      version: row.version,
      stage: row.stage,
      contentHash: row.contentHash,
      createdAt: row.createdAt.toISOString(),
    };
  });
}

// A unique violation means a concurrent request wrote the same model or version first; the
// retry re-reads and answers 200/409 (or, when only the model row collided, inserts again).
const MAX_ATTEMPTS = 3;

/**
 * Registers one version from a manifest body (README → Register your first model from CI). 201 for a new version, 200
 * for the identical manifest again (nothing written), 409 for different content under an
 * existing version id, 422 with every issue. A dry run answers what would happen.
 */
export async function registerVersion(db: Db, actor: Actor, input: RegisterInput): Promise<RegisterResult> {
  const prepared = prepare(input);
  const version = prepared.manifest.model_version;
  const dryRun = input.dryRun === true;
  // A manifest naming another model can only be a mistake; say so (422) rather than compare
  // it with this model's version of the same id (a misleading 409).
  if (prepared.manifest.model_id !== input.modelKey) await checkContext(db, input.modelKey, prepared.manifest);
  for (let attempt = 1; ; attempt++) {
    const existing = await findVersion(db, input.modelKey, version);
    if (existing) return existingOutcome(input.modelKey, prepared, existing, dryRun);
    await checkContext(db, input.modelKey, prepared.manifest);
    if (dryRun) return { status: 200, body: { valid: true, wouldBe: "created", contentHash: prepared.hash } };
    try {
      return { status: 201, body: await insertVersion(db, actor, input, prepared) };
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      if (attempt >= MAX_ATTEMPTS) throw new UnavailableError("Concurrent registrations of this model kept colliding; retry shortly.", 1);
    }
  }
}
