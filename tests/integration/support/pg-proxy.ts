// A TCP proxy in front of PostgreSQL that a test can cut (refuses connections, kills open ones)
// and restore on the same port: a database outage without stopping the shared server.
import { connect, createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from "node:net";

/** A TCP proxy to PostgreSQL that can be cut (refuses connections, kills open ones) and restored on the same port. */
export function pgProxy(host: string, port: number) {
  let server: TcpServer | null = null;
  let listenPort = 0;
  const sockets = new Set<Socket>();
  return {
    get port() {
      return listenPort;
    },
    async start() {
      if (server) return;
      const s = createTcpServer((client) => {
        const upstream = connect(port, host);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on("close", () => sockets.delete(s));
          s.on("error", () => {
            client.destroy();
            upstream.destroy();
          });
        }
        client.pipe(upstream).pipe(client);
      });
      await new Promise<void>((resolve, reject) => {
        s.once("error", reject);
        s.listen(listenPort, "127.0.0.1", resolve);
      });
      server = s;
      listenPort = (s.address() as AddressInfo).port;
    },
    async stop() {
      const s = server;
      server = null;
      for (const sock of sockets) sock.destroy();
      sockets.clear();
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
  };
}
