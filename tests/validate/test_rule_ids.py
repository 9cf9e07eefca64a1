"""Rule ids are written once, where the catalogue declares them: every other module of
``src/edocstd`` refers to the declared rule (``ATT_009``), never to the id text."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "edocstd"
CATALOGUE = PACKAGE / "_validate" / "catalogue"
RULE_ID = re.compile(r"EDX-[A-Z]+-\d{3}")


def _documentation(tree: ast.AST) -> set[int]:
    """ids of the string constants that are documentation (docstrings, attribute notes):
    a string standing alone as a statement."""
    return {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }


def rule_id_literals(text: str) -> list[tuple[int, str]]:
    """(line, id) of each rule id written in a string that is a value (not documentation)."""
    tree = ast.parse(text)
    skip = _documentation(tree)
    return [
        (node.lineno, match)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
        for match in RULE_ID.findall(node.value)
    ]


def test_rule_ids_are_written_only_in_the_catalogue() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if CATALOGUE in path.parents:
            continue
        for line, rule in rule_id_literals(path.read_text(encoding="utf-8")):
            found.append(f"{path.relative_to(PACKAGE)}:{line}: {rule}")
    assert not found, "rule ids outside the catalogue (use the declared rule):\n" + "\n".join(found)


def test_the_scan_sees_values_and_f_strings_but_not_documentation() -> None:
    text = (
        '"""About EDX-ATT-001."""\n'
        'A = "EDX-ATT-002"\n'
        '"""A note on A: EDX-ATT-003."""\n'
        "def f(n):\n"
        '    """EDX-ATT-004"""\n'
        '    return {"EDX-REQ-005": f"EDX-DATE-{n}06 EDX-TO-007"}\n'
    )
    assert rule_id_literals(text) == [(2, "EDX-ATT-002"), (6, "EDX-REQ-005"), (6, "EDX-TO-007")]


def test_each_rule_is_declared_under_the_name_of_its_id() -> None:
    from edocstd._validate.catalogue import MISSING, RULES

    declared = set()
    for path in sorted(CATALOGUE.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        pattern = r'^([A-Z]+)_(\d{3}) = _rule\(\n    "(EDX-[A-Z]+-\d{3})"'
        for area, number, rule in re.findall(pattern, text, re.M):
            assert rule == f"EDX-{area}-{number}", (path.name, rule)
            declared.add(rule)
    required = {rule.id for rule in MISSING.values()}  # declared from the REQUIRED table
    assert declared | required == set(RULES) and not declared & required
