"""Following routing tables: the stream, with ETag polling while it cannot be had, and
fail-static — whatever happens to Rollgate or the network, the last table keeps serving.

    with RoutingClient("http://rollgate:3000", token, ["fraud-score"]) as routing:
        routing.wait_ready(5)
        decision = routing.resolve("fraud-score", tenant="acme", key=user_id)
        serve_with(decision.version)

`resolve` never touches the network: it evaluates the held table locally (resolve.py).
"""

from __future__ import annotations

import json
import logging
import random
import socket
import threading
import time
import urllib.parse
import urllib.request
from typing import Any, Callable, Dict, List, Optional

from ._http import USER_AGENT, endpoint, request
from .resolve import Decision, RoutingError, resolve

Table = Dict[str, Any]
OnChange = Callable[[str, Table, Optional[Table]], None]

log = logging.getLogger("rollgate.routing")


class _Model:
    def __init__(self, name: str) -> None:
        self.name = name
        self.table: Optional[Table] = None
        self.mode = "connecting"  # connecting, stream, reconnecting, polling, closed
        self.confirmed_at: Optional[float] = None
        self.last_change_at: Optional[float] = None
        self.last_error: Optional[str] = None
        self.response: Any = None
        self.thread: Optional[threading.Thread] = None


def _interrupt(resp: Any) -> None:
    """Ends a stream another thread is blocked reading. Closing the response would wait for that
    read (up to the next heartbeat); shutting the socket down wakes it at once."""
    sock = getattr(getattr(getattr(resp, "fp", None), "raw", None), "_sock", None)
    try:
        if sock is not None:
            sock.shutdown(socket.SHUT_RDWR)
        else:
            resp.close()
    except OSError:
        pass


class RoutingClient:
    def __init__(
        self,
        url: str,
        token: str,
        models: List[str],
        on_change: Optional[OnChange] = None,
        poll_interval: float = 5.0,
        request_timeout: float = 5.0,
        min_backoff: float = 0.25,
        max_backoff: float = 15.0,
        watchdog: float = 35.0,
    ) -> None:
        if not models:
            raise ValueError("models: name at least one model to follow")
        self._url = url
        self._token = token
        self._on_change = on_change
        self._poll_interval = poll_interval
        self._timeout = request_timeout
        self._min_backoff = min_backoff
        self._max_backoff = max_backoff
        self._watchdog = watchdog
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._closed = threading.Event()
        self._models: Dict[str, _Model] = {m: _Model(m) for m in models}
        for m in self._models.values():
            m.thread = threading.Thread(target=self._follow, args=(m,), name=f"rollgate-routing-{m.name}", daemon=True)
            m.thread.start()

    # -- reading -------------------------------------------------------------------------

    def _model(self, name: str) -> _Model:
        m = self._models.get(name)
        if m is None:
            raise RoutingError("no_table", f'Model "{name}" is not followed by this client; add it to models.')
        return m

    def table(self, model: str) -> Optional[Table]:
        with self._lock:
            return self._model(model).table

    def resolve(self, model: str, tenant: Optional[str] = None, key: Optional[str] = None) -> Decision:
        with self._lock:
            table = self._model(model).table
        if table is None:
            raise RoutingError("no_table", f'No routing table for "{model}" yet: wait_ready() first, or serve your default.')
        d = resolve(table, tenant=tenant, key=key)
        return Decision(d.version, d.reason, d.shadow_version, table.get("epoch"))

    def staleness(self, model: str) -> Optional[float]:
        """Seconds since the table was last confirmed current: 0 while the stream is open."""
        with self._lock:
            m = self._model(model)
            if m.confirmed_at is None:
                return None
            return 0.0 if m.mode == "stream" else time.monotonic() - m.confirmed_at

    def status(self, model: str) -> Dict[str, Any]:
        staleness = self.staleness(model)
        with self._lock:
            m = self._model(model)
            return {
                "mode": m.mode,
                "epoch": m.table.get("epoch") if m.table else None,
                "staleness": staleness,
                "last_error": m.last_error,
            }

    def wait_ready(self, timeout: float = 10.0) -> bool:
        """Waits until every followed model has a table; False when the time ran out."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while any(m.table is None for m in self._models.values()):
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._changed.wait(left)
        return True

    def wait_for(self, predicate: Callable[["RoutingClient"], bool], timeout: float = 10.0) -> bool:
        """Waits until `predicate(client)` holds after a change (for tests and start-up checks)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                self._lock.release()
                try:
                    ok = predicate(self)
                finally:
                    self._lock.acquire()
                if ok:
                    return True
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._changed.wait(min(left, 0.5))

    def close(self) -> None:
        self._closed.set()
        with self._lock:
            for m in self._models.values():
                m.mode = "closed"
                if m.response is not None:
                    _interrupt(m.response)
            self._changed.notify_all()
        for m in self._models.values():
            if m.thread is not None and m.thread is not threading.current_thread():
                m.thread.join(timeout=2)

    def __enter__(self) -> "RoutingClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- following -----------------------------------------------------------------------

    def _apply(self, m: _Model, table: Table, via_stream: bool) -> None:
        callback = None
        with self._changed:
            previous = m.table
            m.confirmed_at = time.monotonic()
            if previous is None or previous.get("epoch") != table.get("epoch") or previous != table:
                m.table = table
                m.last_change_at = time.time()
                callback = self._on_change
            if via_stream and m.mode != "closed":
                m.mode = "stream"
            self._changed.notify_all()
        if callback is not None:
            try:
                callback(m.name, table, previous)
            except Exception:  # noqa: BLE001 - a failing callback must not stop following
                log.exception("rollgate: on_change for %s raised", m.name)

    def _set_mode(self, m: _Model, mode: str, error: Optional[str] = None) -> None:
        with self._changed:
            if m.mode != "closed":
                m.mode = mode
            if error is not None:
                m.last_error = error
            self._changed.notify_all()

    def _path(self, m: _Model, suffix: str = "") -> str:
        return endpoint(self._url, f"/api/v1/models/{urllib.parse.quote(m.name, safe='')}/routes{suffix}")

    def _poll(self, m: _Model) -> None:
        headers = {}
        with self._lock:
            if m.table is not None and m.table.get("epoch") is not None:
                headers["If-None-Match"] = f'"{m.table["epoch"]}"'
        status, _, body = request(self._path(m), self._token, headers=headers, timeout=self._timeout)
        if status == 304:
            with self._lock:
                m.confirmed_at = time.monotonic()
            return
        if status != 200:
            raise OSError(f"GET routes answered HTTP {status}")
        self._apply(m, json.loads(body), via_stream=False)

    def _stream(self, m: _Model) -> None:
        req = urllib.request.Request(
            self._path(m, "/stream"),
            headers={"Authorization": f"Bearer {self._token}", "Accept": "text/event-stream", "User-Agent": USER_AGENT},
        )
        # the socket timeout is the watchdog: heartbeats come every 15 s, silence past it reconnects
        resp = urllib.request.urlopen(req, timeout=self._watchdog)
        with self._lock:
            m.response = resp
        try:
            event, data = "message", []
            while not self._closed.is_set():
                raw = resp.readline()
                if not raw:
                    raise OSError("the stream ended")
                line = raw.decode("utf-8").rstrip("\r\n")
                if line == "":
                    if data:
                        self._event(m, event, "\n".join(data))
                    event, data = "message", []
                elif line.startswith(":"):
                    with self._lock:
                        if m.mode == "stream":
                            m.confirmed_at = time.monotonic()
                else:
                    name, _, value = line.partition(":")
                    value = value[1:] if value.startswith(" ") else value
                    if name == "event":
                        event = value
                    elif name == "data":
                        data.append(value)
        finally:
            with self._lock:
                m.response = None
            resp.close()

    def _event(self, m: _Model, event: str, data: str) -> None:
        if event == "routes":
            self._apply(m, json.loads(data), via_stream=True)
        elif event == "unauthorized":
            raise PermissionError(f"the token was refused: {data}")

    def _follow(self, m: _Model) -> None:
        failures = 0
        while not self._closed.is_set():
            try:
                self._stream(m)
                failures = 0
            except Exception as e:  # noqa: BLE001 - every failure means: reconnect later, keep the table
                if self._closed.is_set():
                    return
                failures += 1
                self._set_mode(m, "reconnecting" if m.table is None else "polling", str(e))
                if failures == 1:
                    log.warning("rollgate: routing stream for %s lost (%s); polling until it is back", m.name, e)
            if self._closed.is_set():
                return
            # while the stream cannot be had, keep the table fresh by ETag polling
            try:
                self._poll(m)
                self._set_mode(m, "polling")
            except Exception as e:  # noqa: BLE001 - fail-static: the held table keeps serving
                self._set_mode(m, "polling", str(e))
            backoff = min(self._max_backoff, self._min_backoff * (2 ** min(failures, 10)))
            wait = backoff * (0.5 + random.random() / 2) if failures > 0 else self._min_backoff
            self._closed.wait(min(wait, self._poll_interval))
