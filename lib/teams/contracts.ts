/**
 * Teams over the REST API, read-only: who is in which team, which models each owns and whose
 * approval rules name it. Teams are managed in Settings → Teams (or come from the identity
 * provider's groups). Response schemas are checked against the DTOs with `satisfies`.
 */
import { z } from "zod";
import { component, defineRoute } from "../api/contract";
import type { TeamDto } from "./dto";

const teamMemberSchema = z.object({
  email: z.string(),
  name: z.string(),
  source: z.enum(["manual", "sso"]).meta({
    description:
      "`manual`: added by an admin, kept until an admin removes it. `sso`: from the identity provider's groups, renewed at each sign-in.",
  }),
  disabled: z.boolean().meta({ description: "The account is disabled: it cannot sign in, and its approvals do not count." }),
});

export const teamSchema = component(
  "Team",
  z.object({
    key: z.string().meta({ description: "What approval rules (`team:<key>`) and the group map name.", example: "payments-risk" }),
    name: z.string(),
    description: z.string(),
    owns: z.array(z.string()).meta({ description: "Keys of the models this team owns." }),
    reviews: z.array(z.string()).meta({ description: "Keys of the models whose approval rules name this team." }),
    members: z.array(teamMemberSchema).meta({ description: "By email." }),
  }) satisfies z.ZodType<TeamDto>,
);

export const listTeamsRoute = defineRoute({
  method: "GET",
  path: "/api/v1/teams",
  operationId: "listTeams",
  summary: "List teams",
  description:
    "Every team by key, with its members, the models it owns and the models whose approval rules name it. A token needs " +
    "`audit:read`, the scope that already shows people's emails (in the trail): inference services' `routes:read` does not.",
  tags: ["teams"],
  access: { scope: "audit:read", session: "models:read" },
  responses: { 200: { description: "The teams, by key.", json: z.object({ teams: z.array(teamSchema) }) } },
  errors: ["Unauthorized", "Forbidden", "Unavailable"],
});

export const teamContracts = [listTeamsRoute];
