"""A background telemetry sender: events are queued (bounded: when full, new events are dropped
and counted, never blocking a request), sent in batches to POST /api/v1/telemetry, and retried
with exponential backoff and jitter on 429, 5xx and network errors (honouring Retry-After).
A 4xx other than 429 is the batch's fault: it is counted as failed, not retried. Retries are
safe: the server drops request ids it has already recorded."""

from __future__ import annotations

import json
import logging
import random
import threading
import time
from collections import deque
from typing import Any, Deque, Dict, List, Mapping, Optional

from ._http import endpoint, request

log = logging.getLogger("rollgate.telemetry")


class TelemetrySender:
    def __init__(
        self,
        url: str,
        token: str,
        batch_size: int = 500,
        flush_interval: float = 1.0,
        max_queue: int = 10_000,
        max_retries: int = 6,
        min_backoff: float = 0.5,
        max_backoff: float = 30.0,
        timeout: float = 10.0,
    ) -> None:
        self._url = endpoint(url, "/api/v1/telemetry")
        self._token = token
        self._batch_size = max(1, min(batch_size, 5000))
        self._interval = flush_interval
        self._max_queue = max_queue
        self._max_retries = max_retries
        self._min_backoff = min_backoff
        self._max_backoff = max_backoff
        self._timeout = timeout
        self._queue: Deque[Mapping[str, Any]] = deque()
        self._cond = threading.Condition()
        self._in_flight = 0
        self._closed = False
        self.stats: Dict[str, int] = {
            "queued": 0,
            "sent": 0,
            "accepted": 0,
            "duplicates": 0,
            "rejected": 0,
            "dropped": 0,
            "failed_batches": 0,
            "retries": 0,
        }
        self._thread = threading.Thread(target=self._run, name="rollgate-telemetry", daemon=True)
        self._thread.start()

    def send(self, event: Mapping[str, Any]) -> bool:
        """Queues one event; False when the queue is full or the sender closed (the event is dropped)."""
        with self._cond:
            if self._closed or len(self._queue) >= self._max_queue:
                self.stats["dropped"] += 1
                return False
            self._queue.append(event)
            self.stats["queued"] += 1
            if len(self._queue) >= self._batch_size:
                self._cond.notify_all()
            return True

    def flush(self, timeout: float = 10.0) -> bool:
        """Waits until everything queued so far was sent (or given up); False on timeout."""
        deadline = time.monotonic() + timeout
        with self._cond:
            self._cond.notify_all()
            while self._queue or self._in_flight:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(min(left, 0.1))
        return True

    def close(self, timeout: float = 10.0) -> bool:
        ok = self.flush(timeout)
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        self._thread.join(timeout=2)
        return ok

    def __enter__(self) -> "TelemetrySender":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _take(self) -> Optional[List[Mapping[str, Any]]]:
        with self._cond:
            deadline = time.monotonic() + self._interval
            while not self._closed and len(self._queue) < self._batch_size:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._cond.wait(left)
            if not self._queue:
                return None if self._closed else []
            n = min(self._batch_size, len(self._queue))
            batch = [self._queue.popleft() for _ in range(n)]
            self._in_flight += len(batch)
            return batch

    def _done(self, n: int) -> None:
        with self._cond:
            self._in_flight -= n
            self._cond.notify_all()

    def _run(self) -> None:
        while True:
            batch = self._take()
            if batch is None:
                return
            if batch:
                try:
                    self._deliver(batch)
                finally:
                    self._done(len(batch))

    def _deliver(self, batch: List[Mapping[str, Any]]) -> None:
        attempt = 0
        while True:
            wait: Optional[float] = None
            try:
                status, headers, body = request(self._url, self._token, "POST", {"events": batch}, timeout=self._timeout)
            except OSError as e:
                status, headers, body, wait = 0, {}, str(e).encode(), None
            if status == 202:
                result = json.loads(body)
                with self._cond:
                    self.stats["sent"] += len(batch)
                    self.stats["accepted"] += int(result.get("accepted", 0))
                    self.stats["duplicates"] += int(result.get("duplicates", 0))
                    self.stats["rejected"] += len(result.get("rejected", []))
                return
            retryable = status == 0 or status == 429 or status >= 500
            if not retryable or attempt >= self._max_retries:
                with self._cond:
                    self.stats["failed_batches"] += 1
                log.warning("rollgate: a telemetry batch of %d events was not recorded (HTTP %s): %s", len(batch), status or "-", body[:300])
                return
            attempt += 1
            with self._cond:
                self.stats["retries"] += 1
            retry_after = {k.lower(): v for k, v in headers.items()}.get("retry-after")
            if retry_after and retry_after.isdigit():
                wait = float(retry_after)
            if wait is None:
                wait = min(self._max_backoff, self._min_backoff * 2 ** (attempt - 1)) * (0.5 + random.random() / 2)
            with self._cond:
                if self._closed:
                    wait = min(wait, 0.5)
            time.sleep(wait)
