// A TCP server that speaks just enough of PostgreSQL's protocol to be a sick database: it
// answers every connection attempt with a FATAL error (e.g. 57P03 "the database system is
// starting up", 57P01 "terminating connection due to administrator command"), or accepts the
// connection and never answers ("silent": a host that hangs). For outages a clean cut cannot show.
import { createServer, type AddressInfo, type Socket } from "node:net";

export type FakePostgresMode = { fatal: { code: string; message: string } } | "silent";

function errorResponse(code: string, message: string): Buffer {
  const fields = Buffer.concat(
    [
      ["S", "FATAL"],
      ["V", "FATAL"],
      ["C", code],
      ["M", message],
    ].map(([k, v]) => Buffer.concat([Buffer.from(k!), Buffer.from(`${v}\0`)])),
  );
  const body = Buffer.concat([fields, Buffer.from([0])]);
  const header = Buffer.alloc(5);
  header.write("E", 0);
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

export async function fakePostgres(mode: FakePostgresMode) {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    if (mode === "silent") return;
    // the first bytes are the startup message; PostgreSQL refuses it the same way
    socket.once("data", () => socket.end(errorResponse(mode.fatal.code, mode.fatal.message)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `postgresql://rollgate@127.0.0.1:${(server.address() as AddressInfo).port}/rollgate`,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
