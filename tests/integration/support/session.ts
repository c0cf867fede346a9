// Who the code under test believes is signed in. setup.ts mocks next-auth's getServerSession
// to return the session chosen here, so pages, server actions and route handlers run their
// real guards (lib/auth/session.ts re-reads the user row and its role).
export type TestSessionUser = { id: string; email: string; name: string };

type State = { user: TestSessionUser | null; headers: Record<string, string> };

const g = globalThis as typeof globalThis & { __rollgateTestSession?: State };
const state = (): State => (g.__rollgateTestSession ??= { user: null, headers: {} });

/** Signs the given user in for the calls that follow (null: signed out). */
export function signInAs(user: TestSessionUser | null): void {
  state().user = user ? { id: user.id, email: user.email, name: user.name } : null;
}

/** What getServerSession returns: next-auth's session shape with the user id, as lib/auth/options.ts sets it. */
export function currentSession() {
  const u = state().user;
  if (!u) return null;
  return { user: { id: u.id, email: u.email, name: u.name }, expires: new Date(Date.now() + 3600_000).toISOString() };
}

/** Headers that next/headers' headers() returns to server actions (the client address by default). */
export function setRequestHeaders(headers: Record<string, string>): void {
  state().headers = headers;
}

export function currentRequestHeaders(): Headers {
  return new Headers({ "x-rollgate-client-ip": "127.0.0.1", "user-agent": "vitest", ...state().headers });
}
