/** The CLI's requests: a manifest POSTed to the versions endpoint, a policy read and applied. */

export type Answer = { status: number; body: unknown; requestId: string | null };

// A registration is one small request; past this the server or the network is in trouble.
const TIMEOUT_MS = 30_000;

export class NetworkError extends Error {}

export async function postManifest(fetchImpl: typeof fetch, url: URL, token: string, text: string, contentType: string): Promise<Answer> {
  const answer = await send(fetchImpl, url, { method: "POST", token, text, contentType });
  return { status: answer.status, body: answer.body, requestId: answer.requestId };
}

export type Request = {
  method: "GET" | "POST" | "PUT";
  token: string;
  text?: string;
  contentType?: string;
  accept?: string;
  ifMatch?: string;
};
export type FullAnswer = Answer & { text: string; etag: string | null };

/** One request with the CLI's headers and timeout; the body is parsed when it is JSON. */
export async function send(fetchImpl: typeof fetch, url: URL, req: Request): Promise<FullAnswer> {
  let res: Response;
  const headers: Record<string, string> = {
    authorization: `Bearer ${req.token}`,
    accept: req.accept ?? "application/json",
    "user-agent": "rollgate-cli",
  };
  if (req.contentType) headers["content-type"] = `${req.contentType}; charset=utf-8`;
  if (req.ifMatch) headers["if-match"] = req.ifMatch;
  try {
    res = await fetchImpl(url, { method: req.method, headers, body: req.text, signal: AbortSignal.timeout(TIMEOUT_MS) });
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
  return { status: res.status, body, text: raw, etag: res.headers.get("etag"), requestId: res.headers.get("x-request-id") };
}
