"""Run pyHanko on PDF files in a limited child process (the thin I/O shell of the tier).

A PDF from a package is hostile until proven otherwise: a huge cross-reference table, a
reference loop or a compression bomb must end in a result, never hang or exhaust the caller.
So pyHanko never runs in this process: ``_worker.py`` runs under ``sys.executable`` with an
address-space limit, a CPU-time limit per file and no right to write files, it dies with its
parent, and each file must be answered within ``DocumentLimits.timeout`` seconds.  A file that
times out or kills the child gets an error result; the files after it go to a fresh child.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import json
import os
import queue
import subprocess
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from .limits import DEFAULT_DOCUMENT_LIMITS, INSTALL_HINT, DocumentLimits, PdfSupportMissing

if TYPE_CHECKING:
    from cryptography import x509

_WORKER = Path(__file__).with_name("_worker.py")
_MAX_LINE = 4 * 1024 * 1024  # one file's answer; the worker cuts every text it reports
_STARTUP_SECONDS = 120.0  # importing pyHanko on a busy machine; not a per-file budget


def _der(cert: x509.Certificate) -> str:
    from cryptography.hazmat.primitives.serialization import Encoding

    return base64.b64encode(cert.public_bytes(Encoding.DER)).decode("ascii")


def _job(
    anchors: Sequence[x509.Certificate],
    intermediates: Sequence[x509.Certificate],
    at: dt.datetime | None,
    limits: DocumentLimits,
) -> bytes:
    line = json.dumps(
        {
            "parent": os.getpid(),
            "path": [p for p in sys.path if isinstance(p, str)],
            "anchors": [_der(c) for c in anchors],
            "intermediates": [_der(c) for c in intermediates],
            "time": at.isoformat() if at is not None else None,
            "memory": limits.memory,
            "timeout": limits.timeout + 1,
            "startup_seconds": _STARTUP_SECONDS,
            "max_signatures": limits.max_signatures,
            "max_revisions": limits.max_revisions,
        }
    )
    return line.encode("utf-8") + b"\n"


def _pump(stream: IO[bytes], lines: queue.Queue[bytes | None]) -> None:
    """Hand the child's output lines to the parent; ``None`` marks the end."""
    try:
        while line := stream.readline(_MAX_LINE):
            lines.put(line)
    except (OSError, ValueError):
        pass
    lines.put(None)


def _failure(kind: str, detail: str) -> dict[str, Any]:
    return {"ok": False, "error": kind, "detail": detail}


def _answer(line: bytes | None, proc: subprocess.Popen[bytes]) -> dict[str, Any]:
    if line is None:
        try:
            code = proc.wait(timeout=5)
        except subprocess.TimeoutExpired:  # closed its output but lives on: finished below
            return _failure("crashed", "the checking process stopped answering")
        why = f"signal {-code}" if code < 0 else f"exit status {code}"
        return _failure("crashed", f"the checking process stopped ({why}): out of its limits")
    if not line.endswith(b"\n"):
        return _failure("unreadable", "the answer about this file is too long")
    try:
        value = json.loads(line)
    except (ValueError, RecursionError):
        return _failure("crashed", "the checking process gave an unreadable answer")
    return value if isinstance(value, dict) else _failure("crashed", "unexpected answer")


def _worker_environment() -> dict[str, str]:
    """The caller's environment without ``PYTHONOPTIMIZE``: pyHanko checks what it reads from
    a PDF with ``assert`` (an object stream's ``/Type``, an xref stream's), and the signature
    prescreen (:mod:`.prescreen`) relies on those checks."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONOPTIMIZE"}


class PdfChecker:
    """One limited checking process, fed one file at a time (so one document is on disk at
    a time); after a file that times out or kills it, the next file gets a fresh process.

    Use as a context manager; :meth:`check` returns ``{"ok": True, "signatures": [...]}`` or
    ``{"ok": False, "error": kind, "detail": text}`` (kinds: ``unreadable``, ``timeout``,
    ``crashed``, ``memory``, ``too-deep``, ``unavailable``).  Raises
    :class:`PdfSupportMissing` when the checking process cannot import pyHanko.
    """

    def __init__(
        self,
        *,
        anchors: Sequence[x509.Certificate] = (),
        intermediates: Sequence[x509.Certificate] = (),
        at: dt.datetime | None = None,
        limits: DocumentLimits = DEFAULT_DOCUMENT_LIMITS,
    ) -> None:
        self._job = _job(anchors, intermediates, at, limits)
        self._limits = limits
        self._proc: subprocess.Popen[bytes] | None = None
        self._lines: queue.Queue[bytes | None] = queue.Queue()
        self._reader: threading.Thread | None = None
        self._unavailable: dict[str, Any] | None = None

    def __enter__(self) -> PdfChecker:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def check(self, path: Path, timeout: float | None = None) -> dict[str, Any]:
        """Check one file within ``timeout`` seconds (``DocumentLimits.timeout`` by default)."""
        timeout = self._limits.timeout if timeout is None else timeout
        if self._proc is None and self._unavailable is None:
            self._start()
        if self._unavailable is not None:
            return self._unavailable
        proc = self._proc
        assert proc is not None and proc.stdin is not None
        try:
            proc.stdin.write(json.dumps(str(path)).encode("utf-8") + b"\n")
            proc.stdin.flush()
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            self.close()
            return _failure("timeout", f"checking took longer than {timeout:g} s")
        except (BrokenPipeError, OSError):
            self.close()
            return _failure("crashed", "the checking process stopped at once")
        answer = _answer(line, proc)
        if line is None or not line.endswith(b"\n"):
            self.close()  # the child is gone or out of step: the next file gets a fresh one
        return answer

    def _start(self) -> None:
        try:
            proc = subprocess.Popen(
                [sys.executable, str(_WORKER)],
                env=_worker_environment(),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        except (OSError, ValueError) as exc:  # no usable interpreter (embedded Python…)
            self._unavailable = _failure("unavailable", f"cannot start the checker: {exc}")
            return
        assert proc.stdin is not None and proc.stdout is not None
        self._proc, self._lines = proc, queue.Queue()
        self._reader = threading.Thread(target=_pump, args=(proc.stdout, self._lines), daemon=True)
        self._reader.start()
        try:
            proc.stdin.write(self._job)
            proc.stdin.flush()
            ready = _answer(self._lines.get(timeout=_STARTUP_SECONDS), proc)
        except queue.Empty:
            ready = {"detail": "the checking process did not start"}
        except (BrokenPipeError, OSError):
            ready = {"detail": "the checking process stopped at once"}
        if ready.get("ready") is True:
            return
        self.close()
        if ready.get("missing") is True:
            raise PdfSupportMissing(INSTALL_HINT)
        self._unavailable = _failure("unavailable", str(ready.get("detail") or "no start"))

    def close(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if proc.stdin is not None:
            with contextlib.suppress(OSError):
                proc.stdin.close()
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        if self._reader is not None:
            self._reader.join(timeout=5)


def check_pdf_files(
    files: Sequence[Path],
    *,
    anchors: Sequence[x509.Certificate] = (),
    intermediates: Sequence[x509.Certificate] = (),
    at: dt.datetime | None = None,
    limits: DocumentLimits = DEFAULT_DOCUMENT_LIMITS,
) -> list[dict[str, Any]]:
    """One result per file, in order (see :class:`PdfChecker`)."""
    with PdfChecker(anchors=anchors, intermediates=intermediates, at=at, limits=limits) as c:
        return [c.check(f) for f in files]


__all__ = [
    "DEFAULT_DOCUMENT_LIMITS",
    "INSTALL_HINT",
    "DocumentLimits",
    "PdfChecker",
    "PdfSupportMissing",
    "check_pdf_files",
]
