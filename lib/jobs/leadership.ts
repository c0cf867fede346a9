/**
 * Leadership among app instances: a PostgreSQL session advisory lock held on a dedicated
 * connection for as long as this instance leads. If that connection dies the server releases
 * the lock and another instance takes it at its next pass. Embedded PGlite is a single
 * process, so it always leads.
 */
import type { PoolClient } from "pg";
import type { Database } from "../database/open";

export class Leadership {
  private client: PoolClient | null = null;

  constructor(
    private readonly database: Database,
    private readonly lockKey: bigint,
  ) {}

  /** Whether this instance leads now: keeps the lock it holds, or tries to take it. */
  async acquire(): Promise<boolean> {
    const driver = this.database.driver;
    if (driver.kind === "pglite") return true;
    if (this.client) {
      try {
        await this.client.query("SELECT 1");
        return true;
      } catch {
        this.drop();
      }
    }
    const client = await driver.pool.connect();
    // a terminated leader connection must not crash the process; the next pass notices
    client.on("error", () => {});
    try {
      const res = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1::bigint) AS ok", [this.lockKey.toString()]);
      if (res.rows[0]?.ok) {
        this.client = client;
        return true;
      }
      client.release();
      return false;
    } catch (e) {
      client.release(true);
      throw e;
    }
  }

  leading(): boolean {
    return this.database.driver.kind === "pglite" || this.client !== null;
  }

  /** Gives the lock up by closing its connection (the connection may already be broken). */
  drop(): void {
    this.client?.release(true);
    this.client = null;
  }

  async release(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (!client) return;
    try {
      await client.query("SELECT pg_advisory_unlock($1::bigint)", [this.lockKey.toString()]);
      client.release();
    } catch {
      client.release(true);
    }
  }
}
