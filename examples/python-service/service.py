"""A minimal inference service on Rollgate's Python client (standard library only).

    pip install ./clients/python      # or PYTHONPATH=clients/python
    ROLLGATE_URL=http://127.0.0.1:3000 ROLLGATE_TOKEN=rg_... MODEL=fraud-score python3 examples/python-service/service.py
    curl -s -XPOST localhost:8080/predict -d '{"tenant": "acme", "user": "u-1", "amount": 42}'

Every request is routed locally (no call to Rollgate on the request path), served by the
version the routing table names, and reported as telemetry in the background. With FastAPI the
same two calls go in the endpoint: `routing.resolve(...)` before the model, `telemetry.send(...)`
after it.
"""

import json
import os
import signal
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from rollgate import RoutingClient, TelemetrySender

URL = os.environ["ROLLGATE_URL"]
TOKEN = os.environ["ROLLGATE_TOKEN"]
MODEL = os.environ.get("MODEL", "fraud-score")

routing = RoutingClient(URL, TOKEN, [MODEL])
telemetry = TelemetrySender(URL, TOKEN)


def score(version: str, features: dict) -> float:
    # stands in for loading and calling the model artefact of `version`
    return min(1.0, float(features.get("amount", 0)) / 1000)


class Predict(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path != "/healthz":
            self.send_error(404)
            return
        answer = json.dumps({"model": MODEL, "routing": routing.status(MODEL), "telemetry": telemetry.stats}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))) or b"{}")
        tenant = str(body.get("tenant", "default"))
        request_id = self.headers.get("X-Request-Id") or str(uuid.uuid4())
        started = time.monotonic()
        decision = routing.resolve(MODEL, tenant=tenant, key=str(body.get("user", tenant)))
        value = score(decision.version, body)
        latency_ms = (time.monotonic() - started) * 1000
        telemetry.send(
            {
                "request_id": request_id,
                "model": MODEL,
                "version": decision.version,
                "tenant": tenant,
                "ts": int(time.time() * 1000),
                "latency_ms": latency_ms,
                "outcome": "ok",
                "score": value,
            }
        )
        answer = json.dumps({"request_id": request_id, "version": decision.version, "score": value}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)


def main(port: int = int(os.environ.get("PORT", "8080"))) -> None:
    # serve only once the routing table is here: until then there is no version to route to
    if not routing.wait_ready(10):
        raise SystemExit(f"no routing table for {MODEL}: {routing.status(MODEL)}")
    server = ThreadingHTTPServer(("127.0.0.1", port), Predict)
    # on SIGTERM (a pod stopping), stop taking requests, then deliver the telemetry still queued
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    print(f"listening on http://127.0.0.1:{server.server_address[1]} (model {MODEL})", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
        telemetry.close()
        routing.close()
        print(f"telemetry: {telemetry.stats['sent']} sent, {telemetry.stats['dropped']} dropped", flush=True)


if __name__ == "__main__":
    main()
