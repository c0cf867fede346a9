"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { db } from "../db";
import { authedAction } from "../safe-action";
import { changeRoleInput, createTokenInput, createUserInput, resetPasswordInput, revokeTokenInput, setDisabledInput } from "./schemas";
import { createToken, revokeToken } from "./tokens-service";
import { changeRole, createUser, endAllSessions, resetPassword, setDisabled } from "./users-service";

// Settings → Users and Settings → API tokens. Thin adapters: the chain checks the session and
// permission and parses input; the services hold the rules and write the audit events.

const USERS_PATH = "/settings/users";
const TOKENS_PATH = "/settings/tokens";

export const createUserAction = authedAction("users:manage", createUserInput, async (ctx, input) => {
  const user = await createUser(db(), ctx.actor, input);
  revalidatePath(USERS_PATH);
  return user;
});

export const changeRoleAction = authedAction("users:manage", changeRoleInput, async (ctx, input) => {
  const user = await changeRole(db(), ctx.actor, input);
  revalidatePath(USERS_PATH);
  return user;
});

export const setUserDisabledAction = authedAction("users:manage", setDisabledInput, async (ctx, input) => {
  const user = await setDisabled(db(), ctx.actor, input);
  revalidatePath(USERS_PATH);
  return user;
});

export const resetPasswordAction = authedAction("users:manage", resetPasswordInput, async (ctx, input) => {
  const user = await resetPassword(db(), ctx.actor, input);
  return { id: user.id, email: user.email };
});

export const createTokenAction = authedAction("tokens:manage", createTokenInput, async (ctx, input) => {
  const created = await createToken(db(), ctx.actor, input);
  revalidatePath(TOKENS_PATH);
  return created;
});

export const revokeTokenAction = authedAction("tokens:manage", revokeTokenInput, async (ctx, input) => {
  const token = await revokeToken(db(), ctx.actor, input);
  revalidatePath(TOKENS_PATH);
  return token;
});

/** Any signed-in user: ends every session of their own account (this one included). */
export const signOutEverywhereAction = authedAction("models:read", z.object({}), async (ctx) => {
  await endAllSessions(db(), ctx.user.id, null, "signed out everywhere");
  return { signedOut: true };
});
