"""A one-shot command imports only what it uses (checked in a fresh interpreter).

``edocstd show`` reads a package and prints it: it needs lxml and the model, not the
signing stack (cryptography), the lifecycle tools (sqlite3), the batch engine or the
``xmlschema`` package.  These are behaviour tests on ``sys.modules``, not timings: the timing
is ``benchmarks/run.py``'s cold-start row.
"""

from __future__ import annotations

import argparse
import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

import edocstd
from edocstd import cli
from edocstd.testing import make_edoc, make_status

_CHILD = """
import io, sys, contextlib
from edocstd.cli import main
with contextlib.redirect_stdout(io.StringIO()) as out:
    code = main(sys.argv[1:])
modules = sorted(sys.modules)
import json
print(json.dumps({"code": code, "out": out.getvalue(), "modules": modules}))
"""

_NOT_FOR_SHOW = (
    "edocstd._sign",
    "edocstd._lifecycle",
    "cryptography",
    "xmlschema",
    "signxml",
    "sqlite3",
    "edocstd._batch",  # process pools and certificate pickling: for many packages only
    # what only some paths need: logging (the library logs nothing here), notebook views,
    # building packages (uuid), passphrase prompts, to_dict's schema
    "logging",
    "html",
    "uuid",
    "getpass",
    "edocstd._xml.json_schema",
)


def _run(*argv: str) -> dict[str, object]:
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, *argv], capture_output=True, text=True, check=True
    )
    result: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def _imported(modules: object, prefix: str) -> list[str]:
    assert isinstance(modules, list)
    return [m for m in modules if m == prefix or m.startswith(prefix + ".")]


@pytest.fixture
def package(tmp_path: Path) -> Path:
    path = tmp_path / "small.edxml"
    edocstd.dump(make_edoc(attachments=(edocstd.Attachment.create(b"%PDF-1.4", name="a.pdf"),)),
                 path)
    return path


UNSIGNED_PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n"
    b"trailer << /Size 3 /Root 1 0 R >>\nstartxref\n110\n%%EOF\n"
)
"""A whole PDF without a form: it cannot carry a signature (the prescreen says so)."""


@pytest.fixture
def unsigned_pdf_package(tmp_path: Path) -> Path:
    path = tmp_path / "unsigned.edxml"
    pdf = edocstd.Attachment.create(UNSIGNED_PDF, name="cv.pdf", content_type="application/pdf")
    edocstd.dump(make_edoc(attachments=(pdf,)), path)
    return path


@pytest.fixture
def status_package(tmp_path: Path) -> Path:
    path = tmp_path / "status.edxml"
    edocstd.dump(make_status(), path)
    return path


@pytest.mark.parametrize("json_flag", [[], ["--json"]])
def test_show_does_not_import_signing_lifecycle_or_xmlschema(
    package: Path, status_package: Path, json_flag: list[str]
) -> None:
    """A package without documents to check (a status package), and an edoc whose documents
    are not asked for (``--no-documents``; listing the signatures inside PDF documents needs
    pyHanko and cryptography, in a sandbox process)."""
    for argv, shown in (
        (["show", str(status_package)], "000.00.00.G22"),
        (["show", str(package), "--no-documents"], "a.pdf"),
    ):
        result = _run(*argv, *json_flag)
        assert result["code"] == 0 and shown in str(result["out"])
        for name in (*_NOT_FOR_SHOW, *([] if json_flag else ["json"])):
            assert _imported(result["modules"], name) == [], (argv, name)
        assert bool(_imported(result["modules"], "json")) is bool(json_flag)  # seen when used


_NOT_FOR_AN_UNSIGNED_PDF = (
    *_NOT_FOR_SHOW,
    "edocstd._pdf.sandbox",  # the pyHanko sandbox: a child process, pipes, threads
    "subprocess",
)


@pytest.mark.parametrize("json_flag", [[], ["--json"]])
def test_show_lists_an_unsigned_pdf_without_the_sandbox(
    unsigned_pdf_package: Path, json_flag: list[str]
) -> None:
    """The documents are checked (the default), the PDF's bytes say it cannot be signed: no
    pyHanko sandbox, no signing stack."""
    pytest.importorskip("pyhanko", reason="without edocstd[pdf] show says what to install")
    result = _run("show", str(unsigned_pdf_package), "--lang", "en", *json_flag)
    assert result["code"] == 0
    assert ("unsigned" if json_flag else "NOT DIGITALLY SIGNED") in str(result["out"])
    for name in (*_NOT_FOR_AN_UNSIGNED_PDF, *([] if json_flag else ["json"])):
        assert _imported(result["modules"], name) == [], name


def test_a_pdf_that_may_be_signed_goes_to_the_sandbox(package: Path) -> None:
    """The check above would see the sandbox: a PDF the prescreen cannot clear (here, not a
    whole file) is handed to it."""
    pytest.importorskip("pyhanko", reason="without edocstd[pdf] show says what to install")
    result = _run("show", str(package), "--lang", "en")
    assert _imported(result["modules"], "edocstd._pdf.sandbox")
    assert _imported(result["modules"], "subprocess")


def test_the_check_would_see_the_signing_stack(package: Path) -> None:
    """The same child process does list cryptography when the command needs it."""
    result = _run("verify", str(package))
    assert _imported(result["modules"], "cryptography")
    assert _imported(result["modules"], "edocstd._sign")


def test_help_still_lists_every_command() -> None:
    result = _run("--help")
    assert result["code"] == 0
    for command in ("show", "validate", "sign", "verify", "extract", "new", "status", "track"):
        assert command in str(result["out"])


def test_each_command_is_looked_for_in_the_module_that_defines_it() -> None:
    """``cli._HOME`` (command -> module) agrees with what each module registers."""
    for command, module_name in cli._HOME.items():
        parser = argparse.ArgumentParser()
        sub = parser.add_subparsers()
        importlib.import_module(f"edocstd.cli.{module_name}").register(sub)
        assert command in sub.choices, (command, module_name)


_CONSOLE = """
import contextlib, gc, io, json, sys, weakref
from edocstd.cli import console
with contextlib.redirect_stdout(io.StringIO()) as out:
    code = console()
class Cycle:
    pass
made_after = Cycle()
made_after.me = made_after
gone = weakref.ref(made_after)
del made_after
gc.collect()
print(json.dumps({"code": code, "out": out.getvalue(), "frozen": gc.get_freeze_count(),
                  "enabled": gc.isenabled(), "collected": gone() is None}))
"""


def test_the_command_process_freezes_its_imports_and_still_collects(status_package: Path) -> None:
    """The console entry point leaves what it imported to the end of the process (frozen,
    out of the collector's walks); garbage made while the command runs is still collected."""
    proc = subprocess.run(
        [sys.executable, "-c", _CONSOLE, "show", str(status_package)],
        capture_output=True, text=True, check=True,
    )
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["code"] == 0 and "000.00.00.G22" in result["out"]
    assert result["frozen"] > 1000  # the imported modules' objects, not a handful
    assert result["enabled"] and result["collected"]


@pytest.mark.parametrize("enabled", [True, False])
def test_importing_leaves_the_collector_as_it_found_it(enabled: bool) -> None:
    """The import pauses the collector (its objects live as long as the process) and puts
    back the state it found, whatever that was."""
    code = (
        f"import gc; gc.enable() if {enabled} else gc.disable(); "
        "import edocstd, edocstd.cli; print(gc.isenabled())"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == str(enabled)


def test_an_import_that_fails_leaves_the_collector_running() -> None:
    """``import edocstd`` failing half-way (here lxml cannot be imported) does not leave the
    process without its garbage collector."""
    code = (
        "import gc, sys; sys.modules['lxml'] = None\n"
        "try:\n    import edocstd\nexcept ImportError:\n    print(gc.isenabled())\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "True"


def test_validate_without_a_pool_starts_without_concurrent_futures(
    package: Path, tmp_path: Path
) -> None:
    """One package, or a folder with ``--jobs 1``: no process pool, so neither
    ``concurrent.futures`` nor the ``logging`` it imports; ``--jobs 2`` over more than one
    chunk of packages does load them."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    for n in range(40):  # more than one chunk (CHUNK_PACKAGES): a pool is started for them
        (folder / f"p{n}.edxml").write_bytes(package.read_bytes())
    for argv in (["validate", str(package)], ["validate", str(folder), "--jobs", "1"]):
        result = _run(*argv)
        assert result["code"] in (0, 1), argv
        for name in ("concurrent.futures", "logging"):
            assert _imported(result["modules"], name) == [], (argv, name)
    pooled = _run("validate", str(folder), "--jobs", "2")
    assert _imported(pooled["modules"], "concurrent.futures")
