/**
 * Replay sets over HTTP (docs/replay-sets.md): freeze, list, read one, pull its items as JSONL,
 * and erase a tenant's replay data.
 *
 * Tokens: CI freezes with registry:write (the scope it registers versions and posts evaluations
 * with) and reads sets with it; auditors' audit:read reads them too. Erasure takes its own scope,
 * replay:erase, held by the tool that runs data-subject requests. Signed-in users: anyone who can
 * read models reads sets; replay:freeze (operators, approvers, admins) freezes; replay:erase is
 * admins only.
 */
import { z } from "zod";
import { component, defineRoute } from "../api/contract";
import { errorBodySchema, isoDateTime, modelParam } from "../api/schemas";
import type { ReplaySetDto } from "./dto";
import { erasureBodySchema, freezeBodySchema } from "./schemas";

export const CONTENT_HASH_HEADER = "x-rollgate-content-hash";
export const ITEM_COUNT_HEADER = "x-rollgate-item-count";
export const ERASED_HEADER = "x-rollgate-erased";

const setSchema = component(
  "ReplaySet",
  z.object({
    id: z.string(),
    model: z.string(),
    name: z.string(),
    from: isoDateTime.meta({ description: "Start of the window (inclusive)." }),
    to: isoDateTime.meta({ description: "End of the window (exclusive)." }),
    requested: z.number().int().meta({ description: "The size asked for." }),
    stratify: z.enum(["tenant", "none"]),
    itemCount: z.number().int().meta({ description: "Items when frozen (fewer than requested when the window had fewer)." }),
    tenants: z.array(z.object({ tenant: z.string(), items: z.number().int() })).meta({ description: "Items per tenant when frozen." }),
    contentHash: z.string().meta({ description: "SHA-256 (hex) of the set's JSONL as frozen: `sha256sum` of the pulled file." }),
    createdBy: z.string(),
    createdAt: isoDateTime,
    expiresAt: isoDateTime.meta({ description: "When retention deletes it (policy `replay.setRetentionDays`)." }),
    erased: z
      .object({ count: z.number().int(), at: isoDateTime })
      .nullable()
      .meta({ description: "Items removed by tenant erasures since freezing; then the served JSONL no longer matches contentHash." }),
  }) satisfies z.ZodType<ReplaySetDto>,
);

const setParam = { schema: z.string().min(1).max(200), description: "The set's id or its name." };

const WRITE_RULES =
  "Copies the model's captured requests (policy `replay.capture`) of the window into an immutable set. " +
  "`stratify: tenant` (default) gives each tenant its share of the window's requests (largest remainder, at least one " +
  "item each when the size allows); within a tenant the requests are chosen by the md5 of their request id, so the " +
  "same window gives the same set. Items are ordered by tenant, time, request id. `contentHash` is the SHA-256 of " +
  "the JSONL `GET …/items` serves. 409 for a name the model already uses; 422 naming `days` (or `from`) for a window " +
  "without captured requests. Recorded as a `replay_set.frozen` audit event.";

export const freezeReplaySetRoute = defineRoute({
  method: "POST",
  path: "/api/v1/models/{model}/replay-sets",
  operationId: "freezeReplaySet",
  summary: "Freeze a named replay set from captured requests",
  description: WRITE_RULES,
  tags: ["replay"],
  access: { scope: "registry:write", session: "replay:freeze" },
  params: { model: modelParam },
  body: {
    read: "json",
    schema: freezeBodySchema,
    required: true,
    maxBytes: 4096,
    name: "FreezeReplaySet",
    description: "The set's name, its window (`days`, or `from` and `to`), its size and how it is stratified.",
  },
  responses: { 201: { description: "Frozen.", json: setSchema } },
  errors: ["Unauthorized", "Forbidden", "NotFound", "Conflict", "SchemaError", "Unavailable"],
});

export const listReplaySetsRoute = defineRoute({
  method: "GET",
  path: "/api/v1/models/{model}/replay-sets",
  operationId: "listReplaySets",
  summary: "A model's replay sets, newest first",
  tags: ["replay"],
  access: { scope: ["registry:write", "audit:read"], session: "models:read" },
  params: { model: modelParam },
  responses: { 200: { description: "The sets (metadata; items via `…/items`).", json: z.object({ sets: z.array(setSchema) }) } },
  errors: ["Unauthorized", "Forbidden", "NotFound", "Unavailable"],
});

export const getReplaySetRoute = defineRoute({
  method: "GET",
  path: "/api/v1/models/{model}/replay-sets/{set}",
  operationId: "getReplaySet",
  summary: "One replay set, by id or name",
  tags: ["replay"],
  access: { scope: ["registry:write", "audit:read"], session: "models:read" },
  params: { model: modelParam, set: setParam },
  responses: {
    200: {
      description: "The set.",
      json: z.object({
        set: setSchema,
        note: z
          .string()
          .nullable()
          .meta({ description: "When items were erased: how many and when, and that the hash no longer matches." }),
      }),
    },
  },
  errors: ["Unauthorized", "Forbidden", "NotFound", "Unavailable"],
});

export const pullReplaySetRoute = defineRoute({
  method: "GET",
  path: "/api/v1/models/{model}/replay-sets/{set}/items",
  operationId: "pullReplaySet",
  summary: "A replay set's items as JSONL",
  description:
    "One canonical JSON object per line (keys sorted, no whitespace, `\\n` after each): `request_id`, `tenant`, `version`, " +
    "`ts`, `input`, `output` (scrubbed when captured). The SHA-256 of the body equals the set's `contentHash` " +
    `(\`${CONTENT_HASH_HEADER}\`) unless a tenant erasure removed items since (\`${ERASED_HEADER}\`). \`rollgate replay pull\` checks it.`,
  tags: ["replay"],
  access: { scope: ["registry:write", "audit:read"], session: "models:read" },
  params: { model: modelParam, set: setParam },
  responses: {
    200: {
      description: "The items, streamed.",
      media: { "application/x-ndjson": { description: "One item per line." } },
      headers: {
        [CONTENT_HASH_HEADER]: "The set's contentHash as frozen.",
        [ITEM_COUNT_HEADER]: "Items when frozen.",
        [ERASED_HEADER]: "Present after tenant erasures: `<count> <ISO date-time>` of the last one.",
      },
    },
    404: { description: "No such model or set (`not_found`).", json: errorBodySchema },
  },
  errors: ["Unauthorized", "Forbidden", "Unavailable"],
});

const erasedSetSchema = z.object({ id: z.string(), name: z.string(), items: z.number().int() });

export const eraseTenantRoute = defineRoute({
  method: "POST",
  path: "/api/v1/replay/erasures",
  operationId: "eraseReplayTenant",
  summary: "Erase a tenant's replay data (data-subject request)",
  description:
    "Deletes the tenant's captured requests and its items in frozen sets, of one model or of all, in one transaction " +
    "recorded as one `replay.tenant_erased` audit event with the counts per model. Sets keep their frozen hash and " +
    "report the erased items from then on. Erasing a tenant with no replay data answers zero counts.",
  tags: ["replay"],
  access: { scope: "replay:erase", session: "replay:erase" },
  body: {
    read: "json",
    schema: erasureBodySchema,
    required: true,
    maxBytes: 2048,
    name: "ReplayErasure",
    description: "The tenant, and optionally the model.",
  },
  responses: {
    200: {
      description: "Erased; what was removed.",
      json: component(
        "ReplayErasure",
        z.object({
          tenant: z.string(),
          model: z.string().nullable(),
          records: z.number().int(),
          items: z.number().int(),
          models: z.array(
            z.object({ model: z.string(), records: z.number().int(), items: z.number().int(), sets: z.array(erasedSetSchema) }),
          ),
          at: isoDateTime,
        }),
      ),
    },
  },
  errors: ["Unauthorized", "Forbidden", "NotFound", "SchemaError", "Unavailable"],
});

export const replayContracts = [freezeReplaySetRoute, listReplaySetsRoute, getReplaySetRoute, pullReplaySetRoute, eraseTenantRoute];
