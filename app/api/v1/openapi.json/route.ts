// GET /api/v1/openapi.json – the OpenAPI 3.1 document of this API, generated from the route contracts
import { handle } from "@/lib/api/handle";
import { openApiDocument } from "@/lib/api/openapi";
import { openApiRoute } from "@/lib/api/system-contracts";
import { CONTRACTS } from "@/lib/contracts";
import packageJson from "@/package.json";

export const dynamic = "force-dynamic";

export const GET = handle(openApiRoute, async () => ({
  body: openApiDocument(CONTRACTS, packageJson.version),
  headers: { "cache-control": "public, max-age=300" },
}));
