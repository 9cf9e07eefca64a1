"""Run the local hub with uvicorn until SIGTERM or SIGINT.

``listening on http://HOST:PORT`` is printed (and flushed) once the socket accepts connections;
with ``port=0`` the port the system chose is printed, which is how test fixtures find it.
A signal stops the server gracefully and :func:`serve` returns (the CLI then exits 0).
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
from collections.abc import Iterator
from typing import TextIO

import uvicorn
from starlette.applications import Starlette


class _Server(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        """Stop on SIGTERM/SIGINT and *return* (uvicorn re-raises the signal afterwards)."""
        loop = asyncio.get_running_loop()
        handled = (signal.SIGINT, signal.SIGTERM)
        for sig in handled:
            loop.add_signal_handler(sig, self.handle_exit, sig, None)
        try:
            yield
        finally:
            for sig in handled:
                loop.remove_signal_handler(sig)


def _bound_port(server: uvicorn.Server, fallback: int) -> int:
    for s in getattr(server, "servers", []) or []:
        for sock in s.sockets:
            return int(sock.getsockname()[1])
    return fallback


async def _run(app: Starlette, host: str, port: int, out: TextIO) -> bool:
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", lifespan="on")
    server = _Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started and not task.done():
        await asyncio.sleep(0.01)
    if server.started:
        print(f"listening on http://{host}:{_bound_port(server, port)}", file=out, flush=True)
    try:
        await task
    except SystemExit:  # uvicorn exits when it cannot bind; it has logged why
        return False
    return bool(server.started)


def serve(app: Starlette, host: str, port: int, out: TextIO | None = None) -> bool:
    """Serve ``app``; False when the socket could not be opened (uvicorn logged why)."""
    return asyncio.run(_run(app, host, port, out or sys.stdout))


__all__ = ["serve"]
