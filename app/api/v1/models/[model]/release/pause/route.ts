// POST /api/v1/models/{model}/release/pause – hold the candidate at its current share
import { moveRoutes } from "@/lib/rollout/contracts";
import { moveHandler } from "@/lib/rollout/http";
import { pauseRollout } from "@/lib/rollout/service";

export const dynamic = "force-dynamic";

export const POST = moveHandler(moveRoutes.pause, pauseRollout);
