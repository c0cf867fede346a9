import type { Database } from "./open";

// server.ts opens the database once; route handlers and pages, which Next bundles into
// separate module instances, find the same handle here. Two handles on one PGlite data
// directory would corrupt it.
const g = globalThis as typeof globalThis & { __rollgateDatabase?: Database };

export function setGlobalDatabase(db: Database | undefined): void {
  g.__rollgateDatabase = db;
}

export function globalDatabase(): Database {
  const db = g.__rollgateDatabase;
  if (!db) {
    throw new Error("The database is not open: Rollgate must be started through server.ts (npm start).");
  }
  return db;
}
