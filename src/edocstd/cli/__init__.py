"""The ``edocstd`` command line.

Each sub-command lives in its own module of this package exposing ``register(subparsers)``;
the module adds its parser and sets ``func`` to a callable taking the parsed namespace and
returning the exit code (0 done/valid, 1 invalid package or failed signature, 2 usage or
I/O error).  A package that cannot be parsed is invalid (1); one that cannot be opened is an
I/O error (2).

Every command takes ``--lang vi|en`` (default from the locale) and ``--color/--no-color``
(added by ``_common.add_everywhere``); errors are printed in that language, and with
``--json`` also as a JSON object on standard output.  ``python -m edocstd`` is the same
command.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import sys
from collections.abc import Sequence
from typing import TextIO, cast

from .. import __version__
from .._errors import EdocError, ParseError
from ._common import (
    add_everywhere,
    default_lang,
    error_json,
    error_lines,
    os_error_lines,
    print_json,
    report_error,
)
from ._terminal import TerminalSafe

# Sub-command modules, in the order ``--help`` lists them.
_COMMANDS = ["_show", "_validate", "_sign", "_extract", "_new", "_status", "_track", "_convert"]
_COMMANDS += ["_hub", "_token", "_schema"]

# Where a command is defined, so that running it imports that module alone: a one-shot
# `edocstd show` then starts without the validation catalogue, the signing stack or sqlite.
# A command missing here still works (every module is imported, as for `--help`).
_HOME = {
    "show": "_show",
    "validate": "_validate",
    "sign": "_sign",
    "verify": "_sign",
    "extract": "_extract",
    "new": "_new",
    "status": "_status",
    "track": "_track",
    "convert": "_convert",
    "hub": "_hub",
    "token": "_token",
    "schema": "_schema",
}


def _modules_for(argv: Sequence[str] | None) -> list[str]:
    """The command modules to import for ``argv``: the command's own if it is known."""
    home = _HOME.get(argv[0]) if argv else None  # the command comes first (no global options)
    return [home] if home in _COMMANDS else _COMMANDS


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The command-line parser; given the arguments, only the commands they need."""
    parser = argparse.ArgumentParser(
        prog="edocstd",
        description="Read, write, validate and sign edXML packages (QCVN 102:2016/BTTTT).",
    )
    parser.add_argument("--version", action="version", version=f"edocstd {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in _modules_for(argv):
        try:
            module = importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"{__name__}.{name}":
                continue  # that command is not part of this build
            raise
        module.register(sub)
    add_everywhere(parser)
    return parser


def _fail(args: argparse.Namespace, exc: EdocError, code: int) -> int:
    report_error(args.lang, error_lines(exc, args.lang))
    if getattr(args, "json", False):
        print_json(error_json(exc))
    return code


def console() -> int:
    """The ``edocstd`` command as a process runs it (the console script, ``python -m
    edocstd``); ``main`` is the same without the process-wide step, for calls in a process
    that goes on (tests, scripts)."""
    # What is imported by now (modules, classes, tables) lives until the process ends: frozen,
    # the collector no longer walks it in every full collection nor once more at exit (about a
    # tenth of a short command's time). Collection goes on for everything made afterwards.
    gc.freeze()
    return main()


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser(sys.argv[1:] if argv is None else argv)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    if getattr(args, "lang", None) is None:
        args.lang = default_lang()
    # Package text and certificate names are printed by many commands: escape what a terminal
    # would obey (control characters, bidi overrides) once, on the way out.
    with (
        contextlib.redirect_stdout(cast(TextIO, TerminalSafe(sys.stdout))),
        contextlib.redirect_stderr(cast(TextIO, TerminalSafe(sys.stderr))),
    ):
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    try:
        return int(args.func(args))
    except ParseError as exc:  # read and found unreadable: an invalid package (1), unless
        return _fail(args, exc, 2 if exc.io_error else 1)  # it could not be read at all (2)
    except EdocError as exc:
        return _fail(args, exc, 2)
    except BrokenPipeError:  # e.g. piped into `head`
        return 0
    except OSError as exc:
        report_error(args.lang, os_error_lines(exc, args.lang))
        return 2
    except KeyboardInterrupt:
        return 130
