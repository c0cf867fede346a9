// POST /api/v1/models/{model}/release/advance – move the candidate to the next ramp step; from the last step, complete the rollout
import { moveRoutes } from "@/lib/rollout/contracts";
import { moveHandler } from "@/lib/rollout/http";
import { advanceRollout } from "@/lib/rollout/service";

export const dynamic = "force-dynamic";

export const POST = moveHandler(moveRoutes.advance, advanceRollout);
