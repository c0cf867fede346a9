import { defineConfig } from "prisma/config";

// The datasource URL is chosen at run time by lib/db.ts (PostgreSQL or embedded PGlite);
// migrations are applied by scripts/migrate.ts through the WebAssembly schema engine.
export default defineConfig({
  schema: "prisma/schema",
});
