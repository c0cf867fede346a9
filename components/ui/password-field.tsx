"use client";
import { PASSWORD_RULE } from "@/lib/auth/password-rule";
import { TextField, type TextFieldProps } from "./field";

/**
 * The field where a password is chosen (setup, new user, reset): it states the server's length
 * rule up front and lets password managers offer a generated one (autoComplete="new-password").
 * Confirmation fields stay plain TextFields: each form names and checks its own.
 */
export function NewPasswordField({ name = "password", ...props }: Omit<TextFieldProps, "type" | "autoComplete" | "hint" | "required">) {
  return (
    <TextField
      name={name}
      type="password"
      autoComplete="new-password"
      required
      hint={`At least ${PASSWORD_RULE.min} characters.`}
      {...props}
    />
  );
}
