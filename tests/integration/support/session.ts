// Who the code under test believes is signed in. setup.ts mocks next-auth's getServerSession
// to return the session chosen here, so pages, server actions and route handlers run their
// real guards (lib/auth/session.ts re-reads the user row and its role).
//
// A session carries the user's session generation from sign-in. By default the test session
// is a fresh sign-in on every call (the user's current generation); pass `generation` to hold
// on to one, like a copied cookie, and see it refused once the generation moves on.
import { testDb } from "./db";

export type TestSessionUser = { id: string; email: string; name: string };

type State = { user: TestSessionUser | null; generation?: number; headers: Record<string, string> };

const current: State = { user: null, headers: {} };
const state = (): State => current;

/** Signs the given user in for the calls that follow (null: signed out). */
export function signInAs(user: TestSessionUser | null, options: { generation?: number } = {}): void {
  state().user = user ? { id: user.id, email: user.email, name: user.name } : null;
  state().generation = options.generation;
}

/** The generation a sign-in now would store in the session (the user's current one). */
export async function currentGeneration(userId: string): Promise<number> {
  const row = await testDb().user.findUnique({ where: { id: userId }, select: { sessionGeneration: true } });
  return row?.sessionGeneration ?? 0;
}

/** What getServerSession returns: next-auth's session shape with the claims lib/auth/options.ts sets. */
export async function currentSession() {
  const { user: u, generation } = state();
  if (!u) return null;
  const gen = generation ?? (await currentGeneration(u.id));
  return { user: { id: u.id, email: u.email, name: u.name, gen }, expires: new Date(Date.now() + 3600_000).toISOString() };
}

/** Headers that next/headers' headers() returns to server actions (the client address by default). */
export function setRequestHeaders(headers: Record<string, string>): void {
  state().headers = headers;
}

export function currentRequestHeaders(): Headers {
  return new Headers({ "x-rollgate-client-ip": "127.0.0.1", "user-agent": "vitest", ...state().headers });
}
