// POST /api/v1/models/{model}/release/resume – resume a paused rollout (the step's bake time restarts)
import { moveRoute } from "@/lib/rollout/http";
import { resumeRollout } from "@/lib/rollout/service";

export const dynamic = "force-dynamic";

export const POST = moveRoute(resumeRollout);
