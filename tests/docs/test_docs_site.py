"""The documentation site: the API reference covers ``edocstd.__all__``; no private names.

The site itself is built by ``scripts/test.sh`` (and ``tox -e docs``) with
``mkdocs build --strict``; ``tools/docs_hooks.py`` runs the coverage check below inside that
build, so a public name missing from ``docs/api/`` fails both.
"""

from __future__ import annotations

import importlib.util
import inspect
import re
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

import edocstd

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"


def _hooks() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_hooks", ROOT / "tools" / "docs_hooks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_api_reference_documents_every_public_name() -> None:
    assert _hooks().coverage_problems(DOCS) == []
    assert _hooks().documented_names(DOCS) == set(edocstd.__all__)


def test_the_coverage_check_names_what_is_missing_or_extra(tmp_path: Path) -> None:
    api = tmp_path / "api"
    api.mkdir()
    names = [*sorted(set(edocstd.__all__) - {"table"}), "NotPublic"]
    api.joinpath("page.md").write_text(
        "\n\n".join(f"::: edocstd.{n}" for n in names), encoding="utf-8"
    )
    assert _hooks().coverage_problems(tmp_path) == [
        "edocstd.table: public but not in docs/api/",
        "edocstd.NotPublic: in docs/api/ but not public",
    ]


def test_the_coverage_check_wants_a_docstring(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(edocstd.Severity, "__doc__", None)
    assert _hooks().coverage_problems(DOCS) == ["edocstd.Severity: no docstring"]


def test_docs_never_name_private_modules() -> None:
    private = re.compile(r"\bedocstd(?:\.hub|\.testing)?\._[a-z]\w*")
    pages = [ROOT / "README.md", *sorted(DOCS.rglob("*.md")), *sorted(DOCS.rglob("*.ipynb"))]
    found = {
        str(p.relative_to(ROOT)): sorted(set(private.findall(p.read_text(encoding="utf-8"))))
        for p in pages
    }
    assert {k: v for k, v in found.items() if v} == {}


def test_every_page_is_in_the_nav() -> None:
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:\n", 1)[1]
    listed = set(re.findall(r":\s+(\S+\.(?:md|ipynb))\s*$", nav, re.MULTILINE))
    pages = {str(p.relative_to(DOCS)) for p in DOCS.rglob("*") if p.suffix in (".md", ".ipynb")}
    pages = {p for p in pages if ".ipynb_checkpoints" not in p}
    assert pages - listed == set()
    assert listed - pages == set()


def test_table_docstrings_name_every_column() -> None:
    from edocstd._tables import FINDING_COLUMNS, PACKAGE_COLUMNS

    for function, columns in (
        (edocstd.table, PACKAGE_COLUMNS),
        (edocstd.findings_table, FINDING_COLUMNS),
    ):
        doc = function.__doc__ or ""
        assert [c for c in columns if f"``{c}``" not in doc] == []


def test_a_rendered_page_naming_a_private_module_fails_the_build() -> None:
    """The build's last line of defence: whatever a page or a docstring renders to, a private
    module path in it (``edocstd._model``…) fails ``mkdocs build``; sphinx roles are dropped."""
    errors = pytest.importorskip("mkdocs.exceptions")

    class Page:
        class file:
            src_path = "api/model.md"

    hooks = _hooks()
    with pytest.raises(errors.PluginError, match=r"api/model\.md.*edocstd\._model"):
        hooks.on_page_content("<p>see <code>edocstd._model.package.Edoc</code></p>", Page())
    with pytest.raises(errors.PluginError, match=r"edocstd\.hub\._client"):
        hooks.on_page_content("<p>edocstd.hub._client.HubClient</p>", Page())
    shown = hooks.on_page_content("<p>:class:<code>Report</code> of edocstd.Report</p>", Page())
    assert shown == "<p><code>Report</code> of edocstd.Report</p>"


def _public_docstrings() -> Iterator[tuple[str, str]]:
    """``(name, docstring)`` of every documented name and its public members, as rendered."""
    import edocstd.hub
    import edocstd.testing

    for module in (edocstd, edocstd.hub, edocstd.testing):
        for name in module.__all__:
            obj = getattr(module, name)
            yield f"{module.__name__}.{name}", inspect.getdoc(obj) or ""
            # inherited members too: the pages render them (Edoc.to_dict lives on its base)
            bases = [k for k in obj.__mro__ if k is not object] if inspect.isclass(obj) else []
            for member, value in (item for klass in bases for item in vars(klass).items()):
                if not member.startswith("_"):
                    value = value.fget if isinstance(value, property) else value
                    yield f"{module.__name__}.{name}.{member}", getattr(value, "__doc__", "") or ""


def test_docstrings_of_public_names_never_name_private_modules() -> None:
    """What ``::: edocstd.NAME`` renders, checked without building the site."""
    private = re.compile(r"\bedocstd(?:\.hub|\.testing)?\._[a-z]\w*")
    found = {
        name: sorted(set(private.findall(doc)))
        for name, doc in _public_docstrings()
        if private.search(doc)
    }
    assert found == {}
