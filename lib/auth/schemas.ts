import { z } from "zod";
import { PASSWORD_RULE } from "./password-rule";
import { ROLES, TOKEN_SCOPES } from "./permissions";

// Client-safe inputs for sign-in, first-run setup, users and API tokens. The forms, the
// server actions, the services and `npm run token` all validate with these.

const emptyAsUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

export const emailField = z
  .string({ error: "Enter an email address." })
  .trim()
  .toLowerCase()
  .min(1, "Enter an email address.")
  .max(254, "An email address has at most 254 characters.")
  .pipe(z.email("Enter a valid email address, like name@example.com."));

export const nameField = z.string({ error: "Enter a name." }).trim().min(1, "Enter a name.").max(100, "A name has at most 100 characters.");

// Not trimmed: spaces are part of a password.
export const passwordField = z
  .string({ error: "Enter a password." })
  .min(PASSWORD_RULE.min, `Use at least ${PASSWORD_RULE.min} characters.`)
  .max(PASSWORD_RULE.max, `Use at most ${PASSWORD_RULE.max} characters.`);

export const roleField = z.enum(ROLES, { error: `Choose a role: ${ROLES.join(", ")}.` });

const idField = (what: string) =>
  z
    .string({ error: `Missing the ${what} id.` })
    .trim()
    .min(1, `Missing the ${what} id.`)
    .max(64);

// HTML forms send booleans as strings.
const booleanField = z.preprocess(
  (v) => (v === "true" || v === "on" ? true : v === "false" || v === "off" ? false : v),
  z.boolean({ error: "Must be true or false." }),
);

export const signInInput = z.object({
  email: emailField,
  // only its presence is checked at sign-in: the length rule may have changed since it was set
  password: z
    .string({ error: "Enter your password." })
    .min(1, "Enter your password.")
    // a bound well above any rule, so nobody makes the server hash megabytes
    .max(1024, "A password has at most 1024 characters."),
});
export type SignInInput = z.infer<typeof signInInput>;

export const firstAdminInput = z.object({ name: nameField, email: emailField, password: passwordField });
export type FirstAdminInput = z.input<typeof firstAdminInput>;

export const setupInput = firstAdminInput
  .extend({ confirmPassword: z.string({ error: "Repeat the password." }) })
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], message: "The passwords do not match." });
export type SetupInput = z.input<typeof setupInput>;

export const createUserInput = z.object({
  name: nameField,
  email: emailField,
  role: roleField.default("viewer"),
  password: passwordField,
});
export type CreateUserInput = z.input<typeof createUserInput>;

export const changeRoleInput = z.object({ userId: idField("user"), role: roleField });
export type ChangeRoleInput = z.input<typeof changeRoleInput>;

export const setDisabledInput = z.object({ userId: idField("user"), disabled: booleanField });
export type SetDisabledInput = z.input<typeof setDisabledInput>;

export const resetPasswordInput = z.object({ userId: idField("user"), password: passwordField });
export type ResetPasswordInput = z.input<typeof resetPasswordInput>;

export const TOKEN_MAX_EXPIRY_DAYS = 3650;

export const tokenScopesField = z.preprocess(
  // one checked checkbox arrives as a string, several as an array; a CLI passes "a,b"
  (v) =>
    typeof v === "string"
      ? v
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean)
      : v,
  z
    .array(
      z.enum(TOKEN_SCOPES, {
        error: (iss) => `Unknown scope ${JSON.stringify(iss.input)}; valid scopes are ${TOKEN_SCOPES.join(", ")}.`,
      }),
      {
        error: "Choose at least one scope.",
      },
    )
    .min(1, "Choose at least one scope.")
    .transform((scopes) => TOKEN_SCOPES.filter((s) => scopes.includes(s))),
);

export const createTokenInput = z.object({
  name: z
    .string({ error: "Name the token after what uses it, e.g. ci-deploy." })
    .trim()
    .min(1, "Name the token after what uses it, e.g. ci-deploy.")
    .max(80, "A token name has at most 80 characters."),
  scopes: tokenScopesField,
  expiresInDays: z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number({ error: "Enter a number of days." })
      .int("Enter a whole number of days.")
      .min(1, "A token lasts at least 1 day.")
      .max(TOKEN_MAX_EXPIRY_DAYS, `A token lasts at most ${TOKEN_MAX_EXPIRY_DAYS} days; leave it empty for no expiry.`)
      .optional(),
  ),
});
export type CreateTokenInput = z.input<typeof createTokenInput>;

export const revokeTokenInput = z.object({ id: idField("token") });
export type RevokeTokenInput = z.input<typeof revokeTokenInput>;
