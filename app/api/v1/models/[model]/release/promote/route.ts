// POST /api/v1/models/{model}/release/promote – complete the rollout now (a shadow is promoted)
import { moveRoutes } from "@/lib/rollout/contracts";
import { moveHandler } from "@/lib/rollout/http";
import { promoteNow } from "@/lib/rollout/service";

export const dynamic = "force-dynamic";

export const POST = moveHandler(moveRoutes.promote, promoteNow);
