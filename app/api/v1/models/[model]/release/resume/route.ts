// POST /api/v1/models/{model}/release/resume – resume a paused rollout (the step's bake time restarts)
import { moveRoutes } from "@/lib/rollout/contracts";
import { moveHandler } from "@/lib/rollout/http";
import { resumeRollout } from "@/lib/rollout/service";

export const dynamic = "force-dynamic";

export const POST = moveHandler(moveRoutes.resume, resumeRollout);
