// The limit: a node:http server that returns the data plane's bytes from memory with no
// routing, auth or snapshot — …/routes (with ETag and 304) and …/resolve. Started by run.ts.
//   BENCH_ROUTES_BODY, BENCH_RESOLVE_BODY: files with the bytes; BENCH_ROUTES_ETAG; PORT
import { readFileSync } from "node:fs";
import { createServer } from "node:http";

const routes = readFileSync(process.env.BENCH_ROUTES_BODY!);
const resolved = readFileSync(process.env.BENCH_RESOLVE_BODY!);
const etag = process.env.BENCH_ROUTES_ETAG!;

const server = createServer((req, res) => {
  const url = req.url ?? "";
  if (url.includes("/resolve")) {
    res.writeHead(200, {
      "content-type": "application/json; charset=utf-8",
      "content-length": resolved.length,
      "cache-control": "no-cache",
    });
    res.end(resolved);
    return;
  }
  if (req.headers["if-none-match"] === etag) {
    res.writeHead(304, { etag, "cache-control": "no-cache" });
    res.end();
    return;
  }
  res.writeHead(200, {
    "content-type": "application/json; charset=utf-8",
    "content-length": routes.length,
    etag,
    "cache-control": "no-cache",
  });
  res.end(routes);
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log(`READY ${JSON.stringify({ port: Number(process.env.PORT) })}`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
