// Lets a plain Node process (the benchmark's ingest server) load the app's route modules:
// "server-only" throws outside Next's react-server bundles, so it resolves to an empty module
// here, as tests/support/server-only.ts does for Vitest.
import { register } from "node:module";

register(
  "data:text/javascript," +
    encodeURIComponent(`
export async function resolve(specifier, context, next) {
  if (specifier === "server-only") return { url: "data:text/javascript,export{}", shortCircuit: true };
  return next(specifier, context);
}`),
  import.meta.url,
);
