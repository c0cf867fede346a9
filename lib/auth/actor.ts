import type { Role } from "../../generated/prisma/enums";

/** Who did something: every audit event and state change names one. */
export type Actor =
  | { type: "user"; id: string; label: string; role: Role }
  | { type: "token"; id: string; label: string; scopes: string[] }
  | { type: "policy"; id: string | null; label: string }
  | { type: "guardrail"; id: string | null; label: string }
  | { type: "system"; id: null; label: string };

export const systemActor = (label = "system"): Actor => ({ type: "system", id: null, label });

export function describeActor(a: Actor): string {
  if (a.type === "token") return `token ${a.label}`;
  return a.label;
}
