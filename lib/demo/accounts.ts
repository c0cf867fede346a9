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

export type DemoTeam = { key: string; name: string; description: string; members: readonly string[] };

/**
 * The demo's teams: each owns a model. The fraud model's approval rules name Payments Risk, so
 * only Hannah (its approver) can approve a fraud-score version; Jonas, an approver outside it,
 * cannot.
 */
export const DEMO_TEAMS: readonly DemoTeam[] = [
  {
    key: "payments-risk",
    name: "Payments Risk",
    description: "Fraud and chargeback models for card payments.",
    members: ["approver@rollgate.demo", "viewer@rollgate.demo"],
  },
  {
    key: "customer-support-ai",
    name: "Customer Support AI",
    description: "Drafts and routing for the support desk.",
    members: ["approver2@rollgate.demo", "viewer@rollgate.demo"],
  },
  {
    key: "search-relevance",
    name: "Search Relevance",
    description: "Ranking for the storefront search.",
    members: ["approver2@rollgate.demo", "operator@rollgate.demo"],
  },
];
