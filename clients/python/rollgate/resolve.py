"""Which version serves a request, from a routing table: the same rules as the data plane's
/resolve and the JavaScript client (a tenant pin wins; then the sticky split by bucket)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Optional

from .bucket import bucket_of, candidate_threshold


class RoutingError(Exception):
    """code: "no_stable", "no_routing_key" or "no_table"."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Decision:
    version: str
    reason: str  # "pin", "stable", "candidate" or "shadow"
    shadow_version: Optional[str] = None
    epoch: Optional[int] = None

    def as_dict(self) -> dict:
        out: dict = {"version": self.version, "reason": self.reason}
        if self.shadow_version is not None:
            out["shadowVersion"] = self.shadow_version
        return out


def _given(v: Any) -> bool:
    return isinstance(v, str) and len(v) > 0


def resolve(table: Mapping[str, Any], tenant: Optional[str] = None, key: Optional[str] = None) -> Decision:
    pins = table.get("pins") or {}
    if _given(tenant) and tenant in pins and _given(pins[tenant]):
        return Decision(pins[tenant], "pin")
    stable = (table.get("stable") or {}).get("version")
    if not _given(stable):
        raise RoutingError("no_stable", f'Model "{table.get("model")}" has no stable version to route to.')
    routing_key = key if _given(key) else tenant if _given(tenant) else None
    if routing_key is None:
        raise RoutingError("no_routing_key", "Give a routing key (key) or a tenant to route by.")
    candidate = table.get("candidate")
    if not candidate or not _given(candidate.get("version")):
        return Decision(stable, "stable")
    if bucket_of(table["model"], routing_key) >= candidate_threshold(candidate.get("percent")):
        return Decision(stable, "stable")
    if table.get("mode") == "shadow":
        return Decision(stable, "shadow", shadow_version=candidate["version"])
    return Decision(candidate["version"], "candidate")
