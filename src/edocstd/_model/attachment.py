"""Attachments (``AttachmentEncoded/Attachment``) and the manifest (``edXMLManifest/Reference``).

The manifest describes each file; the attachment block carries it, base64 inline; they are
joined by ``ContentId`` (``cid:209`` in the SDK, sometimes bare on one side).
"""

from __future__ import annotations

import io
import os
import tempfile
import unicodedata
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import attrs

from .._errors import BuildError, EdocError
from .._log import log
from .base import ATTRIBUTE_PAIRS, Node, element, payload_element, tag_name
from .document import (
    Carrier,
    carrier_of,
    document_head,
    extension,
    open_decoded,
    open_wrapped,
    single_zip_entry,
    zip_facts,
)
from .filetypes import OLE_TYPES, detect_type, sniff_type, type_from_name, types_agree
from .payload import Payload, TempFilePayload, payload_from
from .values import Kind

if TYPE_CHECKING:
    from uuid import UUID

_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    "CONIN$",
    "CONOUT$",
    *(f"COM{i}" for i in (*range(10), "¹", "²", "³")),
    *(f"LPT{i}" for i in (*range(10), "¹", "²", "³")),
}
# Control characters, characters Windows forbids, and the bidirectional controls that let a
# name such as "invoice\u202efdp.exe" display as "invoiceexe.pdf": each becomes "_".  (Tables
# for str.translate: a regular expression over these ranges took 0.5 ms to compile at import.)
_UNSAFE = dict.fromkeys(
    (*range(0x20), 0x7F, *map(ord, '<>:"|?*'), 0x200E, 0x200F, *range(0x202A, 0x202F),
     *range(0x2066, 0x206A)),
    "_",
)  # fmt: skip
# Invisible characters that make two different names look the same: removed.
_ZERO_WIDTH = dict.fromkeys([0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF])
_MAX_NAME_BYTES = 240  # file systems allow 255 bytes; room left for " (12).ext" numbering


def safe_file_name(name: str | None, fallback: str) -> str:
    """A file name that cannot leave the target folder: no separators, no '..', no device
    names, no invisible characters; the same rules for ``fallback`` (the ContentId)."""
    own = (name or "").replace("\\", "/").split("/")[-1]
    spare = fallback.replace("/", "_").replace("\\", "_")
    return _safe_part(own) or _safe_part(spare) or "attachment"


def _safe_part(candidate: str) -> str:
    candidate = unicodedata.normalize("NFC", candidate).translate(_ZERO_WIDTH)
    candidate = candidate.translate(_UNSAFE).strip(" .")
    if candidate and candidate.split(".")[0].strip().upper() in _RESERVED:
        candidate = "_" + candidate
    return _shorten(candidate, _MAX_NAME_BYTES) if candidate else ""


def _shorten(name: str, max_bytes: int) -> str:
    """Cut the stem so the UTF-8 name fits ``max_bytes``, keeping a sensible extension."""
    if len(name.encode("utf-8")) <= max_bytes:
        return name
    stem, ext = os.path.splitext(name)
    if len(ext.encode("utf-8")) > 16:
        stem, ext = name, ""
    room = max_bytes - len(ext.encode("utf-8"))
    cut = stem.encode("utf-8")[:room].decode("utf-8", "ignore").rstrip(" .")
    return (cut or "attachment") + ext


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Reference(Node):
    """``edXMLManifest/Reference``: describes one attachment (SDK order: ContentId,
    ContentType, Description, AttachmentName).  .NET adds xlink attributes, kept."""

    XML_NAME = "Reference"
    content_id: str | None = element("ContentId")
    content_type: str | None = element("ContentType")
    description: str | None = element("Description")
    attachment_name: str | None = element("AttachmentName")


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Manifest(Node):
    """``edXMLManifest`` (``Manifest`` in some traffic; ``name`` says which), with references."""

    XML_NAME = "edXMLManifest"
    references: tuple[Reference, ...] = element("Reference", Kind.NODE, node=Reference, many=True)
    name: str = tag_name("edXMLManifest")
    attributes: tuple[tuple[str, str], ...] = attrs.field(
        default=(("version", "1.0"),),
        converter=ATTRIBUTE_PAIRS,  # type: ignore[misc]  # mypy's attrs plugin knows no Converter
        repr=False,
    )  # the SDK writes version="1.0"


def bare_cid(content_id: str | None) -> str:
    """A content id without its ``cid:`` prefix (compared that way: both forms occur)."""
    value = (content_id or "").strip()
    return value[4:] if value.lower().startswith("cid:") else value


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Attachment(Node):
    """One attached file.  ``payload`` is its content (``None`` when the package has no
    ``ContentTransferEncoded`` element for it); decode with ``read()``, ``save()`` or
    ``payload.iter_decoded()``.  Child order as SDK 0.0.3 writes it."""

    XML_NAME = "Attachment"
    content_id: str | None = element("ContentId")
    attachment_name: str | None = element("AttachmentName")
    description: str | None = element("Description")
    field_name: str | None = element("FieldName")  # VNPT extension
    mime_type: str | None = element("MimeType")  # VNPT extension
    content_type: str | None = element("ContentType")
    payload: Payload | None = payload_element("ContentTransferEncoded")

    @payload.validator
    def _check_payload(self, _attr: object, value: object) -> None:
        if value is not None and not isinstance(value, Payload):
            raise BuildError(
                "payload must be a Payload (use Attachment.create)", path="Attachment.payload"
            )

    # -- building ------------------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        content: bytes | str | os.PathLike[str] | BinaryIO | Payload,
        *,
        name: str | None = None,
        content_type: str | None = None,
        content_id: str | None = None,
        description: str | None = None,
        zip: bool = False,
        keep_original_type: bool = False,
    ) -> Attachment:
        """An attachment from bytes, a path or a binary stream (streams are spooled once).

        ``content_type`` defaults to what the bytes and the name show (IANA types).
        ``zip=True`` wraps the file like the official SDK: a ZIP with one entry
        ``<uuid>.<ext>``, declared ``application/zip`` (form A),
        ``AttachmentName`` unchanged.  With ``keep_original_type=True`` the ZIP is declared
        with the file's own type instead (form B: what receivers built on SDK 0.0.3 expect,
        byte for byte).
        """
        if name is None and isinstance(content, (str, os.PathLike)):
            name = Path(content).name
        if not name:
            raise BuildError("an attachment needs a name", path="Attachment.AttachmentName")
        payload = payload_from(content)
        if content_type is None and (keep_original_type or not zip):
            content_type = detect_type(payload.head(), name)
        if zip:
            payload = _zip_payload(payload, name)
            if not keep_original_type:
                content_type = "application/zip"
        cid = content_id if content_id is not None else f"cid:{_new_uuid()}"
        return cls(
            content_id=cid,
            attachment_name=name,
            description=description if description is not None else name,
            content_type=content_type,
            payload=payload,
        )

    def reference(self) -> Reference:
        """The manifest ``Reference`` describing this attachment."""
        return Reference(
            content_id=self.content_id,
            content_type=self.content_type,
            description=self.description,
            attachment_name=self.attachment_name,
        )

    def __repr__(self) -> str:
        from .._views import render_text

        return render_text("attachment", self)

    def _repr_html_(self) -> str:
        """The attachment as a small card in a notebook (its bytes are never shown)."""
        from .._views import render_html

        return render_html("attachment", self)

    # -- reading -------------------------------------------------------------------------------

    def _require_payload(self) -> Payload:
        if self.payload is None:
            raise EdocError(
                f"attachment {self.attachment_name or self.content_id!r} has no content"
            )
        return self.payload

    def read(self) -> bytes:
        """The decoded content, whole (in memory)."""
        return self._require_payload().read()

    @property
    def size(self) -> int:
        """Decoded size in bytes (decodes in chunks to count)."""
        return self._require_payload().size

    def sha256(self) -> str:
        """The SHA-256 of the decoded content (hex), computed in chunks."""
        return self._require_payload().sha256()

    @property
    def detected_type(self) -> str:
        """The media type the bytes show (the name refines ZIP/OLE families)."""
        return detect_type(self._require_payload().head(), self.attachment_name)

    @property
    def is_zip_wrapped(self) -> bool:
        """The transferred bytes are a ZIP (an SDK wrapper or a ZIP the sender attached)."""
        return sniff_type(self._require_payload().head(8)) == "application/zip"

    # -- the document (what the sender attached) ---------------------------------------------

    @property
    def carrier(self) -> Carrier:
        """How the document is carried, in one of the three forms seen on the axis:
        ``"zip-declared"`` (form A: the SDK's one-entry ZIP declared ``application/zip``),
        ``"zip-undeclared"`` (form B: the same ZIP declared with the document's own type) or
        ``"raw"`` (form C: the file itself; also a ZIP the sender attached, and an attachment
        without content)."""
        return carrier_of(self.payload, self.attachment_name, self.content_type)

    @property
    def document_name(self) -> str:
        """A safe file name for the document, with the document's real extension.

        ``AttachmentName`` made safe like ``save``; when the bytes of a raw file contradict
        its extension (a PDF named ``.doc``, several files zipped under ``.pdf``) the real
        extension is appended, so the file opens with the right program.
        """
        fallback = bare_cid(self.content_id) or "attachment"
        # no name: the ContentId, made safe first (so "AUX" never becomes a device name and an
        # empty name never becomes a bare extension), then given the real extension
        name = self.attachment_name or safe_file_name(None, fallback)
        if self.payload is not None and self.carrier == "raw":
            name = _with_real_extension(name, self._transferred_head())
        return safe_file_name(name, fallback)

    @property
    def document_type(self) -> str:
        """The IANA media type of the document itself, from its bytes (the name refines
        ZIP and OLE families; ``text/plain`` and the like come from the name)."""
        return detect_type(head_of_document(self), self.document_name)

    @property
    def document_size(self) -> int:
        """The document's size in bytes (for forms A and B, as the ZIP declares it)."""
        payload = self._require_payload()
        facts = zip_facts(payload) if self.carrier != "raw" else None
        return facts.entry_size if facts is not None else payload.size

    def open_document(self) -> BinaryIO:
        """The document's bytes as a binary stream, decoded and unwrapped in chunks.

        For forms A and B the ZIP is spooled to a temporary file and its one entry streamed,
        refusing encrypted entries, more than 2 GiB, an expansion over 200× (ZIP bomb) and a
        corrupt stream (``EdocError``).  Use it as a context manager.
        """
        payload = self._require_payload()
        if self.carrier == "raw":
            return open_decoded(payload)
        return open_wrapped(payload)

    def document_facts(self) -> dict[str, Any]:
        """The document's facts as JSON-ready data: ``carrier``, ``name``, ``type``, ``size``
        (``error`` instead of type and size when the content cannot be read)."""
        out: dict[str, Any] = {"carrier": self.carrier, "name": self.document_name}
        try:
            out["type"] = self.document_type
            out["size"] = self.document_size
        except EdocError as exc:
            out["error"] = str(exc)
        return out

    def _transferred_head(self) -> bytes:
        try:
            return self._require_payload().head()
        except EdocError:
            return b""  # undecodable: validation reports it; the name stays as sent

    def save(
        self,
        directory: str | os.PathLike[str],
        *,
        raw: bool = False,
        overwrite: bool = False,
        name: str | None = None,
    ) -> Path:
        """Write the document into ``directory``, decoding (and unwrapping) in chunks.

        By default the document itself: the SDK's ZIP of forms A and B is unwrapped, under
        ``document_name``.  ``raw=True`` writes the transferred bytes instead (a ZIP keeps or
        gains a ``.zip`` extension).  The name is reduced to a bare file name (no folders, no
        ``..``, no device names), so a hostile ``AttachmentName`` cannot write outside
        ``directory``; ``name=`` chooses another (made safe the same way).  An existing file
        is kept and a numbered name used unless ``overwrite``.  Returns the path written.
        """
        payload = self._require_payload()
        folder = Path(directory)
        folder.mkdir(parents=True, exist_ok=True)
        fallback = bare_cid(self.content_id) or "attachment"
        if raw:
            base = safe_file_name(name or self._raw_name(), fallback)
        else:
            base = safe_file_name(name, fallback) if name else self.document_name
        target = unique_path(folder, base, overwrite)
        fd, tmp = _part_file(folder)
        try:
            with os.fdopen(fd, "wb") as out:
                if raw or self.carrier == "raw":
                    payload.write_to(out)
                else:
                    with self.open_document() as src:
                        while block := src.read(256 * 1024):
                            out.write(block)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return target

    def _raw_name(self) -> str:
        name = self.attachment_name or ""
        if self.carrier != "raw" and extension(name) != ".zip":
            return name + ".zip"
        return name

    def unzip(self, *, max_size: int = 512 * 1024**2, max_ratio: int = 200) -> tuple[str, bytes]:
        """Unwrap an SDK-style ZIP: ``(entry name, content)`` of its single file, in memory.

        Refuses archives with several entries, oversized or over-compressed entries (ZIP
        bombs), encrypted or corrupt entries.  The entry name is returned as data, never used
        as a path.  For large files prefer ``unzip_to``.
        """
        out = io.BytesIO()
        name = self._unzip_into(out, max_size=max_size, max_ratio=max_ratio)
        return name, out.getvalue()

    def unzip_to(
        self,
        directory: str | os.PathLike[str],
        *,
        overwrite: bool = False,
        max_size: int = 2 * 1024**3,
        max_ratio: int = 200,
    ) -> tuple[Path, str]:
        """Unwrap an SDK-style ZIP into ``directory``, streaming: ``(file written, entry name)``.

        The file is named after ``AttachmentName`` with the extension of the entry inside
        (``Quyết định.zip`` holding ``<uuid>.pdf`` becomes ``Quyết định.pdf``), made safe like
        ``save``.  Same refusals as ``unzip``.
        """
        folder = Path(directory)
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = _part_file(folder)
        try:
            with os.fdopen(fd, "wb") as out:
                entry = self._unzip_into(out, max_size=max_size, max_ratio=max_ratio)
            base = safe_file_name(
                _unwrapped_name(self.attachment_name or "", entry),
                bare_cid(self.content_id) or "attachment",
            )
            target = unique_path(folder, base, overwrite)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return target, entry

    def _unzip_into(self, out: BinaryIO, *, max_size: int, max_ratio: int) -> str:
        """Copy the one file of a ZIP into ``out`` (the defences of ``open_wrapped``); return
        the entry's name."""
        with open_wrapped(self._require_payload(), max_size=max_size, max_ratio=max_ratio) as src:
            while block := src.read(256 * 1024):
                out.write(block)
            log.info("unwrapped %r from the ZIP of attachment %r", src.name, self.attachment_name)
            return str(src.name)


_EXTENSION_OF = {
    "application/pdf": ".pdf",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/tiff": ".tif",
    "application/rtf": ".rtf",
    "application/zip": ".zip",
    "application/vnd.rar": ".rar",
    "application/x-7z-compressed": ".7z",
}


def head_of_document(att: Attachment) -> bytes:
    """The first bytes of ``att``'s document (unwrapped from the SDK ZIP forms), what
    ``document_type`` judges; ``b""`` when they cannot be read."""
    if att.carrier == "raw":
        return att._transferred_head()
    try:
        return document_head(att._require_payload())
    except EdocError:
        return b""


def _with_real_extension(name: str, head: bytes) -> str:
    """``name``, or ``name`` + the extension its bytes show when the two contradict."""
    sniffed = sniff_type(head)
    real = _EXTENSION_OF.get(sniffed or "")
    if real is None or types_agree(type_from_name(name), head, name):
        return name
    if sniffed == "application/zip" and type_from_name(name) in OLE_TYPES:
        return name  # an .xlsx saved as .xls: the program opens it anyway
    return name + real


def _unwrapped_name(attachment_name: str, entry: str) -> str:
    """The name for an unwrapped file: the attachment's name with the entry's extension."""
    entry_ext = os.path.splitext(entry.replace("\\", "/").split("/")[-1])[1]
    stem, ext = os.path.splitext(attachment_name)
    if not entry_ext or ext.lower() == entry_ext.lower():
        return attachment_name
    if ext.lower() == ".zip":
        return stem + entry_ext
    return attachment_name + entry_ext


def _new_uuid() -> UUID:
    """A random UUID (``uuid`` is imported when a package is built, not when one is read)."""
    import uuid

    return uuid.uuid4()


def _part_file(folder: Path) -> tuple[int, str]:
    """A new hidden ``.part`` file in ``folder`` for writing, with the mode the user's umask
    gives ordinary files (``mkstemp`` would make it private, 0600)."""
    for _ in range(100):
        path = folder / f".edocstd-{_new_uuid().hex[:16]}.part"
        try:
            return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), str(path)
        except FileExistsError:
            continue
    raise EdocError(f"cannot create a temporary file in {folder}")


def unique_path(folder: Path, base: str, overwrite: bool = False) -> Path:
    """``folder/base``, or ``folder/stem (n).ext`` when that exists (unless ``overwrite``)."""
    target = folder / base
    if target.is_dir():
        raise EdocError(
            f"cannot write {base} in {folder}: a folder of that name is there "
            "(overwrite replaces files only)"
        )
    if overwrite or not target.exists():
        return target
    stem, ext = os.path.splitext(base)
    for i in range(1, 10_000):
        candidate = folder / f"{stem} ({i}){ext}"
        if not candidate.exists():
            return candidate
    raise EdocError(f"too many files named {base} in {folder}")


def _zip_payload(payload: Payload, name: str) -> Payload:
    """Wrap content like the SDK: one entry named ``<uuid>.<original extension>``."""
    ext = os.path.splitext(name)[1].lower()
    fd, tmp = tempfile.mkstemp(prefix="edocstd-", suffix=".zip")
    os.close(fd)
    try:
        with (
            zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive,
            archive.open(f"{_new_uuid()}{ext}", "w", force_zip64=True) as entry,
        ):
            for chunk in payload.iter_decoded():
                entry.write(chunk)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return TempFilePayload(tmp)


__all__ = [
    "Attachment",
    "Manifest",
    "Reference",
    "bare_cid",
    "detect_type",
    "head_of_document",
    "safe_file_name",
    "single_zip_entry",
    "sniff_type",
    "type_from_name",
    "types_agree",
    "unique_path",
]
