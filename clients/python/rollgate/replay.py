"""Replay fields for a telemetry event: the request's input and the served output.

Rollgate keeps them (after the model's scrub rules) when the model's policy captures the
request for replay. Checked here so a service learns of a payload too large to keep when it
builds the event, rather than through a refused event later.
"""

import json
from typing import Any, Dict, Mapping, Optional

#: The server's limit for ``input`` and for ``output``, each, as UTF-8 JSON.
MAX_REPLAY_FIELD_BYTES = 16 * 1024


def _checked(name: str, value: Any) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise TypeError("replay_fields: %s must be a JSON object (a dict)" % name)
    size = len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    if size > MAX_REPLAY_FIELD_BYTES:
        raise ValueError(
            "replay_fields: %s is %d bytes as JSON; the limit is %d bytes" % (name, size, MAX_REPLAY_FIELD_BYTES)
        )
    return value


def replay_fields(input: Mapping[str, Any], output: Optional[Mapping[str, Any]] = None) -> Dict[str, Any]:
    """``{"input": ..., "output": ...}`` to merge into an event: ``sender.send({**event, **replay_fields(body, answer)})``."""
    fields: Dict[str, Any] = {"input": _checked("input", input)}
    if output is not None:
        fields["output"] = _checked("output", output)
    return fields
