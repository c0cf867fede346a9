// GET /api/v1/models – every model with the version in PROD, its latest version and owner
import { apiRoute } from "@/lib/api/route";
import { db } from "@/lib/db";
import { listModels } from "@/lib/registry/queries";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ scope: "routes:read", session: "models:read" }, async () => ({
  body: { models: await listModels(db()) },
}));
