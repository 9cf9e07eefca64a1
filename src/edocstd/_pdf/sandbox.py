"""Run pyHanko on PDF files in a limited child process (the thin I/O shell of the tier).

A PDF from a package is hostile until proven otherwise: a huge cross-reference table, a
reference loop or a compression bomb must end in a result, never hang or exhaust the caller.
So pyHanko never runs in this process: ``_worker.py`` runs under ``sys.executable`` with an
address-space limit, a CPU-time limit and no right to write files, and each file must be
answered within ``DocumentLimits.timeout`` seconds.  A file that times out or kills the child
gets an error result; the files after it go to a fresh child.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import queue
import subprocess
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

import attrs
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

_WORKER = Path(__file__).with_name("_worker.py")
_MAX_LINE = 4 * 1024 * 1024  # one file's answer; the worker cuts every text it reports
_STARTUP_SECONDS = 120.0  # importing pyHanko on a busy machine; not a per-file budget


@attrs.frozen(kw_only=True)
class DocumentLimits:
    """Bounds on checking the documents inside a package.

    ``timeout``: seconds one PDF may take; ``memory``: address space of the checking process
    (bytes); ``max_document_bytes``: larger documents are not checked (a finding says so);
    ``max_signatures``: signatures examined per PDF.
    """

    timeout: float = 60.0
    memory: int = 1024 * 1024 * 1024
    max_document_bytes: int = 512 * 1024 * 1024
    max_signatures: int = 20


DEFAULT_DOCUMENT_LIMITS = DocumentLimits()


def _der(cert: x509.Certificate) -> str:
    return base64.b64encode(cert.public_bytes(Encoding.DER)).decode("ascii")


def _job(
    files: Sequence[Path],
    anchors: Sequence[x509.Certificate],
    intermediates: Sequence[x509.Certificate],
    at: dt.datetime | None,
    limits: DocumentLimits,
) -> bytes:
    return json.dumps(
        {
            "files": [str(f) for f in files],
            "anchors": [_der(c) for c in anchors],
            "intermediates": [_der(c) for c in intermediates],
            "time": at.isoformat() if at is not None else None,
            "memory": limits.memory,
            "cpu_seconds": int(limits.timeout * len(files) + _STARTUP_SECONDS),
            "max_signatures": limits.max_signatures,
        }
    ).encode("utf-8")


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
    except ValueError:
        return _failure("crashed", "the checking process gave an unreadable answer")
    return value if isinstance(value, dict) else _failure("crashed", "unexpected answer")


def _run_batch(
    files: Sequence[Path], job: bytes, limits: DocumentLimits, results: list[dict[str, Any]]
) -> None:
    """Check ``files`` in one child until they are done or one of them fails the limits."""
    try:
        proc = subprocess.Popen(
            [sys.executable, str(_WORKER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
    except (OSError, ValueError) as exc:  # no usable interpreter (embedded Python…)
        results.extend(_failure("unavailable", f"cannot start the checker: {exc}") for _ in files)
        return
    lines: queue.Queue[bytes | None] = queue.Queue()
    assert proc.stdin is not None and proc.stdout is not None
    reader = threading.Thread(target=_pump, args=(proc.stdout, lines), daemon=True)
    reader.start()
    try:
        proc.stdin.write(job)
        proc.stdin.close()
        ready = _answer(lines.get(timeout=_STARTUP_SECONDS), proc)
        if not ready.get("ready"):
            detail = str(ready.get("detail") or "it could not start")
            results.extend(_failure("unavailable", detail) for _ in files)
            return
        for _ in files:
            try:
                line = lines.get(timeout=limits.timeout)
            except queue.Empty:
                results.append(
                    _failure("timeout", f"checking took longer than {limits.timeout:g} s")
                )
                return
            results.append(_answer(line, proc))
            if line is None or not line.endswith(b"\n"):
                return  # the child is gone or out of step: the rest go to a fresh one
    except queue.Empty:
        results.extend(_failure("unavailable", "the checking process did not start") for _ in files)
    except BrokenPipeError:
        results.append(_failure("crashed", "the checking process stopped at once"))
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        reader.join(timeout=5)


def check_pdf_files(
    files: Sequence[Path],
    *,
    anchors: Sequence[x509.Certificate] = (),
    intermediates: Sequence[x509.Certificate] = (),
    at: dt.datetime | None = None,
    limits: DocumentLimits = DEFAULT_DOCUMENT_LIMITS,
) -> list[dict[str, Any]]:
    """One result per file, in order: ``{"ok": True, "signatures": [...]}`` or
    ``{"ok": False, "error": kind, "detail": text}`` (kinds: ``unreadable``, ``timeout``,
    ``crashed``, ``memory``, ``too-deep``, ``unavailable``)."""
    results: list[dict[str, Any]] = []
    while len(results) < len(files):
        rest = files[len(results) :]
        before = len(results)
        _run_batch(rest, _job(rest, anchors, intermediates, at, limits), limits, results)
        if len(results) == before:  # nothing answered and no failure recorded: give up
            results.extend(_failure("crashed", "no answer") for _ in rest)
    return results[: len(files)]


__all__ = ["DEFAULT_DOCUMENT_LIMITS", "DocumentLimits", "check_pdf_files"]
