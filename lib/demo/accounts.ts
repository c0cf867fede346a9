import type { Role } from "../../generated/prisma/enums";

// The demo's sign-ins, apart from the seed so the Playwright suite can read them without
// loading the database layer.

/** The password of every demo account; server.ts prints it with the sign-ins. */
export const DEMO_PASSWORD = "rollgate-demo";

export type DemoUser = { role: Role; email: string; name: string };

export const DEMO_USERS: readonly DemoUser[] = [
  { role: "admin", email: "admin@rollgate.demo", name: "Sam Whitfield" },
  { role: "approver", email: "approver@rollgate.demo", name: "Hannah Okafor" },
  { role: "approver", email: "approver2@rollgate.demo", name: "Jonas Berg" },
  { role: "operator", email: "operator@rollgate.demo", name: "Marco Ruiz" },
  { role: "viewer", email: "viewer@rollgate.demo", name: "Priya Natarajan" },
];
