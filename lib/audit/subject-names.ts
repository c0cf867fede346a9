import "server-only";
import type { Tx } from "../database/types";
import { subjectKey, type SubjectNames } from "./subjects";

// Users, tokens, webhooks and incidents are audited under their database ids; a person reading
// the trail knows them by name. Model, version and release subjects already read as names.

const NAMED_TYPES = ["user", "token", "webhook", "incident"] as const;

/** The names of the subjects on one page of events, in a single query; subjects since deleted keep their ids. */
export async function subjectNames(db: Tx, subjects: readonly { type: string; id: string }[]): Promise<SubjectNames> {
  const ids = Object.fromEntries(
    NAMED_TYPES.map((t) => [t, [...new Set(subjects.filter((s) => s.type === t).map((s) => s.id))]]),
  ) as Record<(typeof NAMED_TYPES)[number], string[]>;
  if (NAMED_TYPES.every((t) => ids[t].length === 0)) return {};
  const rows = await db.$queryRawUnsafe<{ type: string; id: string; name: string; detail: string | null }[]>(
    `SELECT 'user' AS "type", u."id", u."name", u."email" AS "detail" FROM "User" u WHERE u."id" = ANY($1::text[])
     UNION ALL
     SELECT 'token', t."id", t."name", NULL FROM "ApiToken" t WHERE t."id" = ANY($2::text[])
     UNION ALL
     SELECT 'webhook', w."id", w."name", NULL FROM "Webhook" w WHERE w."id" = ANY($3::text[])
     UNION ALL
     SELECT 'incident', i."id", m."key" || ' rollback ' || i."fromVersion" || ' → ' || i."toVersion", NULL
       FROM "Incident" i JOIN "Model" m ON m."id" = i."modelId" WHERE i."id" = ANY($4::text[])`,
    ids.user,
    ids.token,
    ids.webhook,
    ids.incident,
  );
  const out: SubjectNames = {};
  for (const r of rows) out[subjectKey(r.type, r.id)] = { name: r.name || r.detail || r.id, detail: r.name ? r.detail : null };
  return out;
}
