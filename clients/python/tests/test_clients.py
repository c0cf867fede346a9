"""The client's own behaviour against small local HTTP servers: the telemetry sender batches,
retries a 503 and drops past its bounded queue; the routing client falls back to ETag polling
when the stream is refused, picks up a change, and keeps serving its last table when the
server is gone (fail-static)."""

import json
import pathlib
import sys
import threading
import unittest
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from rollgate import RoutingClient, TelemetrySender  # noqa: E402


class Fake:
    """A tiny server whose answers the test sets; it records what it received."""

    def __init__(self) -> None:
        self.batches = []
        self.telemetry_statuses = []
        self.table = {"model": "m", "epoch": 1, "stable": {"version": "v1"}, "candidate": None, "mode": "canary", "pins": {}}
        self.polls = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                status = fake.telemetry_statuses.pop(0) if fake.telemetry_statuses else 202
                if status == 202:
                    fake.batches.append(body["events"])
                    payload = {"accepted": len(body["events"]), "duplicates": 0, "rejected": []}
                else:
                    payload = {"error": {"code": "unavailable", "message": "try later"}}
                data = json.dumps(payload).encode()
                self.send_response(status)
                if status == 503:
                    self.send_header("Retry-After", "0")
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                if self.path.endswith("/stream"):
                    self.send_response(503)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                fake.polls.append(self.headers.get("If-None-Match"))
                etag = f'"{fake.table["epoch"]}"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                data = json.dumps(fake.table).encode()
                self.send_response(200)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def event(i: int) -> dict:
    return {"request_id": f"r-{i}", "model": "m", "version": "v1", "tenant": "t", "ts": 0, "latency_ms": 1, "outcome": "ok"}


class TelemetrySenderTest(unittest.TestCase):
    def test_batches_and_retries_a_503(self) -> None:
        fake = Fake()
        self.addCleanup(fake.stop)
        fake.telemetry_statuses = [503]
        with TelemetrySender(fake.url, "t", batch_size=10, flush_interval=0.05, min_backoff=0.01) as sender:
            for i in range(25):
                self.assertTrue(sender.send(event(i)))
            self.assertTrue(sender.flush(5))
            self.assertEqual(sender.stats["accepted"], 25)
            self.assertGreaterEqual(sender.stats["retries"], 1)
        self.assertEqual(sum(len(b) for b in fake.batches), 25)
        self.assertTrue(all(len(b) <= 10 for b in fake.batches))

    def test_drops_past_the_bounded_queue_and_gives_up_on_a_4xx(self) -> None:
        fake = Fake()
        self.addCleanup(fake.stop)
        fake.telemetry_statuses = [422]
        sender = TelemetrySender(fake.url, "t", batch_size=5, flush_interval=10, max_queue=5)
        kept = [sender.send(event(i)) for i in range(7)]
        self.assertEqual(kept.count(False), sender.stats["dropped"])
        self.assertTrue(sender.close(5))
        self.assertEqual(sender.stats["failed_batches"], 1)
        self.assertEqual(sender.stats["retries"], 0)


class RoutingClientTest(unittest.TestCase):
    def test_polls_when_the_stream_is_refused_and_serves_the_last_table_when_the_server_is_gone(self) -> None:
        fake = Fake()
        client = RoutingClient(fake.url, "t", ["m"], poll_interval=0.05, min_backoff=0.02, max_backoff=0.1)
        self.addCleanup(client.close)
        self.assertTrue(client.wait_ready(5))
        self.assertEqual(client.resolve("m", tenant="acme").version, "v1")
        self.assertEqual(client.status("m")["mode"], "polling")

        fake.table = dict(fake.table, epoch=2, pins={"acme": "v0"})
        self.assertTrue(client.wait_for(lambda c: c.resolve("m", tenant="acme").version == "v0", 5))
        self.assertIn('"1"', fake.polls)  # polling sent If-None-Match with the epoch it held

        fake.stop()
        self.assertTrue(client.wait_for(lambda c: c.status("m")["last_error"] is not None and c.staleness("m") > 0.2, 5))
        decision = client.resolve("m", tenant="acme")
        self.assertEqual((decision.version, decision.reason, decision.epoch), ("v0", "pin", 2))


if __name__ == "__main__":
    unittest.main()


class ReplayFieldsTest(unittest.TestCase):
    def test_passes_objects_within_the_limit_and_names_the_field_that_is_not(self) -> None:
        from rollgate import MAX_REPLAY_FIELD_BYTES, replay_fields

        self.assertEqual(replay_fields({"amount": 12}), {"input": {"amount": 12}})
        self.assertEqual(
            replay_fields({"amount": 12}, {"label": "ok"}), {"input": {"amount": 12}, "output": {"label": "ok"}}
        )
        with self.assertRaisesRegex(ValueError, r"output is \d+ bytes as JSON; the limit is 16384 bytes"):
            replay_fields({"a": 1}, {"text": "x" * MAX_REPLAY_FIELD_BYTES})
        with self.assertRaisesRegex(TypeError, "input must be a JSON object"):
            replay_fields(["not", "an", "object"])  # type: ignore[arg-type]
