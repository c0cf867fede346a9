"use server";
import { revalidatePath } from "next/cache";
import { db } from "../db";
import { authedAction } from "../safe-action";
import { createTeamInput, deleteTeamInput, teamMemberInput, updateTeamInput } from "./schemas";
import { addTeamMember, createTeam, deleteTeam, removeTeamMember, updateTeam } from "./service";

// Settings → Teams. Thin adapters: the chain checks the session, the users:manage permission
// (admins manage people and their teams) and the input's shape; the service holds the rules and
// writes the audit events.

const TEAMS_PATH = "/settings/teams";

function revalidateTeams() {
  revalidatePath(TEAMS_PATH);
  revalidatePath("/settings/users");
  // reviewer rules and owner teams are counted over members: the model and approval pages too
  revalidatePath("/models", "layout");
  revalidatePath("/approvals", "layout");
}

export const createTeamAction = authedAction("users:manage", createTeamInput, async (ctx, input) => {
  const team = await createTeam(db(), ctx.actor, input);
  revalidateTeams();
  return team;
});

export const updateTeamAction = authedAction("users:manage", updateTeamInput, async (ctx, input) => {
  const team = await updateTeam(db(), ctx.actor, input);
  revalidateTeams();
  return team;
});

export const deleteTeamAction = authedAction("users:manage", deleteTeamInput, async (ctx, input) => {
  const deleted = await deleteTeam(db(), ctx.actor, input);
  revalidateTeams();
  return deleted;
});

export const addTeamMemberAction = authedAction("users:manage", teamMemberInput, async (ctx, input) => {
  const added = await addTeamMember(db(), ctx.actor, input);
  revalidateTeams();
  return added;
});

export const removeTeamMemberAction = authedAction("users:manage", teamMemberInput, async (ctx, input) => {
  const removed = await removeTeamMember(db(), ctx.actor, input);
  revalidateTeams();
  return removed;
});
