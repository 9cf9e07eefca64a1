"""The ``edocstd_hub`` pytest fixture of the plugin, and the CLI's lazy imports."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Iterator
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


@contextlib.contextmanager
def _serving(command: list[str]) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """A ``hub serve`` process and the first line it printed; killed if still running after."""
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        yield server, server.stdout.readline().strip()
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
        if server.stdout is not None:
            server.stdout.close()


def test_serve_prints_the_host_as_given_and_stops_on_sigterm(tmp_path: Path) -> None:
    import re
    import signal

    with _serving([sys.executable, "-m", "edocstd", "hub", "serve", "--host", "localhost",
                   "--port", "0", "--data", str(tmp_path), "--account", "000.00.00.G22:x"]
                  ) as (server, line):  # fmt: skip
        assert re.fullmatch(r"listening on http://localhost:\d+", line), line
        server.send_signal(signal.SIGTERM)
        assert server.wait(30) == 0


def test_local_hub_keeps_its_secrets_off_the_command_line(edocstd_hub: LocalHub) -> None:
    """Any local user can read a process's command line (ps): the secrets go in a file that
    only the owner can read, and the hub started from it answers those accounts."""
    import os
    import stat

    command = " ".join(edocstd_hub.command())
    assert all(secret not in command for secret in edocstd_hub.accounts.values())
    accounts = edocstd_hub.data / "accounts.toml"
    assert str(accounts) in command
    assert stat.S_IMODE(os.stat(accounts).st_mode) == 0o600
    for systemid in edocstd_hub.accounts:  # every account logs in
        with HubClient(edocstd_hub.config(systemid)) as client:
            assert client.count() >= 0


def test_accounts_files_round_trip_any_text(tmp_path: Path) -> None:
    from edocstd.hub._config import read_accounts
    from edocstd.hub._local import write_accounts

    accounts = {"000.00.00.G22": 'a"b\\c=d', "x y": "bí mật\n\t#[]"}
    path = tmp_path / "accounts.toml"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o644)
    write_accounts(path, accounts)
    assert read_accounts(path) == accounts
    assert path.stat().st_mode & 0o077 == 0  # an older file's wider mode is not kept


def test_serve_reads_accounts_from_a_file_and_refuses_a_bad_one(tmp_path: Path) -> None:
    import signal

    good, bad, empty = tmp_path / "good.toml", tmp_path / "bad.toml", tmp_path / "empty.toml"
    good.write_text('"000.00.00.G22" = "s3cr3t-value"\n', encoding="utf-8")
    bad.write_text('"000.00.00.G22" = 42\nother = "s3cr3t-value"\n', encoding="utf-8")
    empty.write_text("", encoding="utf-8")
    base = [sys.executable, "-m", "edocstd", "hub", "serve", "--data", str(tmp_path / "d"),
            "--port", "0"]  # fmt: skip
    for lang in ("vi", "en"):
        for args in (["--accounts", str(bad)], ["--accounts", str(tmp_path / "none.toml")],
                     ["--accounts", str(empty)], []):  # fmt: skip
            done = subprocess.run([*base, *args, "--lang", lang],
                                  capture_output=True, text=True, timeout=60)  # fmt: skip
            assert done.returncode == 2, args
            assert done.stderr.startswith("edocstd: lỗi:" if lang == "vi" else "edocstd: error:")
            assert "s3cr3t" not in done.stderr and "Traceback" not in done.stderr
    with _serving([*base, "--accounts", str(good)]) as (server, line):
        from edocstd.hub import HubConfig

        url = line.removeprefix("listening on ")
        config = HubConfig(url=url, systemid="000.00.00.G22", secret="s3cr3t-value")
        with HubClient(config) as client:
            assert client.count() == 0
        server.send_signal(signal.SIGTERM)
        assert server.wait(30) == 0
