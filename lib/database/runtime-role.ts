/**
 * The least-privilege database role the app runs as (`npm run db:roles`, docs/audit-trail.md).
 *
 * The schema owner (ROLLGATE_MIGRATION_DATABASE_URL) applies migrations and owns every table.
 * The runtime role (DATABASE_URL) gets ordinary reads and writes on every table, but on the audit
 * tables only SELECT and INSERT: no UPDATE, DELETE or TRUNCATE, and, since it owns nothing, it
 * cannot disable their triggers or drop them. It is not a superuser, so it cannot
 * `SET session_replication_role` either. Default privileges give it the same on tables that
 * later migrations create; a migration that adds an append-only table revokes the rest (see the
 * audit_checkpoints migration).
 */
import type pg from "pg";

/** Tables the app only appends to. */
export const APPEND_ONLY_TABLES = ["AuditEvent", "AuditCheckpoint"] as const;

const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** The grants, as SQL run by the schema owner (printed by `npm run db:roles -- --print`). */
export function runtimeGrantsSql(role: string, owner: string, schema: string): string[] {
  const r = ident(role);
  const s = ident(schema);
  const appendOnly = APPEND_ONLY_TABLES.map((t) => `${s}.${ident(t)}`).join(", ");
  return [
    `GRANT USAGE ON SCHEMA ${s} TO ${r}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${s} TO ${r}`,
    `GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA ${s} TO ${r}`,
    `REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON ${appendOnly} FROM ${r}`,
    // the migration history: readable (the server checks it at start), never written at run time
    `REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ${s}."_prisma_migrations" FROM ${r}`,
    // tables and sequences that later migrations create
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${ident(owner)} IN SCHEMA ${s} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${r}`,
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${ident(owner)} IN SCHEMA ${s} GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${r}`,
  ];
}

export class RuntimeRoleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RuntimeRoleError";
  }
}

/**
 * Creates the runtime role when it does not exist (that needs CREATEROLE; otherwise a superuser
 * creates it first), checks that it cannot own or become the owner, and applies the grants. Runs
 * as the schema owner, in one transaction; safe to run again after every upgrade.
 */
export async function setUpRuntimeRole(
  owner: pg.Client,
  opts: { role: string; password?: string },
): Promise<{ created: boolean; owner: string; schema: string; statements: string[] }> {
  const { rows } = await owner.query<{ me: string; schema: string }>(`SELECT current_user AS me, current_schema() AS schema`);
  const me = rows[0]!.me;
  const schema = rows[0]!.schema;
  if (opts.role === me) throw new RuntimeRoleError(`The runtime role must not be the schema owner (${me}): pick another name.`);
  const tables = await owner.query(`SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = 'AuditEvent' AND tableowner = $2`, [
    schema,
    me,
  ]);
  if (tables.rowCount === 0) {
    throw new RuntimeRoleError(
      `${me} does not own "AuditEvent" in schema ${schema}: run the migrations as this role first (npm run migrate with ROLLGATE_MIGRATION_DATABASE_URL).`,
    );
  }

  await owner.query("BEGIN");
  try {
    const existing = await owner.query<{ rolsuper: boolean; rolbypassrls: boolean }>(
      `SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = $1`,
      [opts.role],
    );
    let created = false;
    if (existing.rowCount === 0) {
      const pw = opts.password ? ` PASSWORD ${owner.escapeLiteral(opts.password)}` : "";
      try {
        await owner.query(`CREATE ROLE ${ident(opts.role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS${pw}`);
      } catch (e) {
        throw new RuntimeRoleError(
          `Cannot create the role ${opts.role} as ${me} (${(e as Error).message}). Ask a superuser to run: CREATE ROLE ${ident(opts.role)} LOGIN PASSWORD '…'; then run this again.`,
        );
      }
      created = true;
    } else {
      if (existing.rows[0]!.rolsuper)
        throw new RuntimeRoleError(`${opts.role} is a superuser: it could bypass every protection. Use a plain role.`);
      if (opts.password) await owner.query(`ALTER ROLE ${ident(opts.role)} PASSWORD ${owner.escapeLiteral(opts.password)}`);
    }
    const member = await owner.query<{ m: boolean }>(`SELECT pg_has_role($1, $2, 'MEMBER') AS m`, [opts.role, me]);
    if (member.rows[0]!.m) {
      throw new RuntimeRoleError(
        `${opts.role} is a member of ${me}, so it has the owner's rights over the audit tables: REVOKE ${ident(me)} FROM ${ident(opts.role)} first.`,
      );
    }
    const statements = runtimeGrantsSql(opts.role, me, schema);
    for (const sql of statements) await owner.query(sql);
    await owner.query("COMMIT");
    return { created, owner: me, schema, statements };
  } catch (e) {
    await owner.query("ROLLBACK").catch(() => {});
    throw e;
  }
}
