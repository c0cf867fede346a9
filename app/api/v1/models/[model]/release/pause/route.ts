// POST /api/v1/models/{model}/release/pause – hold the candidate at its current share
import { moveRoute } from "@/lib/rollout/http";
import { pauseRollout } from "@/lib/rollout/service";

export const dynamic = "force-dynamic";

export const POST = moveRoute(pauseRollout);
