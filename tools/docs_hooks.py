"""MkDocs hooks of the documentation site (``mkdocs.yml`` names this file under ``hooks``).

The API reference (``docs/api/*.md``) documents each public name with a ``::: edocstd.NAME``
line.  The build fails when a name of ``edocstd.__all__`` has no such line, when a line names
something that is not public, or when a rendered page shows a private (underscore) module
path such as ``edocstd._model`` or ``edocstd.hub._client``: users must only ever see public
names.  Sphinx roles left in rendered docstrings (``:class:``) are dropped, keeping the name
they mark.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

_DIRECTIVE = re.compile(r"^:::\s+edocstd\.(\w+)\s*$", re.MULTILINE)
_PRIVATE = re.compile(r"\bedocstd(?:\.hub|\.testing)?\._[a-z]\w*")
# docstrings use Sphinx roles (:class:`Report`); mkdocstrings leaves the role's name in the text
_ROLE = re.compile(r":(?:class|func|meth|attr|data|exc|mod|obj):(?=<code>)")


def documented_names(docs_dir: Path) -> set[str]:
    """The names the API pages document (``::: edocstd.NAME``)."""
    names: set[str] = set()
    for page in sorted((docs_dir / "api").glob("*.md")):
        names.update(_DIRECTIVE.findall(page.read_text(encoding="utf-8")))
    return names


def _has_docstring(obj: object) -> bool:
    """A class or function documents itself (a class's own docstring, not one it inherits)."""
    if isinstance(obj, type):
        return bool(obj.__dict__.get("__doc__"))
    if callable(obj):
        return bool(getattr(obj, "__doc__", None))
    return True  # constants are documented by the comment string that follows them


def coverage_problems(docs_dir: Path) -> list[str]:
    """Public names missing from the API pages or without a docstring, and names in the pages
    that are not public."""
    import edocstd

    public = set(edocstd.__all__)
    documented = documented_names(docs_dir)
    problems = [f"edocstd.{n}: public but not in docs/api/" for n in sorted(public - documented)]
    problems += [f"edocstd.{n}: in docs/api/ but not public" for n in sorted(documented - public)]
    problems += [
        f"edocstd.{n}: no docstring"
        for n in sorted(public)
        if not _has_docstring(getattr(edocstd, n))
    ]
    return problems


def on_config(config: Any) -> Any:
    from mkdocs.exceptions import PluginError

    problems = coverage_problems(Path(config["docs_dir"]))
    if problems:
        raise PluginError(
            "Tài liệu API chưa khớp edocstd.__all__ / the API reference does not match "
            "edocstd.__all__ (add a `::: edocstd.NAME` line to a page of docs/api/):\n  "
            + "\n  ".join(problems)
        )
    return config


def on_page_content(html: str, page: Any, **_: Any) -> str:
    from mkdocs.exceptions import PluginError

    found = sorted(set(_PRIVATE.findall(html)))
    if found:
        raise PluginError(
            f"{page.file.src_path} nêu tên mô-đun nội bộ / names private modules: "
            + ", ".join(found)
        )
    return _ROLE.sub("", html)
