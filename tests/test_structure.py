"""The shape of the code under ``src/edocstd``: module size, function length, import direction.

Three ratchets, read with ``ast`` (no import of the code, milliseconds):

* no module over :data:`MAX_MODULE_LINES` lines, except today's offenders in
  :data:`MODULE_CEILINGS` (each may shrink, never grow past its ceiling);
* no function over :data:`MAX_FUNCTION_LINES` lines (from its ``def`` line to its last line),
  except today's offenders in :data:`FUNCTION_CEILINGS`, or one that says why it is long in a
  ``# long: <reason>`` comment on its ``def`` line or in the comments right above it;
* imports go down :data:`LAYERS` only: a module may import its own unit (top-level module or
  package of ``edocstd``) and the units of *lower* layers.  Every ``import`` counts, including
  function-local ones and those under ``TYPE_CHECKING``; today's upward imports are listed in
  :data:`UPWARD_IMPORTS` (importing module, imported module).

The allowlists are data for the next session to shrink: when a test here says an entry is
stale or larger than needed, lower or delete it.  ``python tools/structure_baseline.py
--trunk HEAD`` prints what the tree measures today, in the form of the three blocks below.
``docs/architecture.md`` explains the layers.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = "edocstd"

MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 60
LONG_MARKER = "# long:"

# Lowest layer first.  A unit is a top-level module or package of edocstd ("edocstd" itself is
# the public __init__).  Units in one layer are siblings: they may not import each other.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("_i18n", "_text", "_views", "_namespaces", "_record"),  # messages; safe text; view hooks;
    # namespaces; eq/hash/repr of the attrs classes
    ("_errors", "_log"),  # the exception tree; the library's logger
    ("_findings", "_narrow"),  # Finding and Severity; narrowing helpers for typed inputs
    ("_model",),  # attrs classes of the package (elements, attachments, values, codes)
    ("_types",),  # shared type aliases over the model
    ("_xml",),  # parser configuration, reader, writer, dict mapping
    ("_ids",),  # OrganId and DocumentId
    ("_api",),  # load / loads / dump / dumps
    ("_sign",),  # XMLDSig sign and verify, keys, trust, policy
    ("_pdf",),  # signatures inside attached PDFs (sandboxed pyHanko)
    ("_validate",),  # the tiers, rules, catalogue, reports
    ("_lifecycle", "_batch"),  # business flows, replies, tracker; many packages at once
    ("_tables", "_display"),  # pandas tables; text and HTML views
    ("edocstd",),  # the curated public surface
    ("hub",),  # the axis client and local hub (optional extra)
    ("testing",),  # pytest helpers, factories and strategies for users' tests
    ("cli",),  # the command line
    ("__main__",),
)

# The ceilings below include the growth the branches still open when they were written bring
# (tools/structure_baseline.py adds it), so that merging those branches keeps this file green.
# Once they are merged: empty PENDING_BRANCHES, run `python tools/structure_baseline.py --trunk
# HEAD`, paste its output here; the stale-entry checks then hold the ratchet tight.
PENDING_BRANCHES: tuple[str, ...] = ()

# Modules over MAX_MODULE_LINES, "path under src/edocstd" -> ceiling (may shrink, never grow).
# Functions over MAX_FUNCTION_LINES, "path:qualified.name" -> ceiling.
# Imports up the layers, (importing module, imported module).
MODULE_CEILINGS: dict[str, int] = {
}

FUNCTION_CEILINGS: dict[str, int] = {
}

UPWARD_IMPORTS: frozenset[tuple[str, str]] = frozenset()


# --- measuring ---------------------------------------------------------------------------------


def source_files(root: Path = SRC) -> Iterator[tuple[str, Path]]:
    """(path relative to src/edocstd with '/', file) of every module, sorted."""
    base = root / PACKAGE
    for path in sorted(base.rglob("*.py")):
        yield path.relative_to(base).as_posix(), path


def module_name(rel: str) -> str:
    parts = [PACKAGE, *rel.removesuffix(".py").split("/")]
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def module_lines(text: str) -> int:
    return len(text.splitlines())


def _says_why(lines: list[str], def_line: int) -> bool:
    """True if the def line, or the comments and decorators right above it, say ``# long:``."""
    index = def_line - 1
    if LONG_MARKER in lines[index]:
        return True
    index -= 1
    while index >= 0 and lines[index].lstrip().startswith(("#", "@")):
        if lines[index].lstrip().startswith(LONG_MARKER):
            return True
        index -= 1
    return False


def function_lengths(text: str) -> dict[str, tuple[int, bool]]:
    """``qualified.name -> (lines from def to end, says why it is long)`` for every function."""
    lines = text.splitlines()
    out: dict[str, tuple[int, bool]] = {}

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                name = prefix + child.name
                end = child.end_lineno or child.lineno
                measured = (end - child.lineno + 1, _says_why(lines, child.lineno))
                # a name defined twice (a property's setter, overloads): the longer counts
                out[name] = max(out.get(name, measured), measured)
                visit(child, name + ".")
            elif isinstance(child, ast.ClassDef):
                visit(child, prefix + child.name + ".")
            else:
                visit(child, prefix)

    visit(ast.parse(text), "")
    return out


def imported_modules(text: str, name: str, is_package: bool, known: set[str]) -> set[str]:
    """The edocstd modules ``name`` imports anywhere in its text (relative imports resolved)."""
    here = name.split(".") if is_package else name.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.add(module)
            # `from . import x` imports the module x when there is one
            found.update(f"{module}.{a.name}" for a in node.names if f"{module}.{a.name}" in known)
    return {m for m in found if m == PACKAGE or m.startswith(PACKAGE + ".")}


def unit_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else PACKAGE


def layer_of() -> dict[str, int]:
    return {unit: i for i, layer in enumerate(LAYERS) for unit in layer}


def measure(root: Path = SRC) -> dict[str, object]:
    """What the tree at ``root`` measures: sizes, function lengths, upward imports, units."""
    files = {rel: path.read_text(encoding="utf-8") for rel, path in source_files(root)}
    known = {module_name(rel) for rel in files}
    layers = layer_of()
    sizes = {rel: module_lines(text) for rel, text in files.items()}
    functions: dict[str, tuple[int, bool]] = {}
    upward: set[tuple[str, str]] = set()
    units: set[str] = set()
    for rel, text in files.items():
        for qual, info in function_lengths(text).items():
            functions[f"{rel}:{qual}"] = info
        name = module_name(rel)
        units.add(unit_of(name))
        for target in imported_modules(text, name, rel.endswith("__init__.py"), known):
            src_unit, dst_unit = unit_of(name), unit_of(target)
            if src_unit == dst_unit or dst_unit not in layers or src_unit not in layers:
                continue
            if layers[dst_unit] >= layers[src_unit]:
                upward.add((name, target))
    return {"sizes": sizes, "functions": functions, "upward": upward, "units": units}


@pytest.fixture(scope="module")
def tree() -> dict[str, object]:
    if not (SRC / PACKAGE).is_dir():
        pytest.skip("src/edocstd is not here")
    return measure()


# --- the ratchets ------------------------------------------------------------------------------


def test_every_unit_has_a_layer(tree: dict[str, object]) -> None:
    units = tree["units"]
    assert isinstance(units, set)
    missing = sorted(units - set(layer_of()))
    assert not missing, f"declare the layer of {missing} in LAYERS (tests/test_structure.py)"


def test_modules_are_small(tree: dict[str, object]) -> None:
    sizes = tree["sizes"]
    assert isinstance(sizes, dict)
    too_big = {
        rel: n
        for rel, n in sizes.items()
        if n > max(MAX_MODULE_LINES, MODULE_CEILINGS.get(rel, 0))
    }
    assert not too_big, (
        f"modules over {MAX_MODULE_LINES} lines (or over their ceiling): {too_big}; "
        "split them by responsibility"
    )


_STALE_CHECKS = pytest.mark.skipif(
    bool(PENDING_BRANCHES),
    reason=f"ceilings include the growth of {', '.join(PENDING_BRANCHES)}, not merged yet",
)


@_STALE_CHECKS
def test_module_ceilings_are_not_stale(tree: dict[str, object]) -> None:
    sizes = tree["sizes"]
    assert isinstance(sizes, dict)
    stale = sorted(rel for rel in MODULE_CEILINGS if sizes.get(rel, 0) <= MAX_MODULE_LINES)
    assert not stale, f"now small enough: delete {stale} from MODULE_CEILINGS"


def test_functions_are_short(tree: dict[str, object]) -> None:
    functions = tree["functions"]
    assert isinstance(functions, dict)
    too_long = {
        key: n
        for key, (n, explained) in functions.items()
        if not explained and n > max(MAX_FUNCTION_LINES, FUNCTION_CEILINGS.get(key, 0))
    }
    assert not too_long, (
        f"functions over {MAX_FUNCTION_LINES} lines (or over their ceiling): {too_long}; "
        f"split them, or say why on the def line or above it ('{LONG_MARKER} <reason>')"
    )


@_STALE_CHECKS
def test_function_ceilings_are_not_stale(tree: dict[str, object]) -> None:
    functions = tree["functions"]
    assert isinstance(functions, dict)
    stale = sorted(
        key
        for key in FUNCTION_CEILINGS
        if key not in functions or functions[key][0] <= MAX_FUNCTION_LINES or functions[key][1]
    )
    assert not stale, f"gone, short or explained now: delete {stale} from FUNCTION_CEILINGS"


def test_imports_go_down_the_layers(tree: dict[str, object]) -> None:
    upward = tree["upward"]
    assert isinstance(upward, set)
    new = sorted(upward - UPWARD_IMPORTS)
    assert not new, (
        f"imports up the layers (importer, imported): {new}; move the code to the layer "
        "it belongs to, or pass what it needs down (see LAYERS and docs/architecture.md)"
    )


@_STALE_CHECKS
def test_upward_allowlist_is_not_stale(tree: dict[str, object]) -> None:
    upward = tree["upward"]
    assert isinstance(upward, set)
    gone = sorted(UPWARD_IMPORTS - upward)
    assert not gone, f"no longer imported upward: delete {gone} from UPWARD_IMPORTS"


# --- the measures themselves -------------------------------------------------------------------


def test_function_length_counts_from_def_to_last_line_and_sees_the_reason() -> None:
    text = (
        "class A:\n    def f(self):\n        x = 1\n\n        return x\n\n\n"
        "# long: why\n# and more\n@decorated\ndef g():\n    pass\n"
        "# long: not next to h\n\ndef h():  # short\n    pass\n"
        "def h():\n    x = 1\n    return x\n"
    )
    assert function_lengths(text) == {"A.f": (4, False), "g": (2, True), "h": (3, False)}


def test_function_local_and_relative_imports_are_found() -> None:
    text = (
        "from . import writer\nfrom .._model import base\nimport edocstd._sign\n"
        "def f():\n    from ..validate_x import y\n    import json\n"
    )
    known = {"edocstd._xml.writer", "edocstd._model.base"}
    found = imported_modules(text, "edocstd._xml.reader", False, known)
    assert found == {
        "edocstd._xml",
        "edocstd._xml.writer",
        "edocstd._model",
        "edocstd._model.base",
        "edocstd._sign",
        "edocstd.validate_x",
    }


def test_an_upward_import_is_caught(tmp_path: Path) -> None:
    pkg = tmp_path / PACKAGE
    (pkg / "_model").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "_model" / "__init__.py").write_text("")
    (pkg / "_model" / "x.py").write_text("def f():\n    from .._validate import y\n")
    (pkg / "_validate.py").write_text("from ._model import x\n")
    assert measure(tmp_path)["upward"] == {("edocstd._model.x", "edocstd._validate")}
