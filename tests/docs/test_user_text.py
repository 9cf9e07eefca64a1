"""What users read cites nothing they cannot look up: messages, the rule catalogue, the docs,
the schemas' annotations, the API docstrings and the command line's help."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


# A section of the project's own fact sheet ("spec §10", "đặc tả §9.1"): users do not have it.
# A section of a public document that names it ("RFC 5280 §4.2.1.10") is fine.
_INTERNAL_SECTION = re.compile(r"(?<!RFC \d{4} )§")


def _public_docstrings() -> Iterator[tuple[str, str]]:
    """The docstrings the API pages show: the public names and their public members."""
    import inspect

    import edocstd
    import edocstd.hub
    import edocstd.testing

    for module in (edocstd, edocstd.hub, edocstd.testing):
        yield module.__name__, module.__doc__ or ""
        for name in module.__all__:
            obj = getattr(module, name)
            yield f"{module.__name__}.{name}", getattr(obj, "__doc__", None) or ""
            if inspect.isclass(obj):
                for member, value in vars(obj).items():
                    if not member.startswith("_"):
                        yield f"{name}.{member}", getattr(value, "__doc__", None) or ""


def _cli_help() -> Iterator[tuple[str, str]]:
    import argparse

    from edocstd.cli import build_parser

    parser = build_parser()
    yield "edocstd --help", parser.format_help()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield f"edocstd {name} --help", sub.format_help()


def _user_texts() -> Iterator[tuple[str, str]]:
    import attrs

    import edocstd
    from edocstd._xml.rules import READER_RULES

    for rule in edocstd.RULES.values():
        for field in attrs.fields(type(rule)):
            value = getattr(rule, field.name)
            if isinstance(value, str):
                yield f"{rule.id}.{field.name}", value
        yield f"{rule.id}.why", rule.why
    for rule_id, (_severity, en, vi) in READER_RULES.items():
        yield rule_id, f"{en}\n{vi}"
    for path in [*sorted((ROOT / "docs").rglob("*.md")), *sorted((ROOT / "schemas").glob("*.xsd"))]:
        yield path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")
    yield "README.md", (ROOT / "README.md").read_text(encoding="utf-8")
    yield from _public_docstrings()
    yield from _cli_help()


def test_user_facing_text_cites_no_section_of_the_internal_fact_sheet() -> None:
    """Messages, the rule catalogue, the docs, the schemas' annotations, the API docstrings and
    the command line's help say what they mean, or cite what a user can look up (QCVN 102, an
    RFC): never a section of the fact sheet this project was written from."""
    texts = list(_user_texts())
    assert len(texts) > 300  # the scan sees them all
    found = [
        f"{where}: …{text[max(0, m.start() - 40) : m.end() + 10]}…"
        for where, text in texts
        for m in _INTERNAL_SECTION.finditer(text)
    ]
    assert found == []
    assert _INTERNAL_SECTION.findall("RFC 5280 §4.2.1.10, spec §10, đặc tả §9.1") == ["§", "§"]
