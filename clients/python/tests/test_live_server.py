"""Against a running Rollgate (skipped unless ROLLGATE_URL and ROLLGATE_TOKEN are set; the token
needs routes:read, telemetry:write and release:write; ROLLGATE_TEST_MODEL names a model with a
stable version, default fraud-score): follow the real stream, see a pin arrive and leave, send
telemetry and find it by request id, and keep serving when Rollgate becomes unreachable."""

import json
import os
import pathlib
import socket
import sys
import threading
import unittest
import urllib.parse
import uuid

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from rollgate import RoutingClient, TelemetrySender  # noqa: E402
from rollgate._http import endpoint, request  # noqa: E402

URL = os.environ.get("ROLLGATE_URL", "")
TOKEN = os.environ.get("ROLLGATE_TOKEN", "")
MODEL = os.environ.get("ROLLGATE_TEST_MODEL", "fraud-score")


class Proxy:
    """A TCP proxy in front of Rollgate that the test can cut."""

    def __init__(self, target: str) -> None:
        u = urllib.parse.urlparse(target)
        self.target = (u.hostname, u.port or 80)
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.conns = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.sock.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.conns += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(a: socket.socket, b: socket.socket) -> None:
        try:
            while True:
                data = a.recv(65536)
                if not data:
                    break
                b.sendall(data)
        except OSError:
            pass
        finally:
            for s in (a, b):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def cut(self) -> None:
        self.sock.close()
        for c in self.conns:
            try:
                c.shutdown(socket.SHUT_RDWR)
                c.close()
            except OSError:
                pass


def api(method: str, path: str, body=None):
    status, _, raw = request(endpoint(URL, path), TOKEN, method, body)
    return status, (json.loads(raw) if raw else None)


@unittest.skipUnless(URL and TOKEN, "set ROLLGATE_URL and ROLLGATE_TOKEN to run against a server")
class LiveServer(unittest.TestCase):
    def test_follows_the_stream_and_sees_a_pin_arrive_and_leave(self) -> None:
        tenant = f"py-live-{uuid.uuid4().hex[:8]}"
        with RoutingClient(URL, TOKEN, [MODEL]) as client:
            self.assertTrue(client.wait_ready(10), client.status(MODEL))
            self.assertTrue(client.wait_for(lambda c: c.status(MODEL)["mode"] == "stream", 10), client.status(MODEL))
            stable = client.table(MODEL)["stable"]["version"]
            self.assertNotEqual(client.resolve(MODEL, tenant=tenant).reason, "pin")

            status, _ = api("PUT", f"/api/v1/models/{MODEL}/pins/{tenant}", {"version": stable, "reason": "python client live test"})
            self.assertEqual(status, 200)
            self.assertTrue(client.wait_for(lambda c: c.resolve(MODEL, tenant=tenant).reason == "pin", 5))
            self.assertEqual(client.resolve(MODEL, tenant=tenant).version, stable)

            status, _ = api("DELETE", f"/api/v1/models/{MODEL}/pins/{tenant}")
            self.assertEqual(status, 200)
            self.assertTrue(client.wait_for(lambda c: c.resolve(MODEL, tenant=tenant).reason != "pin", 5))

    def test_sends_telemetry_that_prediction_lookup_finds(self) -> None:
        with RoutingClient(URL, TOKEN, [MODEL]) as client:
            self.assertTrue(client.wait_ready(10))
            decision = client.resolve(MODEL, tenant="acme", key="py-user-1")
        request_id = f"py-{uuid.uuid4().hex}"
        with TelemetrySender(URL, TOKEN, flush_interval=0.05) as sender:
            import time

            sender.send(
                {
                    "request_id": request_id,
                    "model": MODEL,
                    "version": decision.version,
                    "tenant": "acme",
                    "ts": int(time.time() * 1000),
                    "latency_ms": 23.5,
                    "outcome": "ok",
                    "score": 0.91,
                }
            )
            self.assertTrue(sender.flush(10))
            self.assertEqual(sender.stats["accepted"], 1, sender.stats)
        status, found = api("GET", f"/api/v1/predictions/{request_id}")
        self.assertEqual(status, 200, found)
        self.assertEqual((found["model"], found["version"]), (MODEL, decision.version))

    def test_keeps_serving_its_last_table_when_rollgate_is_unreachable(self) -> None:
        proxy = Proxy(URL)
        with RoutingClient(proxy.url, TOKEN, [MODEL], min_backoff=0.05, max_backoff=0.2, poll_interval=0.2) as client:
            self.assertTrue(client.wait_ready(10))
            before = client.resolve(MODEL, tenant="acme", key="py-user-2")
            proxy.cut()
            self.assertTrue(client.wait_for(lambda c: c.status(MODEL)["mode"] != "stream", 10), client.status(MODEL))
            after = client.resolve(MODEL, tenant="acme", key="py-user-2")
            self.assertEqual(after.version, before.version)
            self.assertIsNotNone(client.status(MODEL)["last_error"])

    def test_the_example_service_routes_and_reports_its_requests(self) -> None:
        import importlib.util
        import urllib.request
        from http.server import ThreadingHTTPServer

        os.environ["MODEL"] = MODEL
        path = pathlib.Path(__file__).resolve().parents[3] / "examples" / "python-service" / "service.py"
        spec = importlib.util.spec_from_file_location("example_service", path)
        service = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(service)
        try:
            self.assertTrue(service.routing.wait_ready(10))
            server = ThreadingHTTPServer(("127.0.0.1", 0), service.Predict)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            request_id = f"py-example-{uuid.uuid4().hex}"
            req = urllib.request.Request(
                f"http://127.0.0.1:{server.server_address[1]}/predict",
                data=json.dumps({"tenant": "acme", "user": "u-7", "amount": 420}).encode(),
                headers={"X-Request-Id": request_id, "Content-Type": "application/json"},
            )
            with urllib.request.urlopen(req, timeout=10) as resp:
                answer = json.loads(resp.read())
            server.shutdown()
            self.assertEqual(answer["version"], service.routing.resolve(MODEL, tenant="acme", key="u-7").version)
            self.assertTrue(service.telemetry.flush(10))
            status, found = api("GET", f"/api/v1/predictions/{request_id}")
            self.assertEqual(status, 200, found)
            self.assertEqual(found["version"], answer["version"])
        finally:
            service.telemetry.close()
            service.routing.close()


if __name__ == "__main__":
    unittest.main()
