// The permission matrix over real HTTP: every caller (each role with a real session cookie
// from next-auth's sign-in endpoint, a real API token per scope, someone signed out) calls every REST
// route, every data-plane path and every server action of the built app, and each answer must
// match the cell docs/permissions.md shows (lib/access/matrix.ts). Server actions are posted the
// way the browser posts them: to a page that uses them, with the action id from the build's
// server-reference manifest. Calls carry input that names nothing real (an unknown model, an
// empty body), so an allowed call ends in 404 or 422 and nothing is written; reads go to a demo
// model, so they are really served. ROLLGATE_E2E_MATRIX_LOG=1 prints every allowed answer.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { discoverActions } from "../lib/access/discover";
import { allowed, completeness, matrixRows, PRINCIPALS, type MatrixRow, type Principal } from "../lib/access/matrix";
import { accountFor, E2E, type E2ERole } from "./env";
import { expect, RollgateApi, test } from "./fixtures";

const ROOT = path.resolve(import.meta.dirname, "..");

type ManifestEntry = { workers: Record<string, unknown>; filename: string; exportedName: string };

/** `file#export` → the action id and a page worker that can run it, from the production build. */
function builtActions(): Map<string, { id: string; page: string }> {
  const file = path.join(ROOT, ".next/server/server-reference-manifest.json");
  const manifest = JSON.parse(readFileSync(file, "utf8")) as { node: Record<string, ManifestEntry> };
  const out = new Map<string, { id: string; page: string }>();
  for (const [id, entry] of Object.entries(manifest.node)) {
    const worker = Object.keys(entry.workers).sort()[0];
    if (worker) out.set(`${entry.filename}#${entry.exportedName}`, { id, page: worker });
  }
  return out;
}

const unknownModel = `matrix-none-${randomBytes(4).toString("hex")}`;
const PARAMS: Record<string, string> = {
  model: unknownModel,
  modelId: unknownModel,
  version: "2026-01-01.1",
  tenant: "matrix-tenant",
  id: "00000000-0000-4000-8000-000000000000",
  request_id: `matrix-none-${randomBytes(4).toString("hex")}`,
  "...nextauth": "session",
};
const QUERIES: Record<string, string> = {
  "/api/v1/models/{model}/resolve": "?tenant=matrix-tenant",
  "/api/v1/models/{model}/diff": "?from=2026-01-01.1&to=2026-01-01.2",
};

// Reads go to a demo model that exists, so an allowed read is really served (a stream really
// opens); writes name a model that does not exist, so an allowed write changes nothing.
const DEMO_MODEL = "fraud-score";

function fill(template: string, params: Record<string, string> = PARAMS): string {
  return template.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(params[name] ?? "x"));
}

/** `app/(dashboard)/models/[modelId]/release/page` → `/models/<unknown model>/release`. */
function pagePath(worker: string): string {
  const segments = worker
    .replace(/^app\//, "")
    .replace(/\/?page$/, "")
    .split("/")
    .filter((s) => s && !(s.startsWith("(") && s.endsWith(")")))
    .map((s) => s.replace(/^\[\[?(.+?)\]?\]$/, "{$1}"));
  return fill(`/${segments.join("/")}`);
}

type Caller = { principal: Principal; headers: Record<string, string> };

/** Signs in through next-auth's credentials endpoint, as the sign-in form does, and returns the session cookie. */
async function signIn(role: E2ERole): Promise<string> {
  const account = accountFor(role);
  const csrf = await fetch(`${E2E.baseURL}/api/auth/csrf`);
  const jar = cookiesOf(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${E2E.baseURL}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { origin: E2E.baseURL, "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; ") },
    body: new URLSearchParams({
      csrfToken,
      email: account.email,
      password: account.password,
      callbackUrl: `${E2E.baseURL}/models`,
      json: "true",
    }),
  });
  const session = cookiesOf(res).find((c) => /session-token=/.test(c));
  if (!session) throw new Error(`signing in as ${role} set no session cookie (${res.status})`);
  return session;
}

function cookiesOf(res: Response): string[] {
  return res.headers.getSetCookie().map((c) => c.split(";")[0]!);
}

type Verdict = { verdict: "allowed" | "refused" | "error"; detail: string };

async function callHttp(row: MatrixRow, caller: Caller): Promise<Verdict> {
  const [method, template] = row.id.split(" ") as [string, string];
  const read = method === "GET" || method === "HEAD";
  const url = `${E2E.baseURL}${fill(template, read ? { ...PARAMS, model: DEMO_MODEL } : PARAMS)}${QUERIES[template] ?? ""}`;
  const hasBody = method !== "GET" && method !== "DELETE" && method !== "HEAD";
  const ctrl = new AbortController();
  const res = await fetch(url, {
    method,
    redirect: "manual",
    signal: ctrl.signal,
    headers: { origin: E2E.baseURL, ...(hasBody ? { "content-type": "application/json" } : {}), ...caller.headers },
    body: hasBody ? "{}" : undefined,
  });
  // a stream that opened is an allowed call; don't wait for it to end
  const streaming = (res.headers.get("content-type") ?? "").startsWith("text/event-stream");
  const text = streaming ? "(stream)" : await res.text();
  ctrl.abort();
  const detail = `${res.status} ${text.slice(0, 160)}`;
  if (res.status === 401 || res.status === 403) return { verdict: "refused", detail };
  if (res.status >= 500) return { verdict: "error", detail };
  if (process.env.ROLLGATE_E2E_MATRIX_LOG) console.log(`${caller.principal.label} | ${row.id} | ${detail.slice(0, 100)}`);
  return { verdict: "allowed", detail };
}

async function callAction(row: MatrixRow, caller: Caller, built: { id: string; page: string }): Promise<Verdict> {
  const res = await fetch(`${E2E.baseURL}${pagePath(built.page)}`, {
    method: "POST",
    redirect: "manual",
    headers: {
      origin: E2E.baseURL,
      accept: "text/x-component",
      "next-action": built.id,
      "content-type": "text/plain;charset=UTF-8",
      ...caller.headers,
    },
    // a bare string where every action takes an object: the role check runs before the input
    // is parsed, so an allowed call ends in schema_error and nothing runs, even for an action
    // whose input may be empty (signing out everywhere would end other specs' sessions)
    body: JSON.stringify(["matrix-probe"]),
  });
  const text = await res.text();
  const code = /"ok":false,"error":\{"code":"([a-z_]+)"/.exec(text)?.[1];
  const detail = `${res.status} ${code ?? ""} ${text.slice(0, 200)}`;
  if (res.status !== 200 || code === "internal") return { verdict: "error", detail };
  if (code === "unauthorized" || code === "forbidden") return { verdict: "refused", detail };
  if (process.env.ROLLGATE_E2E_MATRIX_LOG) console.log(`${caller.principal.label} | ${row.id} | ${detail.slice(0, 100)}`);
  return { verdict: "allowed", detail };
}

test.describe.configure({ mode: "parallel" });

test("every action in the build has a row, and every row's action is in the build", () => {
  const built = builtActions();
  const { missing } = completeness(discoverActions());
  expect(missing.map((e) => e.id)).toEqual([]);
  const rows = new Set(
    matrixRows()
      .filter((r) => r.kind === "action")
      .map((r) => r.id),
  );
  expect(
    [...built.keys()].filter((id) => !rows.has(id)),
    "actions in the build without a row",
  ).toEqual([]);
  expect(
    [...rows].filter((id) => !built.has(id)),
    "rows whose action no page uses (rebuild?)",
  ).toEqual([]);
});

for (const principal of PRINCIPALS) {
  test(`permission matrix: ${principal.label}`, async ({ request }) => {
    test.slow();
    const headers: Record<string, string> = {};
    if (principal.kind === "role") headers.cookie = await signIn(principal.role);
    if (principal.kind === "token") {
      const token = await new RollgateApi(request).createToken(
        [principal.scope],
        `matrix-${principal.scope.replace(":", "-")}-${randomBytes(3).toString("hex")}`,
      );
      headers.authorization = `Bearer ${token}`;
    }
    const caller: Caller = { principal, headers };
    const built = builtActions();
    const wrong: string[] = [];
    for (const row of matrixRows()) {
      const expected = allowed(row.access, principal) ? "allowed" : "refused";
      let got: Verdict;
      if (row.kind === "action") {
        const b = built.get(row.id);
        if (!b) continue; // the test above fails for it
        got = await callAction(row, caller, b);
      } else {
        got = await callHttp(row, caller);
      }
      if (got.verdict !== expected) wrong.push(`${row.id}: expected ${expected}, got ${got.verdict} (${got.detail})`);
    }
    expect(wrong, `cells that differ from docs/permissions.md for ${principal.label}`).toEqual([]);
  });
}
