"""A progress bar on a terminal for runs over many files (validate, extract, show --json,
track), none when standard error is piped.  Run through a pseudo-terminal."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests import packages

pty = pytest.importorskip("pty", reason="pseudo-terminals are POSIX")

BAR_START = b"\x1b[G\x1b[2K["
"""Cursor to the first column, erase the line, then the bar."""


def _folder(root: Path, count: int = 3) -> Path:
    root.mkdir()
    for n in range(count):
        pkg = packages.edoc_xml(subject=f"Công văn số {n}")
        (root / f"cv-{n}.edxml").write_text(pkg, encoding="utf-8")
    return root


def _read_all(master: int) -> bytes:
    """Everything written to the terminal, until the child closes it."""
    terminal = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError as exc:  # EIO: the child closed the terminal
            assert exc.errno == errno.EIO
            break
        if not chunk:
            break
        terminal += chunk
    os.close(master)
    return terminal


def _on_a_terminal(*args: str, cwd: Path) -> tuple[bytes, bytes]:
    """Run ``edocstd args`` with stderr on a pseudo-terminal, stdout piped: (stdout, stderr)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "edocstd", *args, "--lang", "en", "--jobs", "1"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=slave,
        cwd=cwd,
    )
    os.close(slave)
    terminal = _read_all(master)
    assert proc.stdout is not None
    out = proc.stdout.read()
    proc.stdout.close()
    proc.wait(timeout=120)
    return out, terminal


def _piped(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "edocstd", *args, "--lang", "en", "--jobs", "1"],
        capture_output=True,
        timeout=120,
        check=False,
        cwd=cwd,
    )


COMMANDS = {
    "validate": lambda folder, out: ["validate", str(folder)],
    "show --json": lambda folder, out: ["show", "--json", str(folder)],
    "extract": lambda folder, out: ["extract", str(folder), "--dir", str(out)],
    "track": lambda folder, out: ["track", str(folder)],
}


@pytest.mark.parametrize("command", COMMANDS)
def test_a_bar_on_a_terminal_and_none_when_piped(tmp_path: Path, command: str) -> None:
    folder = _folder(tmp_path / "hop-thu")
    argv = COMMANDS[command](folder, tmp_path / "ra")
    out, terminal = _on_a_terminal(*argv, cwd=tmp_path)
    assert BAR_START in terminal, terminal
    assert b"] 3/3 cv-2.edxml" in terminal  # the last step is always drawn
    assert terminal.endswith(b"\x1b[G\x1b[2K") or b"\x1b[G\x1b[2K\r\n" in terminal  # erased
    assert b"\\u001b" not in terminal and b"\\u000d" not in terminal  # not escaped away
    piped = _piped(*COMMANDS[command](folder, tmp_path / "ra2"), cwd=tmp_path)
    assert b"\x1b" not in piped.stderr and b"3/3" not in piped.stderr
    if command != "track":  # (track's table counts hours from now)
        assert out == piped.stdout.replace(b"ra2", b"ra")  # the bar never reaches stdout
    assert BAR_START not in out


def test_show_json_to_the_terminal_draws_no_bar(tmp_path: Path) -> None:
    """Entries printed as they come on the same terminal would be cut by the bar."""
    folder = _folder(tmp_path / "hop-thu")
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "edocstd", "show", "--json", str(folder), "--jobs", "1"],
        stdin=subprocess.DEVNULL,
        stdout=slave,
        stderr=slave,
    )
    os.close(slave)
    terminal = _read_all(master)
    proc.wait(timeout=120)
    assert BAR_START not in terminal
    assert len(json.loads(terminal.replace(b"\r\n", b"\n"))) == 3


def test_a_file_name_in_the_bar_is_escaped(tmp_path: Path) -> None:
    folder = _folder(tmp_path / "hop-thu", count=1)
    (folder / "cv-0.edxml").rename(folder / "x\x1b]0;owned\x07.edxml")
    (folder / "y.edxml").write_text(packages.edoc_xml(), encoding="utf-8")
    _out, terminal = _on_a_terminal("validate", str(folder), cwd=tmp_path)
    assert b"\x1b]0;" not in terminal and b"\x07" not in terminal
