// POST /api/v1/models/{model}/release/abort – discard the candidate; the stable version keeps all traffic
import { moveRoute } from "@/lib/rollout/http";
import { abortRollout } from "@/lib/rollout/service";

export const dynamic = "force-dynamic";

export const POST = moveRoute(abortRollout);
