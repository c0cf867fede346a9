// A real OpenID Connect provider for the tests (the `oidc-provider` package), listening on
// 127.0.0.1 with signing keys of its own, one confidential client for Rollgate and a few users
// with different groups. Its login page is a plain HTML form that checks the password.
//
// Tests change what it says between sign-ins: a user's groups (leaving a group at the provider),
// and a "tamper" mode per user that makes the token response carry an ID token with a wrong
// issuer, a wrong audience, or a signature by a key the provider never published, the way a
// compromised or misconfigured provider (or a token from another one) would look to Rollgate.
import { createSign, generateKeyPairSync, randomBytes, type KeyObject } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { type Configuration, type KoaContextWithOIDC } from "oidc-provider";

export type Tamper = "wrong-issuer" | "bad-signature" | "wrong-audience";
export const TAMPERS: readonly Tamper[] = ["wrong-issuer", "bad-signature", "wrong-audience"];

export type IdpUser = {
  login: string;
  password: string;
  email: string;
  name: string;
  groups: string[];
  /** the `email_verified` claim; omitted when undefined */
  emailVerified?: boolean;
  /** the subject; a stable opaque id unless given */
  sub?: string;
  tamper?: Tamper | null;
};

export type TestIdpOptions = {
  port?: number;
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  users?: IdpUser[];
  /** serve /_control/users/<login> (PUT a user as JSON) for a test runner in another process */
  control?: boolean;
};

export type TestIdp = {
  issuer: string;
  port: number;
  /** adds or replaces a user (by login) */
  setUser(user: IdpUser): void;
  user(login: string): IdpUser & { sub: string };
  setGroups(login: string, groups: string[]): void;
  setTamper(login: string, tamper: Tamper | null): void;
  close(): Promise<void>;
};

/** The users every run starts with: an admin, an approver in two groups, someone with no mapped group. */
export const DEFAULT_IDP_USERS: IdpUser[] = [
  { login: "ada", password: "ada-password", email: "ada@idp.test", name: "Ada Admin", groups: ["ml-admins", "staff"] },
  { login: "lee", password: "lee-password", email: "lee@idp.test", name: "Lee Lead", groups: ["ml-leads", "risk-ml", "staff"] },
  { login: "sam", password: "sam-password", email: "sam@idp.test", name: "Sam Staff", groups: ["staff"] },
];

type StoredUser = IdpUser & { sub: string };

function rsaKey(): { privateKey: KeyObject; jwk: Record<string, unknown> } {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { privateKey, jwk: privateKey.export({ format: "jwk" }) as Record<string, unknown> };
}

const b64url = (v: Buffer | string) => Buffer.from(v).toString("base64url");

function decodePart(part: string | undefined): Record<string, unknown> {
  return JSON.parse(Buffer.from(part ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
}

function signJwt(header: Record<string, unknown>, payload: Record<string, unknown>, key: KeyObject): string {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  const signature = createSign("RSA-SHA256").update(input).sign(key);
  return `${input}.${b64url(signature)}`;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

function loginPage(uid: string, error: string | null, login = ""): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Test IdP – sign in</title>
<style>body{font:16px system-ui,sans-serif;max-width:22rem;margin:4rem auto;padding:0 1rem}label{display:block;margin:.75rem 0 .25rem}input{width:100%;padding:.4rem;box-sizing:border-box}button{margin-top:1rem;padding:.5rem 1rem}.error{color:#b00}</style>
</head><body>
<h1>Test IdP</h1>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ""}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<label for="login">Username</label><input id="login" name="login" autocomplete="username" required value="${escapeHtml(login)}">
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in to Test IdP</button>
</form>
</body></html>`;
}

async function readBody(req: http.IncomingMessage, limit = 64 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error("body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Starts the provider; resolves once it listens. Port 0 (the default) picks a free one. */
export async function startTestIdp(options: TestIdpOptions): Promise<TestIdp> {
  const users = new Map<string, StoredUser>();
  const setUser = (u: IdpUser) => {
    const previous = users.get(u.login);
    users.set(u.login, { ...u, sub: u.sub ?? previous?.sub ?? `sub-${randomBytes(8).toString("hex")}` });
  };
  for (const u of options.users ?? DEFAULT_IDP_USERS) setUser(u);
  const bySub = (sub: string) => [...users.values()].find((u) => u.sub === sub);

  const signing = rsaKey();
  const kid = `test-idp-${randomBytes(4).toString("hex")}`;
  // same key id, another key: only the signature check can tell the difference
  const impostor = rsaKey();

  const server = http.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const issuer = `http://127.0.0.1:${port}`;

  const configuration: Configuration = {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: options.redirectUris,
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    jwks: { keys: [{ ...signing.jwk, kid, use: "sig", alg: "RS256" }] },
    cookies: { keys: [randomBytes(32).toString("hex")] },
    claims: {
      openid: ["sub"],
      email: ["email", "email_verified"],
      profile: ["name"],
      groups: ["groups"],
    },
    // the claims of the granted scopes go into the ID token, as Keycloak and Okta (with a
    // groups claim on the ID token) do; Rollgate reads the ID token only
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    pkce: { required: () => true },
    // a first-party client: no consent screen
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId });
      grant.addOIDCScope("openid email profile groups");
      await grant.save();
      return grant;
    },
    async findAccount(_ctx, sub) {
      const user = bySub(sub);
      if (!user) return undefined;
      return {
        accountId: sub,
        async claims() {
          const current = bySub(sub) ?? user;
          return {
            sub,
            email: current.email,
            ...(current.emailVerified === undefined ? {} : { email_verified: current.emailVerified }),
            name: current.name,
            groups: [...current.groups],
          };
        },
      };
    },
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
    renderError(ctx, out) {
      ctx.type = "html";
      ctx.body = `<!doctype html><title>Test IdP error</title><h1>Test IdP error</h1><pre>${escapeHtml(JSON.stringify(out, null, 2))}</pre>`;
    },
  };
  const provider = new Provider(issuer, configuration);

  // The token response, rewritten for a user in a tamper mode.
  provider.use(async (ctx: KoaContextWithOIDC, next: () => Promise<unknown>) => {
    await next();
    if (ctx.oidc?.route !== "token" || ctx.status !== 200) return;
    const body = ctx.body as { id_token?: string } | undefined;
    if (!body?.id_token) return;
    const [head, payloadPart] = body.id_token.split(".");
    const header = decodePart(head);
    const payload = decodePart(payloadPart);
    const tamper = bySub(String(payload.sub))?.tamper;
    if (!tamper) return;
    if (tamper === "wrong-issuer")
      body.id_token = signJwt(header, { ...payload, iss: "http://127.0.0.1:1/another-issuer" }, signing.privateKey);
    if (tamper === "wrong-audience") body.id_token = signJwt(header, { ...payload, aud: "another-client" }, signing.privateKey);
    if (tamper === "bad-signature") body.id_token = signJwt(header, payload, impostor.privateKey);
  });

  const callback = provider.callback();
  server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    void route(req, res).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(String(e instanceof Error ? e.message : e));
    });
  });

  async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", issuer);
    const interaction = /^\/interaction\/([\w-]+)(\/login)?$/.exec(url.pathname);
    if (interaction) return handleInteraction(req, res, interaction[1] ?? "", !!interaction[2]);
    const control = /^\/_control\/users\/([\w.@-]+)$/.exec(url.pathname);
    if (options.control && control && req.method === "PUT") {
      const user = JSON.parse(await readBody(req)) as IdpUser;
      setUser({ ...user, login: control[1] ?? user.login });
      res.writeHead(204).end();
      return;
    }
    callback(req, res);
  }

  async function handleInteraction(req: http.IncomingMessage, res: http.ServerResponse, uid: string, submit: boolean): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    const html = (status: number, body: string) => {
      res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      res.end(body);
    };
    if (details.uid !== uid) return html(400, loginPage(details.uid, "This sign-in page has expired; start again."));
    if (details.prompt.name !== "login") {
      // the grant is created by loadExistingGrant; nothing else is asked of the user
      await provider.interactionFinished(req, res, {}, { mergeWithLastSubmission: true });
      return;
    }
    if (!submit || req.method !== "POST") return html(200, loginPage(uid, null));
    const form = new URLSearchParams(await readBody(req));
    const login = form.get("login") ?? "";
    const user = users.get(login);
    if (!user || user.password !== form.get("password")) return html(200, loginPage(uid, "Wrong username or password.", login));
    await provider.interactionFinished(req, res, { login: { accountId: user.sub } }, { mergeWithLastSubmission: false });
  }

  const user = (login: string): StoredUser => {
    const u = users.get(login);
    if (!u) throw new Error(`the test IdP has no user ${login}`);
    return u;
  };
  return {
    issuer,
    port,
    setUser,
    user,
    setGroups: (login, groups) => void users.set(login, { ...user(login), groups: [...groups] }),
    setTamper: (login, tamper) => void users.set(login, { ...user(login), tamper }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
