import type { TeamRow } from "./queries";

/** A team as the REST API answers it (lib/teams/contracts.ts). */
export type TeamDto = {
  key: string;
  name: string;
  description: string;
  owns: string[];
  reviews: string[];
  members: { email: string; name: string; source: "manual" | "sso"; disabled: boolean }[];
};

export function teamDto(t: TeamRow): TeamDto {
  return {
    key: t.key,
    name: t.name,
    description: t.description,
    owns: t.owns,
    reviews: t.reviews,
    members: t.members.map((m) => ({
      email: m.email,
      name: m.name,
      source: m.source === "sso" ? "sso" : "manual",
      disabled: m.disabled,
    })),
  };
}
