"""Locate and load edocstd's XML Schemas (XSD 1.0) for edXML packages.

Four schemas, two flavours (see ``docs/schemas.md``):

* ``"edoc"`` / ``"status"`` - the *tolerant* flavour used by the ``vdxp`` and ``lenient``
  profiles: child order is free, leaves are plain strings, VNPT/.NET extensions are accepted;
  cardinality, code lists and date formats are left to the business rules.
* ``"edoc-strict"`` / ``"status-strict"`` - the *strict* flavour: exactly what the official
  Java SDK EdXML102 0.0.3 writes (element order, cardinality, code lists, date patterns).

The XSD files live in the repository's ``schemas/`` folder and are shipped inside the wheel as
``edocstd/schemas/``.  They load offline: no network, no DTD, no entity expansion.
"""

from __future__ import annotations

import importlib.resources
import threading
from pathlib import Path

from lxml import etree

from .._errors import EdocError

SCHEMA_NAMES: tuple[str, ...] = ("edoc", "status", "edoc-strict", "status-strict")
"""Names accepted by :func:`load_schema` (the file is ``<name>.xsd``)."""

TYPES_FILE = "qcvn102-types.xsd"
"""Shared types included by every schema."""


def _packaged_dir() -> Path | None:
    """``edocstd/schemas`` inside an installed wheel, if it is a real directory."""
    try:
        candidate = importlib.resources.files("edocstd") / "schemas"
    except (ImportError, TypeError, ValueError, OSError):
        return None
    # Only a plain file-system directory will do: lxml resolves xs:include by file path.
    if isinstance(candidate, Path) and candidate.is_dir():
        return candidate
    return None


def schema_dir() -> Path:
    """The folder holding the XSD files.

    First ``edocstd/schemas`` of an installed wheel, otherwise the repository's ``schemas/``
    folder next to ``src/`` (source checkout or editable install).
    """
    packaged = _packaged_dir()
    if packaged is not None:
        return packaged
    return Path(__file__).resolve().parents[3] / "schemas"


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


_per_thread = threading.local()
_compiling = threading.Lock()
"""Held while a schema compiles.  libxml2's first schema compile in a process is not
thread-safe: five hub workers loading their first package together got "Document is not
valid XML Schema", and sometimes a double free or a segfault.  Each thread compiles once, so
the lock costs nothing after start-up."""


def load_schema(name: str) -> etree.XMLSchema:
    """The compiled schema ``name`` (one of :data:`SCHEMA_NAMES`), cached per thread.

    Per thread because an ``XMLSchema`` keeps the error log of its last validation: threads
    sharing one object could read each other's errors.  Raises
    :class:`edocstd.EdocError` for an unknown name, a missing file or a schema that
    does not compile.
    """
    cache: dict[str, etree.XMLSchema] | None = getattr(_per_thread, "schemas", None)
    if cache is None:
        cache = _per_thread.schemas = {}
    schema = cache.get(name)
    if schema is None:
        with _compiling:
            schema = cache[name] = _compile(name)
    return schema


def _compile(name: str) -> etree.XMLSchema:
    if name not in SCHEMA_NAMES:
        raise EdocError(f"unknown schema {name!r}; expected one of {', '.join(SCHEMA_NAMES)}")
    folder = schema_dir()
    path = folder / f"{name}.xsd"
    for needed in (path, folder / TYPES_FILE):
        if not needed.is_file():
            raise EdocError(
                f"schema file {needed.name} is missing from {folder} "
                "(broken installation: the wheel must contain edocstd/schemas/)"
            )
    try:
        document = etree.parse(str(path), _parser())
        return etree.XMLSchema(document)
    except (etree.XMLSyntaxError, etree.XMLSchemaParseError) as exc:
        raise EdocError(f"schema {path} cannot be loaded: {exc}") from exc


__all__ = ["SCHEMA_NAMES", "TYPES_FILE", "load_schema", "schema_dir"]
