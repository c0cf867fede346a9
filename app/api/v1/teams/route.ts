// GET /api/v1/teams – every team with its members, the models it owns and those whose rules name it
import { handle } from "@/lib/api/handle";
import { db } from "@/lib/db";
import { listTeamsRoute } from "@/lib/teams/contracts";
import { teamDto } from "@/lib/teams/dto";
import { listTeams } from "@/lib/teams/queries";

export const dynamic = "force-dynamic";

export const GET = handle(listTeamsRoute, async () => ({ body: { teams: (await listTeams(db())).map(teamDto) } }));
