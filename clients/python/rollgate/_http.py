"""The few HTTP calls the clients make, on urllib (standard library only)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any, Mapping, Optional, Tuple

USER_AGENT = "rollgate-python/0.1.0"


def endpoint(base: str, path: str) -> str:
    return base.rstrip("/") + path


def request(
    url: str,
    token: str,
    method: str = "GET",
    body: Any = None,
    headers: Optional[Mapping[str, str]] = None,
    timeout: float = 5.0,
) -> Tuple[int, Mapping[str, str], bytes]:
    """(status, headers, body); HTTP error statuses are answers, not exceptions. Network errors raise OSError."""
    data = None if body is None else json.dumps(body).encode("utf-8")
    h = {"Authorization": f"Bearer {token}", "Accept": "application/json", "User-Agent": USER_AGENT}
    if data is not None:
        h["Content-Type"] = "application/json"
    h.update(headers or {})
    req = urllib.request.Request(url, data=data, method=method, headers=h)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, dict(resp.headers.items()), resp.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers.items()) if e.headers else {}, e.read() or b""
