// GET /api/v1/openapi.json – the OpenAPI 3.1 document of this API, generated from its zod schemas
import { apiRoute } from "@/lib/api/route";
import { openApiDocument } from "@/lib/api/openapi";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ public: true }, async () => ({
  body: openApiDocument(),
  headers: { "cache-control": "public, max-age=300" },
}));
