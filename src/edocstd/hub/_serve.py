"""Run the local hub with uvicorn until SIGTERM or SIGINT.

``listening on http://HOST:PORT`` is printed (and flushed) once the socket accepts connections;
with ``port=0`` the port the system chose is printed, which is how test fixtures find it.
A signal stops the server gracefully and :func:`serve` returns (the CLI then exits 0).
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import socket
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


def listen(host: str, port: int) -> socket.socket:
    """Bind the listening socket first, so that a port in use is a plain ``OSError`` (and
    ``port=0`` is known before serving)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock


async def _run(app: Starlette, sock: socket.socket, host: str, out: TextIO) -> None:
    config = uvicorn.Config(app, log_level="warning", lifespan="on")
    server = _Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started and not task.done():
        await asyncio.sleep(0.01)
    if server.started:  # the host as given, the port as bound (port 0: the one chosen)
        port = sock.getsockname()[1]
        shown = f"[{host}]" if ":" in host else host
        print(f"listening on http://{shown}:{port}", file=out, flush=True)
    await task


def serve(app: Starlette, host: str, port: int, out: TextIO | None = None) -> None:
    """Serve ``app`` until SIGTERM/SIGINT; ``OSError`` when ``host:port`` cannot be bound."""
    sock = listen(host, port)
    try:
        asyncio.run(_run(app, sock, host, out or sys.stdout))
    finally:
        sock.close()


__all__ = ["listen", "serve"]
