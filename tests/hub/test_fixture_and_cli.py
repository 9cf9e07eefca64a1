"""The ``edocstd_hub`` pytest fixture of the plugin, and the CLI's lazy imports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import edocstd
from edocstd.hub import HubClient, LocalHub

from .conftest import document


def test_edocstd_hub_fixture_is_a_real_server(edocstd_hub: LocalHub) -> None:
    assert edocstd_hub.url.startswith("http://127.0.0.1:")
    assert edocstd_hub.process is not None and edocstd_hub.process.poll() is None
    sender, recipient = "000.00.00.G22", "000.00.00.H41"
    with HubClient(edocstd_hub.config(sender)) as a, HubClient(edocstd_hub.config(recipient)) as b:
        a.send(edocstd.dumps(document(to=(recipient,))))
        assert [i.sender for i in b.received()] == [sender]
    assert "secret" not in repr(edocstd_hub).lower()
    assert all(s not in repr(edocstd_hub) for s in edocstd_hub.accounts.values())


def test_other_commands_do_not_import_the_hub_stack(tmp_path: Path) -> None:
    package = tmp_path / "d.edxml"
    package.write_bytes(edocstd.dumps(document()))
    code = (
        "import sys; from edocstd.cli import main; "
        f"rc = main(['show', {str(package)!r}]); "
        "print(sorted(m for m in ('httpx', 'starlette', 'uvicorn') if m in sys.modules)); "
        "sys.exit(rc)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_hub_help_lists_the_contract_commands() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "edocstd", "hub", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0
    for command in ("serve", "send", "pull", "list", "status", "agencies"):
        assert command in done.stdout


def test_serve_refuses_a_malformed_account(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "edocstd", "hub", "serve", "--data", str(tmp_path), "--port", "0",
         "--account", "no-secret-here"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2 and "SYSTEMID:SECRET" in done.stderr


def test_serve_on_a_port_in_use_is_a_clear_error(edocstd_hub: LocalHub, tmp_path: Path) -> None:
    for lang, words in (("vi", "không mở được"), ("en", "cannot listen on")):
        done = subprocess.run(
            [sys.executable, "-m", "edocstd", "hub", "serve", "--data", str(tmp_path),
             "--port", str(edocstd_hub.port), "--account", "000.00.00.G22:x", "--lang", lang],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert done.returncode == 2
        assert words in done.stderr
        assert "Traceback" not in done.stderr


def test_serve_prints_the_host_as_given_and_stops_on_sigterm(tmp_path: Path) -> None:
    import re
    import signal

    server = subprocess.Popen(
        [sys.executable, "-m", "edocstd", "hub", "serve", "--host", "localhost", "--port", "0",
         "--data", str(tmp_path), "--account", "000.00.00.G22:x"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert server.stdout is not None
        line = server.stdout.readline().strip()
        assert re.fullmatch(r"listening on http://localhost:\d+", line), line
        server.send_signal(signal.SIGTERM)
        assert server.wait(30) == 0
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
        if server.stdout is not None:
            server.stdout.close()
