"""Faults the local hub injects on demand, so receive loops can be tested against a bad day.

A fault is ``KIND:CALL[:TIMES]`` (``--fault`` on ``edocstd hub serve``) or the JSON
``{"kind": …, "call": …, "times": …}`` posted to ``/_admin/faults``:

* ``error`` — answer HTTP 500 without doing anything;
* ``timeout`` — handle the call, then wait ``delay`` seconds (default 5) before answering
  (a slow hub: the work is done even if the client gave up);
* ``drop`` — send half of the reply, then drop the connection;
* ``duplicate`` — on ``getReceivedEdocList``: list every item twice, and also the items already
  acknowledged ``done`` (a hub delivering again what it was told was stored).

``CALL`` is a method name (``downloadEdoc``…) or ``*``; ``TIMES`` how many calls it hits (1).
"""

from __future__ import annotations

import threading
from typing import Any, Literal

import attrs

from .._errors import BuildError

FaultKind = Literal["error", "timeout", "drop", "duplicate"]
KINDS: tuple[str, ...] = ("error", "timeout", "drop", "duplicate")


@attrs.define
class Fault:
    """A fault the local hub injects: ``kind`` on the next ``times`` calls of ``call`` (``*``
    for any); ``delay`` is how long a ``timeout`` waits."""

    kind: FaultKind
    call: str = "*"
    times: int = 1
    delay: float = 5.0

    @classmethod
    def parse(cls, text: str) -> Fault:
        """``KIND:CALL[:TIMES]``."""
        parts = text.split(":")
        if len(parts) not in (2, 3) or parts[0] not in KINDS:
            raise BuildError(
                f"a fault is KIND:CALL[:TIMES] with KIND one of {', '.join(KINDS)}: {text!r}",
                path="--fault",
            )
        return cls.from_json({"kind": parts[0], "call": parts[1], "times": (parts[2:] or ["1"])[0]})

    @classmethod
    def from_json(cls, data: object) -> Fault:
        if not isinstance(data, dict) or data.get("kind") not in KINDS:
            raise BuildError(f"kind must be one of {', '.join(KINDS)}", path="kind")
        try:
            times = int(data.get("times", 1))
            delay = float(data.get("delay", 5.0))
        except (TypeError, ValueError, OverflowError):  # OverflowError: int(Infinity)
            raise BuildError("times and delay must be numbers", path="times") from None
        if times < 1 or not 0 <= delay <= 600:
            raise BuildError("times must be ≥ 1 and delay within 0–600 s", path="times")
        return cls(data["kind"], str(data.get("call") or "*"), times, delay)


class Faults:
    """The faults still to inject, consumed one call at a time (thread-safe)."""

    def __init__(self, faults: list[Fault] | None = None) -> None:
        self._faults = list(faults or [])
        self._lock = threading.Lock()

    def add(self, fault: Fault) -> None:
        with self._lock:
            self._faults.append(fault)

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def take(self, call: str) -> Fault | None:
        """The first fault aimed at ``call`` (one of its ``times`` used up), or None."""
        with self._lock:
            for fault in self._faults:
                if fault.call in ("*", call) and (
                    fault.kind != "duplicate" or call == "getReceivedEdocList"
                ):
                    fault.times -= 1
                    if fault.times <= 0:
                        self._faults.remove(fault)
                    return attrs.evolve(fault)
        return None

    def pending(self) -> list[dict[str, Any]]:
        with self._lock:
            return [attrs.asdict(f) for f in self._faults]


__all__ = ["KINDS", "Fault", "FaultKind", "Faults"]
