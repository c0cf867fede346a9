// Signs in at the test identity provider without a browser, as Rollgate's next-auth provider
// does it: openid-client 5 (next-auth 4's OpenID Connect client) with PKCE, state and nonce, the
// provider's login form posted with its cookies, and the ID token verified on the way back
// (signature, issuer, audience, nonce). What comes back is the claims Rollgate signs in with.
import { Issuer, generators, type IdTokenClaims } from "openid-client";

export type RelyingParty = { clientId: string; clientSecret: string; redirectUri: string };

class CookieJar {
  private readonly cookies = new Map<string, string>();
  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair?.indexOf("=") ?? -1;
      if (!pair || eq < 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

/** Follows redirects by hand (cookies kept) until one leaves the provider; returns that URL. */
async function follow(jar: CookieJar, start: string, issuer: string, init?: RequestInit): Promise<{ url: string; res: Response }> {
  let url = start;
  let res = await fetch(url, { ...init, redirect: "manual", headers: { ...(init?.headers ?? {}), cookie: jar.header() } });
  for (let hops = 0; hops < 10; hops++) {
    jar.take(res);
    const location = res.headers.get("location");
    if (res.status < 300 || res.status >= 400 || !location) return { url, res };
    url = new URL(location, url).toString();
    if (!url.startsWith(issuer)) return { url, res };
    res = await fetch(url, { redirect: "manual", headers: { cookie: jar.header() } });
  }
  throw new Error(`too many redirects from ${start}`);
}

/**
 * Signs `login` in at the provider and returns the claims of the verified ID token. Throws
 * openid-client's error when the token does not verify (the tamper modes).
 */
export async function signInAtIdp(issuerUrl: string, rp: RelyingParty, login: string, password: string): Promise<IdTokenClaims> {
  const issuer = await Issuer.discover(`${issuerUrl}/.well-known/openid-configuration`);
  const client = new issuer.Client({
    client_id: rp.clientId,
    client_secret: rp.clientSecret,
    redirect_uris: [rp.redirectUri],
    response_types: ["code"],
  });
  const state = generators.state();
  const nonce = generators.nonce();
  const codeVerifier = generators.codeVerifier();
  const authorizationUrl = client.authorizationUrl({
    scope: "openid email profile groups",
    state,
    nonce,
    code_challenge: generators.codeChallenge(codeVerifier),
    code_challenge_method: "S256",
  });
  const jar = new CookieJar();
  const toLogin = await follow(jar, authorizationUrl, issuerUrl);
  const page = await toLogin.res.text();
  const action = /<form method="post" action="([^"]+)"/.exec(page)?.[1];
  if (!action) throw new Error(`the provider showed no login form at ${toLogin.url}:\n${page.slice(0, 500)}`);
  const back = await follow(jar, new URL(action, toLogin.url).toString(), issuerUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ login, password }).toString(),
  });
  if (!back.url.startsWith(rp.redirectUri))
    throw new Error(`the provider did not send ${login} back to ${rp.redirectUri} (at ${back.url})`);
  const params = client.callbackParams(back.url);
  const tokens = await client.callback(rp.redirectUri, params, { state, nonce, code_verifier: codeVerifier });
  return tokens.claims();
}
