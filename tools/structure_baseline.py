"""Print the allowlists of tests/test_structure.py for this tree *and* the branches not yet merged.

A ratchet that only knew this branch would turn red the moment a parallel branch that grows a
long module is merged.  So each ceiling is this tree's size plus the growth the trunk brings
since it parted from this branch, plus the growth each other branch brings since it last
parted from the trunk or from this branch (so work merged already is counted once); the upward
imports are those of this tree, the trunk and every branch.  Paste the output over the three
blocks at the top of tests/test_structure.py.  With no branch and ``--trunk HEAD``, the result
is this tree's own measure: use that once everything is merged, to ratchet the ceilings down.

    python tools/structure_baseline.py --trunk main issue-10 issue-14 issue-16
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _structure() -> ModuleType:
    path = ROOT / "tests" / "test_structure.py"
    spec = importlib.util.spec_from_file_location("_structure", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _git(*args: str) -> bytes:
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, check=True).stdout


def _measure_rev(structure: ModuleType, rev: str) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(fileobj=BytesIO(_git("archive", rev, "src"))) as archive:
            if hasattr(tarfile, "data_filter"):  # Python 3.12, and 3.10.12 / 3.11.4 on
                archive.extractall(tmp, filter="data")
            else:  # our own repository's archive
                archive.extractall(tmp)
        result: dict[str, Any] = structure.measure(Path(tmp) / "src")
        return result


def _latest_base(branch: str, onto: str) -> str:
    """Where ``branch`` parted from ``onto`` or from this branch, whichever is later: work of
    ``branch`` already merged here is not counted again."""
    bases = [_git("merge-base", rev, branch).decode().strip() for rev in (onto, "HEAD")]
    later_is_here = subprocess.run(
        ["git", "-C", str(ROOT), "merge-base", "--is-ancestor", bases[0], bases[1]], check=False
    ).returncode == 0
    return bases[1] if later_is_here else bases[0]


def _growth(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    return {key: n - before.get(key, 0) for key, n in after.items() if n > before.get(key, 0)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("branches", nargs="*", help="branches still to be merged")
    parser.add_argument("--trunk", default="main", help="the branch everything is merged into")
    options = parser.parse_args()
    structure = _structure()
    mine = structure.measure()
    sizes: dict[str, int] = dict(mine["sizes"])
    lengths = {key: n for key, (n, explained) in mine["functions"].items() if not explained}
    upward: set[tuple[str, str]] = set(mine["upward"])
    for branch, onto in [(options.trunk, "HEAD")] + [(b, options.trunk) for b in options.branches]:
        base = _latest_base(branch, onto)
        before, after = _measure_rev(structure, base), _measure_rev(structure, branch)
        for rel, extra in _growth(before["sizes"], after["sizes"]).items():
            sizes[rel] = sizes.get(rel, 0) + extra
        old = {key: n for key, (n, _) in before["functions"].items()}
        new = {key: n for key, (n, why) in after["functions"].items() if not why}
        for key, extra in _growth(old, new).items():
            lengths[key] = lengths.get(key, 0) + extra
        upward |= after["upward"]
    print("MODULE_CEILINGS: dict[str, int] = {")
    for rel, n in sorted(sizes.items()):
        if n > structure.MAX_MODULE_LINES:
            print(f'    "{rel}": {n},')
    print("}\n\nFUNCTION_CEILINGS: dict[str, int] = {")
    for key, n in sorted(lengths.items()):
        if n > structure.MAX_FUNCTION_LINES:
            print(f'    "{key}": {n},')
    if not upward:
        print("}\n\nUPWARD_IMPORTS: frozenset[tuple[str, str]] = frozenset()")
        return
    print("}\n\nUPWARD_IMPORTS: frozenset[tuple[str, str]] = frozenset(\n    {")
    for pair in sorted(upward):
        print(f'        ("{pair[0]}", "{pair[1]}"),')
    print("    }\n)")


if __name__ == "__main__":
    main()
