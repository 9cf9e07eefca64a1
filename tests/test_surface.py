"""The tidy surface of the source: one home per constant, references that lead somewhere.

Read with ``ast`` and plain text, no import of the code.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from edocstd import _namespaces

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "edocstd"


def _modules() -> Iterator[tuple[str, str]]:
    for path in sorted(SRC.rglob("*.py")):
        yield path.relative_to(SRC).as_posix(), path.read_text(encoding="utf-8")


def _string_constants(text: str) -> Iterator[tuple[int, str]]:
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value


def test_each_namespace_is_declared_once() -> None:
    """A namespace URI is written only in ``_namespaces.py``; everything else imports it
    (docstrings and messages may quote one; code may not spell one out again)."""
    uris = {v for k, v in vars(_namespaces).items() if k.endswith("_NS")}
    assert len(uris) == 5
    found = []
    for rel, text in _modules():
        if rel == "_namespaces.py":
            continue
        found += [f"{rel}:{line}" for line, value in _string_constants(text) if value in uris]
        found += [f"{rel}:{line}" for line, value in _string_constants(text)
                  if any(f"{{{uri}}}" in value for uri in uris)]
    assert not found, f"import the namespace from edocstd._namespaces instead: {found}"


def _constructed_names() -> set[str]:
    """Every name called anywhere in src/ (``X(...)``, ``mod.X(...)``)."""
    names: set[str] = set()
    for _, text in _modules():
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Call):
                func = node.func
                if isinstance(func, ast.Name):
                    names.add(func.id)
                elif isinstance(func, ast.Attribute):
                    names.add(func.attr)
    return names


def test_every_public_exception_is_raised_somewhere() -> None:
    """An exception in the public surface that nothing raises only misleads an ``except``."""
    import edocstd
    import edocstd.hub

    exported = {
        f"{module.__name__}.{name}": name
        for module in (edocstd, edocstd.hub)
        for name in module.__all__
        if isinstance(getattr(module, name), type)
        and issubclass(getattr(module, name), BaseException)
    }
    assert "edocstd.InvalidSignature" in exported and "edocstd.hub.HubRejected" in exported
    called = _constructed_names()
    assert sorted(full for full, name in exported.items() if name not in called) == []


def test_the_never_raised_disallowed_algorithm_is_deprecated() -> None:
    import edocstd

    assert "DisallowedAlgorithm" not in edocstd.__all__
    assert "DisallowedAlgorithm" not in dir(edocstd)
    with pytest.warns(DeprecationWarning, match="(?s)lỗi thời.*\nedocstd.* is deprecated"):
        old = edocstd.DisallowedAlgorithm
    assert issubclass(old, edocstd.SignatureError)
    assert old.__module__ == "edocstd"


def test_public_functions_take_no_any() -> None:
    """The entry points say what they take (``Source``, ``TrustSource``, ``Policy``…):
    ``Any`` in a public function's parameters tells a type checker nothing.  (What some
    return is JSON, ``dict[str, Any]``.)"""
    import inspect

    import edocstd
    import edocstd.hub
    import edocstd.testing

    untyped = []
    for module in (edocstd, edocstd.hub, edocstd.testing):
        for name in module.__all__:
            obj = getattr(module, name)
            if not inspect.isfunction(obj):
                continue
            for param, annotation in obj.__annotations__.items():
                if param != "return" and re.search(r"\bAny\b", str(annotation)):
                    untyped.append(f"{module.__name__}.{name}({param}: {annotation})")
    assert untyped == []


_DOC_REFERENCE = re.compile(r"(?<![\w/.-])((?:\.\./)*[\w./-]*\w\.(?:md|ipynb))\b")


def _doc_references(text: str) -> Iterator[tuple[int, str]]:
    """``(line, reference)`` of every ``something.md`` in comments, docstrings and strings."""
    for number, line in enumerate(text.splitlines(), 1):
        for match in _DOC_REFERENCE.finditer(line):
            yield number, match.group(1)


def test_source_refers_only_to_documents_in_the_repository() -> None:
    """A docstring or comment that says "see docs/x.md" names a file of this repository, by
    its path from the root (a reader has the repository, not the notes it was written from)."""
    missing = [
        f"{rel}:{line}: {ref}"
        for rel, text in _modules()
        for line, ref in _doc_references(text)
        if ref.startswith("../") or not (ROOT / ref).is_file()
    ]
    assert missing == []
    found = {ref for _, text in _modules() for _, ref in _doc_references(text)}
    assert "docs/signatures.md" in found  # the scan sees them


def test_the_reference_scan_catches_what_is_not_there() -> None:
    text = (
        '"""See docs/signatures.md and ../shared/spec/vxp-transport.md §5."""\n'
        "# vxp-transport.md §2, docs/nothing-here.md, docs/cookbook/status.md\n"
    )
    refs = [ref for _, ref in _doc_references(text)]
    assert refs == [
        "docs/signatures.md",
        "../shared/spec/vxp-transport.md",
        "vxp-transport.md",
        "docs/nothing-here.md",
        "docs/cookbook/status.md",
    ]
    assert [r for r in refs if r.startswith("../") or not (ROOT / r).is_file()] == [
        "../shared/spec/vxp-transport.md",
        "vxp-transport.md",
        "docs/nothing-here.md",
    ]
