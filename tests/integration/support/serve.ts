// A route handler served over real HTTP on 127.0.0.1, for clients that need a socket (the CLI,
// OpenTelemetry exporters, Prometheus): node:http in, a Fetch Request to the handler, its
// Response back out, as Next.js would.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";

type Handler<P> = (req: Request, ctx: { params: Promise<P> }) => Promise<Response>;

export type Served = { origin: string; close(): Promise<void> };

export async function serveRoutes<P>(route: (req: IncomingMessage) => { handler: Handler<P>; params: P }): Promise<Served> {
  const server: Server = createServer(async (req, res) => {
    const { handler, params } = route(req);
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    const request = new Request(`http://127.0.0.1${req.url}`, {
      method: req.method,
      headers: req.headers as Record<string, string>,
      body: hasBody ? (Readable.toWeb(req) as ReadableStream) : undefined,
      duplex: "half",
    } as RequestInit);
    const response = await handler(request, { params: Promise.resolve(params) });
    const body = Buffer.from(await response.arrayBuffer());
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
