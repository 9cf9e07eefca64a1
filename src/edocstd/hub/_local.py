"""``LocalHub``: a real ``edocstd hub serve`` process on a loopback port, for tests.

Used by the ``edocstd_hub`` pytest fixture and by vendors' integration tests: start it, get
a :class:`HubConfig` per account, inject faults, stop it, SIGKILL it and restart it on the same
port and data folder.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import httpx

from ._config import HubConfig
from ._errors import HubUnavailable

_STARTUP_SECONDS = 30.0


def write_accounts(path: Path, accounts: Mapping[str, str]) -> Path:
    """Write ``accounts`` (systemid → secret) as the TOML that ``hub serve --accounts`` reads,
    readable by its owner only (created so: never readable by others, even for a moment)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # JSON's string escapes are TOML basic-string escapes: any systemid or secret round-trips
    text = "".join(f"{json.dumps(k)} = {json.dumps(v)}\n" for k, v in accounts.items())
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        os.fchmod(f.fileno(), 0o600)  # an older file of the same name keeps no wider mode
        f.write(text)
    return path


class LocalHub:
    """A running test hub.  ``accounts`` maps systemid → secret."""

    def __init__(
        self,
        data: str | os.PathLike[str],
        accounts: Mapping[str, str],
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        relay: str = "append",
        organ_id: str | None = None,
    ) -> None:
        self.data = Path(data)
        self.accounts = dict(accounts)
        self.host = host
        self.port = port
        self.relay = relay
        self.organ_id = organ_id
        self.process: subprocess.Popen[str] | None = None
        self.output: list[str] = []
        self._drainer: threading.Thread | None = None

    def __repr__(self) -> str:  # accounts hold secrets: never shown
        return f"LocalHub(url={self.url!r}, accounts={sorted(self.accounts)!r})"

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def command(self) -> list[str]:
        cmd = [sys.executable, "-m", "edocstd", "hub", "serve", "--host", self.host,
               "--port", str(self.port), "--data", str(self.data), "--admin",
               "--relay", self.relay]  # fmt: skip
        if self.organ_id:
            cmd += ["--organ-id", self.organ_id]
        # the secrets go in a file only we can read: a command line is visible to every user
        cmd += ["--accounts", str(write_accounts(self.data / "accounts.toml", self.accounts))]
        return cmd

    def start(self) -> LocalHub:
        """Start the process and wait for ``listening on http://HOST:PORT``."""
        self.process = subprocess.Popen(
            self.command(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )  # fmt: skip
        line = self._first_line()
        if not line.startswith("listening on http://"):
            self.kill()
            output = "".join(self.output)[-2000:]
            raise HubUnavailable(
                f"the local hub did not start: {output}",
                message_vi=f"trục thử nghiệm không khởi động được: {output}",
            )
        self.port = int(line.rsplit(":", 1)[1])
        self._drainer = threading.Thread(target=self._drain, daemon=True)
        self._drainer.start()
        return self

    def _first_line(self) -> str:
        assert self.process is not None and self.process.stdout is not None
        result: list[str] = []

        def read() -> None:
            assert self.process is not None and self.process.stdout is not None
            for line in self.process.stdout:
                self.output.append(line)
                if line.startswith("listening on "):
                    result.append(line.strip())
                    return

        reader = threading.Thread(target=read, daemon=True)
        self._drainer = reader  # joined by _reap if the start fails
        reader.start()
        reader.join(_STARTUP_SECONDS)
        return result[0] if result else ""

    def _drain(self) -> None:
        process = self.process
        if process is None or process.stdout is None:
            return
        for line in process.stdout:
            self.output.append(line)

    def stop(self, timeout: float = 15.0) -> int | None:
        """SIGTERM and wait; returns the exit code."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._reap()
        return self.process.returncode

    def _reap(self) -> None:
        """Once the process is gone: finish reading its output and close the pipe."""
        if self._drainer is not None:
            self._drainer.join(5)
            self._drainer = None
        if self.process is not None and self.process.stdout is not None:
            self.process.stdout.close()

    def kill(self) -> None:
        """SIGKILL: no chance to clean up (what a crash or a power cut looks like)."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self._reap()

    def restart(self) -> LocalHub:
        """Start again on the same port and data folder (after ``stop`` or ``kill``)."""
        self.stop()
        return self.start()

    def config(
        self,
        systemid: str,
        *,
        timeout: float | None = None,
        retries: int | None = None,
        backoff: float | None = None,
        max_connections: int | None = None,
    ) -> HubConfig:
        """The :class:`HubConfig` of account ``systemid`` on this hub; an option not given
        keeps :class:`HubConfig`'s default."""
        given: dict[str, Any] = {"timeout": timeout, "retries": retries, "backoff": backoff,
                 "max_connections": max_connections}  # fmt: skip
        base = HubConfig(url=self.url, systemid=systemid, secret=self.accounts[systemid])
        return attrs.evolve(base, **{k: v for k, v in given.items() if v is not None})

    def env(self, systemid: str) -> dict[str, str]:
        """The environment variables the ``edocstd hub`` commands read, for this account."""
        return {"EDOCSTD_HUB_URL": self.url, "EDOCSTD_HUB_SYSTEMID": systemid,
                "EDOCSTD_HUB_SECRET": self.accounts[systemid]}  # fmt: skip

    def _admin(self, method: str, body: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        reply = httpx.request(method, self.url + "/_admin/faults", json=body, timeout=10)
        if reply.status_code != 200:
            raise HubUnavailable(
                f"the local hub refused the fault: {reply.text[:500]}",
                message_vi=f"trục thử nghiệm từ chối lỗi giả lập: {reply.text[:500]}",
            )
        return list(reply.json()["faults"])

    def inject(self, kind: str, call: str = "*", times: int = 1, delay: float = 5.0) -> None:
        """Make the next ``times`` calls of ``call`` fail (see ``edocstd hub serve --fault``)."""
        self._admin("POST", {"kind": kind, "call": call, "times": times, "delay": delay})

    def faults(self) -> list[dict[str, Any]]:
        """The faults not used up yet."""
        return self._admin("GET")

    def acks(self) -> list[dict[str, Any]]:
        """Every acknowledgement the hub received (``doc_id``, ``recipient``, ``status``, ``at``),
        kept across restarts."""
        reply = httpx.get(self.url + "/_admin/acks", timeout=10)
        return list(reply.json()["acks"])

    def clear_faults(self) -> None:
        self._admin("DELETE")

    def __enter__(self) -> LocalHub:
        return self.start() if self.process is None else self

    def __exit__(self, *exc: object) -> None:
        self.stop()


__all__ = ["LocalHub"]
