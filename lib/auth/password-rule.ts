// Client-safe: the sign-in, setup and user forms check lengths with the same rule as the
// server, without pulling the argon2 native module into the browser bundle.
export const PASSWORD_RULE = { min: 10, max: 200 };
