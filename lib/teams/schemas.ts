import { z } from "zod";
import { emailField } from "../auth/schemas";

// Client-safe inputs for teams. The Settings → Teams forms, the server actions, the services and
// the group mapping (ROLLGATE_OIDC_TEAM_MAP) validate with these.

export const TEAM_KEY_RULE = "2–64 lower-case letters, digits or dashes, starting and ending with a letter or digit";

export const teamKeyField = z
  .string({ error: "Enter a team key." })
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$/, { error: `A team key is ${TEAM_KEY_RULE}, like payments-risk.` })
  .meta({ description: "Team key (slug).", example: "payments-risk" });

const teamName = z.string({ error: "Enter a name." }).trim().min(1, "Enter a name.").max(100, "A name has at most 100 characters.");
const description = z.string({ error: "Must be text." }).trim().max(500, "A description has at most 500 characters.").default("");

export const createTeamInput = z.object({ key: teamKeyField, name: teamName, description });
export type CreateTeamInput = z.input<typeof createTeamInput>;

export const updateTeamInput = z.object({ key: teamKeyField, name: teamName, description });
export type UpdateTeamInput = z.input<typeof updateTeamInput>;

export const deleteTeamInput = z.object({ key: teamKeyField });
export type DeleteTeamInput = z.input<typeof deleteTeamInput>;

export const teamMemberInput = z.object({ key: teamKeyField, email: emailField });
export type TeamMemberInput = z.input<typeof teamMemberInput>;

/** "Payments Risk" → "payments-risk": how a team key is suggested from its name. */
export function suggestTeamKey(name: string): string {
  return (
    name
      .normalize("NFKD")
      // accents go, the letters stay: "Équipe Données" → "equipe-donnees"
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 64)
      .replace(/-+$/g, "")
  );
}
