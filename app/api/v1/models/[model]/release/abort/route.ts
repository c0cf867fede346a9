// POST /api/v1/models/{model}/release/abort – discard the candidate; the stable version keeps all traffic
import { moveRoutes } from "@/lib/rollout/contracts";
import { moveHandler } from "@/lib/rollout/http";
import { abortRollout } from "@/lib/rollout/service";

export const dynamic = "force-dynamic";

export const POST = moveHandler(moveRoutes.abort, abortRollout);
