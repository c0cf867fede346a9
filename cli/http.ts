/** The one request the CLI makes: POST a manifest to the versions endpoint. */

export type Answer = { status: number; body: unknown; requestId: string | null };

// A registration is one small request; past this the server or the network is in trouble.
const TIMEOUT_MS = 30_000;

export class NetworkError extends Error {}

export async function postManifest(fetchImpl: typeof fetch, url: URL, token: string, text: string, contentType: string): Promise<Answer> {
  let res: Response;
  try {
    res = await fetchImpl(url, {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": `${contentType}; charset=utf-8`,
        accept: "application/json",
        "user-agent": "rollgate-cli",
      },
      body: text,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    const reason =
      (e as Error).name === "TimeoutError"
        ? `no answer within ${TIMEOUT_MS / 1000} s`
        : (cause?.code ?? cause?.message ?? (e as Error).message);
    throw new NetworkError(`Could not reach ${url.origin}: ${reason}.`);
  }
  const raw = await res.text();
  let body: unknown = null;
  try {
    body = raw === "" ? null : JSON.parse(raw);
  } catch {
    body = null;
  }
  return { status: res.status, body, requestId: res.headers.get("x-request-id") };
}
