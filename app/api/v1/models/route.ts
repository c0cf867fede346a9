// GET /api/v1/models – every model with the version in PROD, its latest version and owner
import { handle } from "@/lib/api/handle";
import { db } from "@/lib/db";
import { listModelsRoute } from "@/lib/registry/contracts";
import { listModels } from "@/lib/registry/queries";

export const dynamic = "force-dynamic";

export const GET = handle(listModelsRoute, async () => ({ body: { models: await listModels(db()) } }));
