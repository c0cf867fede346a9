// Teams: client-safe part (inputs and key rules). Services and queries: lib/teams/server.ts.
export * from "./schemas";
